import Foundation
import HomeCredit
import Testing
@testable import Shell

/// The command grammar: words, arguments, keywords, conditions and options, read from the
/// declarations, and errors in the user's words with a caret on the word at fault.
@Suite struct CommandLanguageTests {
    func parse(_ text: String) throws -> Invocation {
        try #require(try CommandParser.parse(text))
    }

    func failure(_ text: String) -> SessionError? {
        do { _ = try CommandParser.parse(text); return nil } catch { return error }
    }

    @Test func wordsKeepQuotedSpacesAndTheirOffsets() throws {
        let words = try CommandWord.split(#"save model 'pd model.json' "a\"b" x='1 2'"#)
        #expect(words.map(\.text) == ["save", "model", "pd model.json", #"a"b"#, "x=1 2"])
        #expect(words[2].start == 11 && words[2].end == 26)
        #expect(words[4].option?.name == "x" && words[4].option?.value == "1 2")
        // A quoted `=` is part of a value, not an option.
        #expect(try CommandWord.split("'a=b.json'")[0].option == nil)
        #expect(failure("save model 'unclosed")?.column == 12)
    }

    @Test func argumentsKeywordsConditionsAndOptions() throws {
        let tab = try parse("tab application_train NAME_CONTRACT_TYPE by CODE_GENDER if AMT_CREDIT > 1")
        #expect(tab.command.name == "tab")
        #expect(tab.value("table") == "application_train" && tab.value("column") == "NAME_CONTRACT_TYPE" && tab.value("by") == "CODE_GENDER")
        #expect(tab.condition?.text == "AMT_CREDIT > 1" && tab.condition?.offset == 59)
        let fit = try parse("fit gbdt features EXT_SOURCE_*,AMT_CREDIT DAYS_BIRTH on application_train trees=30 pos_weight=balanced")
        #expect(fit.command.name == "fit gbdt")
        #expect(fit.values("features") == ["EXT_SOURCE_*", "AMT_CREDIT", "DAYS_BIRTH"])
        #expect(fit.value("on") == "application_train" && fit.integer("trees") == 30 && fit.text("pos_weight") == "balanced")
        #expect(fit.integer("leaves") == 31)  // the declared default
        let save = try parse("save model '/tmp/my models/pd.json' lightgbm")
        #expect(save.value("file") == "/tmp/my models/pd.json" && save.value("format") == "lightgbm")
        let describe = try parse("describe from application_train | derive x = if AMT_CREDIT > 1 then 1 else 0 | select x")
        #expect(describe.value("table") == "from application_train | derive x = if AMT_CREDIT > 1 then 1 else 0 | select x")
        #expect(describe.condition == nil)
        #expect(try CommandParser.parse("from application_train | take 1") == nil)
        #expect(try parse("score client 100004").command.name == "score client")
        #expect(try parse("score application_test as d").value("as") == "d")
    }

    @Test func errorsNameTheWordAtFaultInTheUsersWords() {
        let typo = failure("fit gbdt tres=10")
        #expect(typo?.message == "unknown option `tres`; did you mean `trees`?")
        #expect(typo?.column == 10 && typo?.length == 4)
        let value = failure("fit gbdt trees=many")
        #expect(value?.message == "trees=many: trees takes a whole number from 1 to 1000000")
        #expect(value?.column == 16)
        #expect(failure("fit forest")?.message == "`fit` needs one of: gbdt, logistic, scorecard")
        #expect(failure("fit gbdtt")?.message == "`fit` needs one of: gbdt, logistic, scorecard; did you mean 'gbdt'?")
        #expect(failure("calibrate platy")?.message.contains("did you mean 'platt'?") == true)
        #expect(failure("client abc")?.message.hasPrefix("a client is named by its SK_ID_CURR") == true)
        #expect(failure("tab application_train")?.message.hasPrefix("`tab` needs a column (column)") == true)
        #expect(failure("cv folds=3 folds=4")?.message == "`folds` is given twice")
        #expect(failure("tables extra")?.message == "unexpected 'extra' after `tables`")
        // A megabyte of text is never echoed whole.
        let long = String(repeating: "x", count: 1_000_000)
        #expect((failure("fit gbdt \(long)=1")?.message.count ?? 0) < 200)
    }

    /// Every option of every command, given a value of the wrong kind, is refused in words
    /// the user wrote or can read: no Swift identifier (`numLeaves`, `iterations`) leaks.
    @Test func everyOptionErrorSpeaksTheUsersWords() {
        let identifier = try! Regex("[a-z]+[A-Z][a-zA-Z]*")
        for command in Command.all {
            // A text option takes any word: the command checks it once its other arguments are there.
            for option in command.options {
                if case .text = option.kind { continue }
                let statement = "\(command.name) \(option.name)=@@"
                guard let error = failure(statement) else {
                    Issue.record("\(statement) was accepted")
                    continue
                }
                #expect(error.message.firstMatch(of: identifier) == nil, "\(statement): \(error.message)")
                #expect(error.message.contains(option.name))
            }
        }
    }

    @Test func usageAndHelpComeFromTheDeclaration() throws {
        #expect(Command.tab.usage == "tab <table> <column> [by <column>] [if <condition>]")
        let help = Session.commandHelp(Command.fitGBDT)
        #expect(help.contains("trees=N") && help.contains("(100)") && help.contains("leaves=N") && help.contains("(31)"))
        #expect(help.contains("example: fit gbdt on application_train trees=30 leaves=15"))
        // Declared defaults are the models' own.
        #expect(Command.fitGBDT.option("trees")?.defaultValue == String(Models.GBDTParameters().iterations))
        #expect(Command.fitGBDT.option("leaves")?.defaultValue == String(Models.GBDTParameters().numLeaves))
        #expect(Command.fitGBDT.option("min_leaf")?.defaultValue == String(Models.GBDTParameters().minDataInLeaf))
        #expect(Command.fitLogistic.option("l2")?.defaultValue == "1" && Models.LogisticParameters().l2 == 1)
        // Names are unique, and each has an example that starts with its name.
        #expect(Set(Command.all.map(\.name)).count == Command.all.count)
        for command in Command.all { #expect(command.examples.allSatisfy { $0.hasPrefix(command.name) }, "\(command.name)") }
    }
}

import Models
