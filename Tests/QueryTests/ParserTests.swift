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
            help: the steps are from, filter, select, derive, group, aggregate, sort, take, distinct, join, onehot, prefix, append, plot
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
    /// Found by the fuzzer: ~500 nested parentheses overflowed the stack.
    @Test func deepNestingIsAnErrorNotACrash() {
        let limit = Parser.maximumDepth
        let nested = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(error("from application_train | derive x = \(nested)").hasPrefix("error: this expression nests more than \(limit) levels deep"))
        let chain = Array(repeating: "AMT_CREDIT", count: 100_000).joined(separator: " + ")
        #expect(error("from application_train | derive x = \(chain)").hasPrefix("error: this expression nests more than"))
        let negations = String(repeating: "not ", count: 100_000) + "TARGET == 1"
        #expect(error("from application_train | filter \(negations)").hasPrefix("error: this expression nests more than"))
        let minuses = String(repeating: "- ", count: 100_000) + "1"
        #expect(error("from application_train | derive x = \(minuses)").hasPrefix("error: this expression nests more than"))
        let cases = "case " + String(repeating: "when TARGET == 1 then 1 ", count: limit + 1) + "end"
        #expect(error("from application_train | derive x = \(cases)").hasPrefix("error: this expression nests more than"))
        // Just inside the limit still runs.
        let fine = String(repeating: "(", count: limit - 1) + "1" + String(repeating: ")", count: limit - 1)
        #expect(error("from application_train | derive x = \(fine)") == "no error")
        let sum = Array(repeating: "AMT_CREDIT", count: limit).joined(separator: " + ")
        #expect(error("from application_train | derive x = \(sum)") == "no error")
    }

    @Test func hugeNumbersInErrorsDoNotCrash() {
        #expect(error("from 111111111111111111111111 | take 1").hasPrefix("error: expected a table"))
    }
}
