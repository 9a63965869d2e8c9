import Testing
import Tables
@testable import Query

/// Syntax errors point at the exact span; golden renderings of the caret output.
@Suite struct ParserTests {
    func error(_ text: String, catalog: Catalog = Catalog([.init(name: "application_train", table: try! Table([("AMT_CREDIT", Column(ints: [1])), ("TARGET", Column(ints: [0]))]))])) -> String {
        var engine = QueryEngine(catalog: catalog)
        do {
            _ = try engine.run(text)
            return "no error"
        } catch {
            return error.rendered(statement: text)
        }
    }

    @Test func unknownColumnSuggestsAndUnderlines() {
        #expect(error("from application_train | filter AMT_CREDT > 1") == """
            error: unknown column 'AMT_CREDT'; did you mean 'AMT_CREDIT'?
              from application_train | filter AMT_CREDT > 1
                                              ^^^^^^^^^
            """)
    }

    @Test func unknownTableSuggests() {
        #expect(error("from aplication_train") == """
            error: unknown table 'aplication_train'; did you mean 'application_train'?
              from aplication_train
                   ^^^^^^^^^^^^^^^^
            help: `tables` lists them
            """)
    }

    @Test func unknownStepSuggests() {
        #expect(error("from application_train | fliter TARGET == 1") == """
            error: unknown step 'fliter'; did you mean 'filter'?
              from application_train | fliter TARGET == 1
                                       ^^^^^^
            help: the steps are from, filter, select, derive, group, aggregate, sort, take, distinct, join, plot
            """)
    }

    @Test func typeErrorsNameBothTypes() {
        let catalog = Catalog([.init(name: "t", table: try! Table([("kind", Column(strings: ["a"])), ("x", Column(ints: [1]))]))])
        #expect(error("from t | derive y = kind + x", catalog: catalog).hasPrefix("error: cannot apply `+` to text and integer"))
        #expect(error("from t | filter x", catalog: catalog).hasPrefix("error: `filter` needs a condition, found integer"))
    }

    @Test func unclosedThingsPointAtTheEnd() {
        #expect(error("from application_train | filter (TARGET == 1").contains("expected ')' to close the parenthesis"))
        #expect(error("from application_train | filter TARGET == 'x").hasPrefix("error: this string is never closed"))
        #expect(error("from application_train | take").hasPrefix("error: expected a whole number of rows"))
    }

    @Test func aggregatesOutsideGroupsAreExplained() {
        #expect(error("from application_train | derive m = mean(TARGET)").hasPrefix("error: mean() summarises rows"))
        #expect(error("from application_train | group TARGET (x = AMT_CREDIT)").hasPrefix("error: 'AMT_CREDIT' is neither a group key nor inside an aggregate"))
    }

    @Test func multiLineStatementCaretOnTheRightLine() {
        let rendered = error("from application_train\nfilter TARGET == 1\nderive r = AMT_CREDT / 2")
        #expect(rendered == """
            error: unknown column 'AMT_CREDT'; did you mean 'AMT_CREDIT'?
              derive r = AMT_CREDT / 2
                         ^^^^^^^^^
            """)
    }

    @Test func lexerKeepsPatternsAndMultiplication() throws {
        let kinds = try Lexer.tokens("AMT_* a*b x * 2").map(\.kind)
        #expect(kinds == [.identifier("AMT_*"), .identifier("a"), .symbol("*"), .identifier("b"),
                          .identifier("x"), .symbol("*"), .number(2, isInteger: true), .end])
    }

    @Test func keywordsAreCaseInsensitive() {
        #expect(error("FROM application_train | FILTER TARGET == 0 | TAKE 1") == "no error")
    }

    /// Found by the query fuzzer: a huge integer literal in an error message trapped.
    @Test func hugeNumbersInErrorsDoNotCrash() {
        #expect(error("from 111111111111111111111111 | take 1").hasPrefix("error: expected a table"))
    }
}
