import Foundation
import Testing
import Query
import Tables
@testable import Shell

@Suite struct ScriptRunnerTests {
    static func session() -> Session {
        let apps = try! Table([("SK_ID_CURR", Column(ints: [1, 2, 3])), ("AMT_CREDIT", Column(doubles: [100, 200, nil]))])
        return Session(catalog: Catalog([.init(name: "application_train", table: apps, seconds: 0, source: .csv)]), dictionary: nil)
    }

    /// Runs a script, returning what it printed and the failure, if any.
    func run(_ script: String, parameters: [String: String] = [:], keepGoing: Bool = false)
        -> (printed: [String], failure: ScriptRunner.Failure?, reported: [ScriptRunner.Failure], driver: Driver) {
        var printed: [String] = []
        var reported: [ScriptRunner.Failure] = []
        let driver = Driver(session: Self.session()) { printed.append($0) }
        var runner = ScriptRunner(driver: driver)
        runner.parameters = parameters
        runner.keepGoing = keepGoing
        do {
            try runner.run(source: script, file: "t.cx") { reported.append($0) }
            return (printed, nil, reported, driver)
        } catch {
            return (printed, error, reported, driver)
        }
    }

    @Test func statementsSpanLinesAfterPipesBracketsOrALeadingPipe() {
        let script = """
            from application_train |
              filter AMT_CREDIT > 150
            from application_train
              | derive x = (AMT_CREDIT
                  + 1)
              | select x
            """
        let r = run(script)
        #expect(r.failure == nil)
        #expect(r.printed.count == 2)
        #expect(r.printed[0].contains("200") && !r.printed[0].contains("100"))
        #expect(r.printed[1].contains("201"))
        #expect(r.driver.transcript.entries.map(\.statement.count) == [script.split(separator: "\n")[0...1].joined(separator: "\n").count, script.split(separator: "\n")[2...5].joined(separator: "\n").count])
    }

    @Test func anErrorOnAContinuationLineIsLocatedThere() {
        let r = run("tables\n# a comment\nfrom application_train\n  | filter AMT_CREDT > 1\n")
        #expect(r.failure?.line == 4)
        #expect(r.failure?.column == 12)
        #expect(r.failure?.description.hasPrefix("t.cx:4:12: error: unknown column 'AMT_CREDT'; did you mean 'AMT_CREDIT'?\n    | filter AMT_CREDT > 1\n             ^^^^^^^^^") == true)
    }

    @Test func parametersComeFromTheCommandLineOrDefaults() throws {
        let script = "param least = 150\nfrom application_train | filter AMT_CREDIT >= ${least} | select SK_ID_CURR\n"
        #expect(run(script).printed.first?.contains("(1 row)") == true)
        #expect(run(script, parameters: ["least": "50"]).printed.first?.contains("(2 rows)") == true)
        let missing = run("from application_train | filter AMT_CREDIT > $lest\n", parameters: ["least": "1"])
        #expect(missing.failure?.column == 46)
        #expect(missing.failure?.error.message == "no parameter 'lest'; did you mean 'least'?")
        #expect(throws: SessionError.self) { try ScriptRunner.parameters(["1x=2"]) }
        #expect(try ScriptRunner.parameters(["a=1", "b=x=y"]) == ["a": "1", "b": "x=y"])
    }

    @Test func aNewerLanguageVersionIsRefused() {
        #expect(run("version 1\ntables\n").failure == nil)
        let newer = run("# made by a later tool\nversion 99\ntables\n")
        #expect(newer.failure?.line == 2)
        #expect(newer.failure?.error.message.contains("needs language version 99") == true)
        #expect(newer.printed.isEmpty)
    }

    @Test func keepGoingReportsEveryErrorAndRunsTheRest() {
        let r = run("tabels\ntables\ncolums x\ntables\n", keepGoing: true)
        #expect(r.failure == nil)
        #expect(r.reported.map(\.line) == [1, 3])
        #expect(r.printed.count == 2)
        let stopped = run("tabels\ntables\n")
        #expect(stopped.failure?.line == 1 && stopped.printed.isEmpty)
    }

    @Test func commentsBecomeNotesOfTheNextStatement() {
        let r = run("# Loans by size\n# (large first)\nfrom application_train | sort -AMT_CREDIT\n\n# orphan\n\ntables\n")
        #expect(r.driver.transcript.entries.map(\.note) == ["Loans by size\n(large first)", nil])
    }

    @Test func cancellationStopsTheScriptEvenWhenKeepingGoing() {
        let r = Cancellation.withRequest { run("from application_train | take 1\ntables\n", keepGoing: true) }
        #expect(r.failure?.error.message == "cancelled")
        #expect(r.printed.isEmpty)
    }

    /// Parameters are values: a text cannot rewrite the statement; `$$` is a dollar sign.
    @Test func parametersAreSubstitutedAsLiteralValues() throws {
        let statement = ScriptStatement.split("from t | filter k == '$status' and n > $n | derive d = '$$5' | derive w = $word")[0]
        let text = try statement.substituting(["status": "Closed' or k == 'Active", "n": "12", "word": "two words"])
        #expect(text == #"from t | filter k == 'Closed\' or k == \'Active' and n > 12 | derive d = '$5' | derive w = 'two words'"#)
        #expect(try statement.substituting(["status": "Closed", "n": "-1.5e3", "word": "plain_name"]).hasSuffix("n > -1.5e3 | derive d = '$5' | derive w = plain_name"))
    }

    /// CRLF and CR-only scripts read line by line (they once ran as one line), and errors are
    /// located on the line an editor shows.
    @Test func crlfAndCROnlyScriptsCountTheirLines() {
        #expect(ScriptSplitter.lines("a\r\nb\r\nc") == ["a", "b", "c"])
        #expect(ScriptSplitter.lines("a\rb\rc\r") == ["a", "b", "c", ""])
        #expect(ScriptSplitter.lines("a\n\nb") == ["a", "", "b"])
        let statements = ScriptStatement.split("tables\rfrom t | derive a = 'x\ry' | take 1\rfrom y\r")
        #expect(statements.map(\.firstLine) == [1, 2, 4])
    }
}
