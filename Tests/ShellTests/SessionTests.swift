import Foundation
import Testing
import Tables
@testable import Shell

@Suite struct SessionTests {
    let session: Session = {
        let apps = try! Table([("SK_ID_CURR", Column(ints: [100002, 100003])), ("AMT_CREDIT", Column(doubles: [1, nil]))])
        return Session(catalog: Catalog([.init(name: "application_train", table: apps, seconds: 0.25, source: .csv)]), dictionary: nil)
    }()

    @Test func tablesListsRowsColumnsAndKeysButNotTimes() throws {
        let out = try session.run("tables")
        #expect(out.contains("application_train"))
        #expect(out.contains("SK_ID_CURR"))
        // Load times differ between runs: they are in the banner, so scripts' output is stable.
        #expect(!out.contains("0.25"))
        #expect(session.loadSummary() == "1 tables, 2 rows, loaded in 0.25 s from csv")
    }

    @Test func columnsShowsTypesMissingAndRoles() throws {
        let out = try session.run("columns application_train")
        #expect(out.contains("AMT_CREDIT"))
        #expect(out.contains("  50  actionable"))
    }

    @Test func unknownNamesSuggestTheNearest() {
        #expect(throws: SessionError.self) { try session.run("tabels") }
        do { _ = try session.run("tabels") } catch {
            #expect(error.message == "unknown command or table 'tabels'; did you mean 'tables'?")
        }
        do { _ = try session.run("columns aplication_train") } catch {
            #expect(error.message == "unknown table 'aplication_train'; did you mean 'application_train'?")
        }
    }

    @Test func scriptStopsAtFirstErrorWithLocation() {
        var printed: [String] = []
        let script = "# comment\ntables\n\n  colums x\ntables\n"
        do {
            try ScriptRunner(driver: Driver(session: session) { printed.append($0) }).run(source: script, file: "demo.cx") { _ in }
            Issue.record("expected a failure")
        } catch {
            #expect(error.line == 4 && error.column == 3)
            #expect(error.description.hasPrefix("demo.cx:4:3: error: unknown command or table 'colums'; did you mean 'columns'?"))
            #expect(error.description.contains("\n    colums x\n    ^^^^^^"))
        }
        #expect(printed.count == 1)
    }

    @Test func pipelinesRunAndShowTables() throws {
        let out = try session.run("from application_train | filter AMT_CREDIT is not missing | select SK_ID_CURR")
        #expect(out.contains("100002"))
        #expect(!out.contains("100003"))
        #expect(out.hasSuffix("(1 row)"))
        #expect(try session.run("let one = from application_train | take 1") == "one: 1 rows × 2 columns")
        #expect(try session.run("one | select SK_ID_CURR").contains("100002"))
    }

    @Test func queryErrorsCarryColumnAndHelp() {
        do { _ = try session.run("from application_train | filter AMT_CREDT > 1") } catch {
            #expect(error.column == 33 && error.length == 9)
            #expect(error.rendered(statement: "from application_train | filter AMT_CREDT > 1").hasSuffix("\n" + String(repeating: " ", count: 34) + "^^^^^^^^^"))
        }
    }

    @Test func helpAndDocsCoverEveryCommand() throws {
        let help = try session.run("help")
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let doc = try String(contentsOf: url.appendingPathComponent("docs/language.md"), encoding: .utf8)
        for command in Command.all {
            #expect(help.contains(command.name + " ") || help.contains(command.name + "\n"), "help lacks \(command.name)")
        }
        // The docs' table of commands is the one the declarations give.
        #expect(doc.contains(Command.markdownTable), "docs/language.md's command table differs from the declarations: run `CX_UPDATE_DOCS=1 swift test --filter helpAndDocsCoverEveryCommand`")
        if ProcessInfo.processInfo.environment["CX_UPDATE_DOCS"] == "1" {
            let begin = "<!-- commands: generated from Sources/Shell/Commands -->\n", end = "<!-- end of commands -->"
            if let a = doc.range(of: begin), let b = doc.range(of: end) {
                let updated = doc.replacingCharacters(in: a.upperBound..<b.lowerBound, with: Command.markdownTable)
                try updated.write(to: url.appendingPathComponent("docs/language.md"), atomically: true, encoding: .utf8)
            }
        }
    }

