import Testing
import Tables
@testable import Shell

@Suite struct CompletionTests {
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
}
