import Foundation
import HomeCredit
import Testing
import Tables
@testable import Shell

@Suite struct DriverTests {
    let folder: String = {
        let path = NSTemporaryDirectory() + "cx-driver-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func driver(_ printed: @escaping (String) -> Void = { _ in }) -> Driver {
        Driver(session: ScriptRunnerTests.session(), screen: printed, warn: { _ in })
    }

    func read(_ name: String) -> String? { try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) }

    @Test func onceAndOutputSendResultsToFiles() throws {
        var printed: [String] = []
        let d = driver { printed.append($0) }
        try d.run(".mode csv")
        try d.run(".once \(folder)/one.csv")
        try d.run("from application_train | select SK_ID_CURR, AMT_CREDIT")
        #expect(read("one.csv") == "SK_ID_CURR,AMT_CREDIT\n1,100.0\n2,200.0\n3,\n")
        try d.run("from application_train | take 1 | select SK_ID_CURR")
        #expect(printed == ["SK_ID_CURR\n1"], "after .once, results go back to the screen")
        try d.run(".output \(folder)/all.txt")
        try d.run("from application_train | take 1 | select SK_ID_CURR")
        try d.run("from application_train | take 2 | select SK_ID_CURR")
        try d.run(".output")
        try d.run("tables")
        #expect(read("all.txt") == "SK_ID_CURR\n1\nSK_ID_CURR\n1\n2\n")
        #expect(printed.count == 2)
        #expect(!FileManager.default.fileExists(atPath: folder + "/all.txt.tmp-\(getpid())"))
    }

    /// `.charset ascii` (set by itself on a terminal that is not UTF-8): what reaches the
    /// screen is ASCII, prose and tables alike; a file gets the text as it is.
    @Test func asciiCharsetWritesTheScreenInASCII() throws {
        var printed: [String] = []
        let d = driver { printed.append($0) }
        try d.run("help")
        #expect(printed.joined().utf8.contains { $0 >= 0x80 }, "help uses typography in Unicode")
        printed = []
        try d.run(".charset ascii")
        try d.run("help")
        try d.run("from application_train | select SK_ID_CURR, AMT_CREDIT")
        #expect(!printed.isEmpty && printed.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
        try d.run(".once \(folder)/help.txt")
        try d.run("help")
        #expect(read("help.txt")?.utf8.contains { $0 >= 0x80 } == true)
    }

    @Test func markdownModeEscapesPipes() throws {
        var printed: [String] = []
        let d = driver { printed.append($0) }
        try d.run(".mode markdown")
        try d.run("from application_train | take 1 | derive label = 'a|b' | select SK_ID_CURR, label")
        #expect(printed == ["| SK_ID_CURR | label |\n| ---: | --- |\n| 1 | a\\|b |"])
    }

    @Test func historyAndSaveScriptKeepWhatWorked() throws {
        let d = driver()
        try d.run("tables")
        #expect(throws: SessionError.self) { try d.run("tabels") }
        try d.run("from application_train\n  | take 1")
        try d.run("history")
        try d.run("save script \(folder)/all.cx")
        let saved = try #require(read("all.cx"))
        #expect(saved.hasSuffix("version 1\n\ntables\nfrom application_train\n  | take 1\n"))
        try d.run("save script \(folder)/two.cx 2-3")
        #expect(read("two.cx")?.hasSuffix("version 1\n\nfrom application_train\n  | take 1\n") == true)
        #expect(throws: SessionError.self) { try d.run("save script \(folder)/bad.cx 4-9") }
        #expect(Driver.isMeta("save script x.cx") && !Driver.isMeta("save model pd.json") && Driver.isMeta("history"))
        #expect(Driver.parseRange("3-", last: 5) == 3...5)
        #expect(Driver.parseRange("-2", last: 5) == 1...2)
        #expect(Driver.parseRange("4", last: 5) == 4...4)
        #expect(Driver.parseRange("5-3", last: 5) == nil)
        // The saved script replays.
        let replay = driver()
        try ScriptRunner(driver: replay).run(source: saved, file: "all.cx") { _ in }
        #expect(replay.transcript.entries.count == 2)
    }

    @Test func logRecordsStatementsAndOutputAsTheyHappen() throws {
        let d = driver()
        try d.run("log \(folder)/s.log")
        try d.run("from application_train | take 1 | select SK_ID_CURR")
        #expect(throws: SessionError.self) { try d.run("tabels") }
        let log = try #require(read("s.log"))
        #expect(log.contains("credit> from application_train | take 1 | select SK_ID_CURR\nSK_ID_CURR\nint"))
        #expect(log.contains("credit> tabels\nerror: unknown command or table 'tabels'"))
        try d.run("log off")
        try d.run("tables")
        #expect(read("s.log") == log)
    }

    @Test func sourceRunsAScriptAndLocatesItsErrors() throws {
        try "tables\nfrom application_train | filter AMT_CREDT > 1\n".write(toFile: folder + "/bad.cx", atomically: true, encoding: .utf8)
        var printed: [String] = []
        let d = driver { printed.append($0) }
        do {
            try d.run("source \(folder)/bad.cx")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("\(folder)/bad.cx:2:33: error: unknown column 'AMT_CREDT'"))
        }
        #expect(printed.count == 1)
        #expect(d.transcript.numbered.map(\.statement) == ["source \(folder)/bad.cx"])
    }

    /// A script that sources itself (or a ↔ b) once overflowed the stack and killed the shell.
    @Test func sourceCyclesAreRefusedAndTheSessionGoesOn() throws {
        try "source \(folder)/self.cx\n".write(toFile: folder + "/self.cx", atomically: true, encoding: .utf8)
        try "tables\nsource \(folder)/./b.cx\n".write(toFile: folder + "/a.cx", atomically: true, encoding: .utf8)
        try "source \(folder)/../\(URL(fileURLWithPath: folder).lastPathComponent)/a.cx\n".write(toFile: folder + "/b.cx", atomically: true, encoding: .utf8)
        let d = driver()
        #expect(throws: SessionError.self) { try d.run("source \(folder)/self.cx") }
        do { try d.run("source \(folder)/self.cx") } catch { #expect(error.message.contains("script cycle: self.cx → self.cx")) }
        // The scripts name each other by other spellings: the cycle is found on resolved paths.
        do { try d.run("source \(folder)/a.cx"); Issue.record("expected a cycle") } catch { #expect(error.message.contains("script cycle: a.cx → b.cx → a.cx")) }
        #expect(!(try d.session.run("tables")).isEmpty)
    }

    /// `log FILE` on an existing file once erased it: a log appends, and says so.
    @Test func logAppendsNeverTruncates() throws {
        let path = folder + "/kept.log"
        try "earlier session\n".write(toFile: path, atomically: true, encoding: .utf8)
        let d = driver()
        var said: [String] = []
        let talking = Driver(session: d.session, screen: { said.append($0) }, warn: { _ in })
        try talking.run("log \(path)")
        #expect(said.last?.contains("appending") == true)
        try talking.run("tables")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("earlier session\n") && text.contains("tables"))
    }

    /// `notebook` over a 0600 file once made it 0644, and over a symlink replaced the link.
    @Test func rewrittenFilesKeepTheirModeAndLinks() throws {
        let d = driver()
        try d.run("tables")
        let target = folder + "/private.md", link = folder + "/link.md"
        try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try d.run("notebook '\(link)'")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("tables"))
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o600)
        // A missing folder is named, not a temporary file.
        do { try d.run("notebook '\(folder)/no/such/nb.md'"); Issue.record("wrote into a missing folder") } catch {
            #expect(error.message.contains("does not exist") && !error.message.contains(".tmp-"))
        }
        // A temporary file left by a writer that died is swept on the next write.
        let stale = target + ".tmp-999999"
        try "half".write(toFile: stale, atomically: true, encoding: .utf8)
        try d.run("notebook '\(target)'")
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    /// `_` and `_N` always mean the last results: `let _ = …` is refused.
    @Test func underscoreNamesAreReserved() throws {
        let d = driver()
        #expect(throws: SessionError.self) { try d.run("let _ = from application_train | take 1") }
        #expect(throws: SessionError.self) { try d.run("let _2 = from application_train | take 1") }
        try d.run("let _x = from application_train | take 1")
    }

    @Test func notebooksAreReproducibleApartFromTheDate() throws {
        let catalog = try HomeCreditData.open(folder: BundledData.defaultDataDirectory, cache: nil)
        let script = """
            # Default rate by contract type.
            from application_train | group NAME_CONTRACT_TYPE (n = count(), rate = mean(TARGET))
            from application_train | plot hist EXT_SOURCE_2 by TARGET bins 10
            tabels
            """
        func notebook(_ date: Date) -> String {
            let d = Driver(session: Session(catalog: catalog, dataDirectory: "datasets/default"), screen: { _ in }, warn: { _ in })
            var runner = ScriptRunner(driver: d)
            runner.keepGoing = true
            _ = try? runner.run(source: script, file: "t.cx") { _ in }
            return d.notebook(date: date)
        }
        let first = notebook(Date(timeIntervalSince1970: 0))
        #expect(first == notebook(Date(timeIntervalSince1970: 0)))
        let later = notebook(Date(timeIntervalSince1970: 86_400 * 400))
        let differing = zip(first.split(separator: "\n"), later.split(separator: "\n")).filter { $0 != $1 }
        #expect(differing.count == 1 && differing[0].0.hasPrefix("- date: "))
        #expect(first.contains("| application_train | 1549 | 122 | `"))
        #expect(first.contains("Default rate by contract type.\n\n```cx\nfrom application_train | group"))
        #expect(first.contains("```text\nerror: unknown command or table 'tabels'"))
        // A changed table changes its fingerprint.
        let table = try #require(catalog["bureau"])
        let changed = table.gather(Array(1..<table.rowCount))
        #expect(changed.fingerprint != table.fingerprint)
        #expect(table.gather(Array(0..<table.rowCount)).fingerprint == table.fingerprint)
    }

    @Test func colourFollowsTheChoiceTheTerminalAndNoColor() throws {
        let session = ScriptRunnerTests.session()
        let tty = Driver(session: session, screenIsTerminal: true, environment: [:])
        #expect(tty.colorAllowed(isTerminal: true))
        #expect(!tty.colorAllowed(isTerminal: false))
        #expect(!Driver(session: session, screenIsTerminal: true, environment: ["NO_COLOR": "1"]).colorAllowed(isTerminal: true))
        _ = try session.run(".color on")
        #expect(tty.colorAllowed(isTerminal: false))
        _ = try session.run(".color off")
        #expect(!tty.colorAllowed(isTerminal: true))
        #expect(throws: SessionError.self) { try session.run(".color maybe") }
        #expect(Transcript.plain("\u{1B}[1;31mred\u{1B}[0m text") == "red text")
    }

    @Test func settingsAreCheckedAndSuggested() throws {
        let session = ScriptRunnerTests.session()
        do { _ = try session.run(".tiemr on") } catch {
            #expect(error.message == "unknown setting '.tiemr'; did you mean '.timer'?")
        }
        do { _ = try session.run(".mode excel") } catch {
            #expect(error.message == "usage: .mode table|csv|markdown")
        }
        #expect(try session.run(".help").contains(".once FILE"))
        session.adapt(to: .init(columns: 132, lines: 50))
        #expect(session.renderer.width == 132 && session.plotHeight == 30)
        _ = try session.run(".width 90")
        session.adapt(to: .init(columns: 60, lines: 20))
        #expect(session.renderer.width == 90 && session.plotHeight == 16)
    }
}