    @Test func clientListsChildRowsThroughKeysOfEveryWidth() throws {
        let apps = try Table([("SK_ID_CURR", Column(ints: [100002, 100003])), ("AMT_CREDIT", Column(doubles: [1, nil]))])
        let bureau = try Table([
            ("SK_ID_CURR", Column.integers([100002, 100003, 100002])),
            ("SK_ID_BUREAU", Column(ints: [5_000_000_005, 7, 6])),
        ])
        let balance = try Table([
            ("SK_ID_BUREAU", Column(ints: [5_000_000_005, 7, 6, 5_000_000_005, nil])),
            ("MONTHS_BALANCE", Column.integers([0, -1, -2, -3, -4])),
        ])
        let previous = try Table([("SK_ID_CURR", Column(ints: [100003, nil, 100002])), ("SK_ID_PREV", Column(ints: [1, 2, 3]))])
        let s = Session(catalog: Catalog([
            .init(name: "application_train", table: apps), .init(name: "bureau", table: bureau),
            .init(name: "bureau_balance", table: balance), .init(name: "previous_application", table: previous),
        ]), dictionary: nil)
        let out = try s.run("client 100002")
        #expect(out.contains("bureau: 2 rows"))
        #expect(out.contains("bureau_balance: 3 rows"))
        #expect(out.contains("previous_application: 1 rows"))
        #expect(try s.run("client 100003").contains("bureau_balance: 1 rows"))
    }

    @Test func describeTabCorrAndClientRun() throws {
        #expect(try session.run("describe application_train").contains("AMT_CREDIT"))
        #expect(try session.run("tab application_train SK_ID_CURR").contains("percent"))
        #expect(try session.run("client 100002").contains("application_train: client 100002"))
        #expect(throws: SessionError.self) { try session.run("client 1") }
        #expect(throws: SessionError.self) { try session.run("tab application_train") }
    }

    @Test func plotsDrawTheResultAndCheckTheirArguments() throws {
        let text = try session.run("from application_train | plot hist AMT_CREDIT bins 5")
        #expect(text.contains("┤"))
        #expect(text.contains("1 missing values of AMT_CREDIT left out"))
        session.unicode = false
        #expect(try session.run("from application_train | plot box AMT_CREDIT").unicodeScalars.allSatisfy(\.isASCII))
        session.unicode = true
        #expect(throws: SessionError.self) { try session.run("from application_train | plot hist AMT_CREDT") }
        #expect(throws: SessionError.self) { try session.run("from application_train | plot histo AMT_CREDIT") }
        #expect(throws: SessionError.self) { try session.run("from application_train | plot scatter AMT_CREDIT") }
    }

    @Test func summariesTakeAnIfCondition() throws {
        let apps = try Table([("SK_ID_CURR", Column(ints: [1, 2, 3, 4])), ("AMT_CREDIT", Column(doubles: [10, 20, 30, nil])),
                              ("KIND", Column(strings: ["a", "b", "a", "b"])), ("TARGET", Column(ints: [0, 1, 1, 0]))])
        let s = Session(catalog: Catalog([.init(name: "application_train", table: apps, seconds: 0, source: .csv)]), dictionary: nil)
        let all = try s.run("tab application_train KIND")
        let some = try s.run("tab application_train KIND if AMT_CREDIT >= 30")
        #expect(all.contains("(2 rows)"))
        #expect(some.contains("(1 row)") && some.contains("100"))
        #expect(try s.run("describe application_train AMT_CREDIT if KIND == 'a'").contains("20"))
        // Quoted " if " is part of a string, not a condition.
        #expect(try CommandParser.parse("tab t X if Y == ' if '")?.condition?.text == "Y == ' if '")
        #expect(try CommandParser.parse("tab t X")?.condition == nil)
        do { _ = try s.run("tab application_train KIND if AMT_CREDT > 1") } catch {
            #expect(error.column == 31 && error.length == 9)
        }
        do { _ = try s.run("tab application_train KIND if AMT_CREDIT > 100") } catch {
            #expect(error.message == "no row satisfies the condition")
        }
        // The condition leaves no trace: no saved name, no new `_`.
        #expect(!s.engine.tableNames.contains("_if_") && !s.engine.tableNames.contains("_"))
    }

    @Test func plotIsAlsoACommandOnATable() throws {
        #expect(try session.run("plot hist application_train AMT_CREDIT bins 5").contains("┤"))
        do { _ = try session.run("plot hist application_train AMT_CREDT") } catch {
            #expect(error.column == 29 && error.length == 9)
        }
    }
}
