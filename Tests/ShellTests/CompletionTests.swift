import HomeCredit
import Query
import Testing
import Tables
@testable import Shell

@Suite struct CompletionTests {
    static let homeCredit = try! HomeCreditData.open(folder: BundledData.defaultDataDirectory, cache: nil)

    let session = Session(catalog: Catalog([
        .init(name: "application_train", table: try! Table([("AMT_CREDIT", Column(ints: [1])), ("AMT_ANNUITY", Column(ints: [1]))])),
        .init(name: "bureau", table: try! Table([("CREDIT_ACTIVE", Column(strings: ["a"]))])),
    ]), dictionary: nil)

    @Test func firstWordOffersCommandsVerbsAndTables() {
        #expect(session.completions(line: "ta", word: "ta") == ["tables", "tab", "take"])
        #expect(session.completions(line: "bu", word: "bu") == ["bureau"])
    }

    @Test func tablesAfterFromAndJoin() {
        #expect(session.completions(line: "from ap", word: "ap") == ["application_train"])
        #expect(session.completions(line: "from application_train | join b", word: "b") == ["bureau"])
    }

    @Test func columnsOfTheTablesInScopeAndFunctions() {
        #expect(session.completions(line: "from application_train | filter AMT_", word: "AMT_") == ["AMT_CREDIT", "AMT_ANNUITY"])
        #expect(session.completions(line: "from bureau | group CREDIT_ACTIVE (n = cou", word: "cou") == ["count("])
        #expect(session.completions(line: "from bureau | filter AMT_", word: "AMT_").isEmpty)
    }

    @Test func settingsAndHelpTopics() {
        #expect(session.completions(line: ".ti", word: ".ti") == [".timer"])
        #expect(session.completions(line: "help sha", word: "sha") == ["share"])
    }

    @Test func statementsContinueAfterPipesAndOpenBrackets() {
        #expect(Session.continues("from bureau |"))
        #expect(Session.continues("from bureau | group CREDIT_ACTIVE (n = count(),"))
        #expect(Session.continues("from bureau | filter CREDIT_ACTIVE == 'Act"))
        #expect(!Session.continues("from bureau | take 5"))
        #expect(!Session.continues("from bureau | filter CREDIT_ACTIVE == '(|'"))
    }

    /// Completion follows what is being written: a command's options and values, setting
    /// values, the columns a pipeline's earlier steps leave, levels inside quotes, steps after `|`.
    @Test func completionFollowsTheStatement() {
        let session = Session(catalog: CompletionTests.homeCredit)
        #expect(session.completions(line: "fit gbdt tr", word: "tr") == ["trees="])
        #expect(session.completions(line: "fit gbdt categorical=", word: "categorical=") == ["categorical=native", "categorical=onehot"])
        #expect(session.completions(line: "fit ", word: "") == ["gbdt", "logistic", "scorecard"])
        #expect(session.completions(line: ".mode ", word: "") == ["table", "csv", "markdown"])
        #expect(session.completions(line: "report ", word: "").prefix(3) == ["metrics", "calibration", "lift"])
        #expect(session.completions(line: "calibrate ", word: "") == ["platt", "isotonic"])
        #expect(session.completions(line: "tab application_train NAME_CONTRACT_TYPE b", word: "b") == ["by"])
        // After `|` only steps; columns follow derive, select and group.
        #expect(session.completions(line: "from application_train | ", word: "") == Parser.verbs)
        #expect(session.completions(line: "from application_train | derive ratio = AMT_CREDIT / AMT_INCOME_TOTAL | filter rat", word: "rat") == ["ratio"])
        #expect(session.completions(line: "from application_train | select AMT_CREDIT, TARGET | filter AMT_", word: "AMT_") == ["AMT_CREDIT"])
        #expect(session.completions(line: "from bureau | group CREDIT_ACTIVE (n = count()) | sort ", word: "") == ["CREDIT_ACTIVE", "n", "-CREDIT_ACTIVE", "-n"])
        // A continuation line sees the statement's earlier lines.
        #expect(session.completions(line: "  filter ratio > 1 | select rat", word: "rat", earlier: "from application_train |\n  derive ratio = AMT_CREDIT / AMT_INCOME_TOTAL |") == ["ratio"])
        // Category levels inside quotes, with the closing quote.
        #expect(session.completions(line: "from application_train | filter NAME_CONTRACT_TYPE == 'Ca", word: "Ca") == ["Cash loans'"])
        #expect(session.completions(line: "from application_train | filter NAME_CONTRACT_TYPE in ('Cash loans', 'Re", word: "Re") == ["Revolving loans'"])
    }
}
