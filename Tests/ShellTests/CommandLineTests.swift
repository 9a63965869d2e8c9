import Foundation
import HomeCredit
import Testing

/// Runs the built `credit-explorer` binary as a user would.
@Suite struct CommandLineTests {
    static let binary: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".build/debug/credit-explorer").path
    }()

    static let samples: String? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let path = url.appendingPathComponent("shared/homecredit/samples/head19").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary) && samples != nil))
    func statementsRunInOrderThenExit() throws {
        let cache = NSTemporaryDirectory() + "cx-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let r = try run(["--data", Self.samples!, "--cache", cache, "-c", "tables", "-c", "columns bureau_balance"])
        #expect(r.status == 0)
        #expect(r.out.contains("bureau_balance"))
        #expect(r.out.contains("STATUS"))
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(cached.count >= 8, "the first load writes the cache")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary) && samples != nil))
    func badStatementExitsNonZero() throws {
        let r = try run(["--data", Self.samples!, "--no-cache", "-c", "tables", "-c", "nonsense"])
        #expect(r.status == 1)
        #expect(r.err.contains("unknown command or table 'nonsense'"))
    }

    /// Progress is for terminals: a pipe never receives it, and data output stays data.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary)))
    func progressNeverReachesAPipeAndDataFilesHoldOnlyTheTable() throws {
        let folder = NSTemporaryDirectory() + "cx-data-out-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try run(["--no-cache", "-c", "fit gbdt trees=40 leaves=7", "-c", ".mode csv", "-c", ".timer on", "-c", ".once '\(folder)/scores out.csv'",
                         "-c", "score application_test as s"])
        #expect(r.status == 0)
        #expect(!r.err.contains("trees ") && !r.err.contains("\u{1B}"))
        let csv = try String(contentsOfFile: folder + "/scores out.csv", encoding: .utf8)
        #expect(csv.hasPrefix("SK_ID_CURR,pd,decision\n") || csv.hasPrefix("SK_ID_CURR,pd\n"))
        #expect(!csv.contains("time:") && !csv.contains("clients scored"))
        #expect(r.err.contains("time:") && r.err.contains("clients scored"))
        // Full precision in data: more than four decimals.
        let first = csv.split(separator: "\n")[1].split(separator: ",")[1]
        #expect(first.count > 8)
    }

    /// Statements piped on standard input: every error located as <stdin>:LINE:COL, exit 1.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary)))
    func pipedStatementsReportLinesAndExitOne() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--no-cache"]
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        input.fileHandleForWriting.write(Data("tables;\nfrom application_train\n| filter AMT_CREDT > 1\n| take 1\ntables\n".utf8))
        try input.fileHandleForWriting.close()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(e.hasPrefix("<stdin>:3:10: error: unknown column 'AMT_CREDT'"))
        #expect(o.components(separatedBy: "bureau_balance").count == 3, "both `tables` ran")
    }

    /// Exit codes: 2 for usage (a bad option, an empty --cache), never a Foundation dump.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary)))
    func usageErrorsExitTwo() throws {
        let empty = try run(["--cache", "", "-c", "tables"])
        #expect(empty.status == 2)
        #expect(empty.err.contains("--cache needs a folder"))
        #expect(try run(["--bogus"]).status == 2)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary)))
    func missingFolderIsAClearError() throws {
        let r = try run(["--data", "/no/such/folder", "-c", "tables"])
        #expect(r.status == 1)
        #expect(!r.err.contains("Usage:"))
        #expect(r.err.contains("/no/such/folder: no such folder"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary)))
    func versionAndHelp() throws {
        #expect(try run(["--version"]).out.contains("0.1.0"))
        let help = try run(["--help"]).out
        #expect(help.contains("generate"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary)))
    func runScriptsWithParametersEchoExitCodesAndNotebooks() throws {
        let folder = NSTemporaryDirectory() + "cx-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = folder + "/s.cx"
        try "# Big loans\nparam least = 1000000\nfrom application_train\n  | filter AMT_CREDIT >= $least\n  | aggregate n = count()\n".write(toFile: script, atomically: true, encoding: .utf8)
        let data = BundledData.defaultDataDirectory
        let ok = try run(["run", script, "least=2000000", "--data", data, "--no-cache", "--echo", "--notebook", folder + "/a.md"])
        #expect(ok.status == 0)
        #expect(ok.out.hasPrefix("credit[default]> from application_train\n            ...>   | filter AMT_CREDIT >= 2000000"))
        _ = try run(["run", script, "least=2000000", "--data", data, "--no-cache", "--notebook", folder + "/b.md"])
        let a = try String(contentsOfFile: folder + "/a.md", encoding: .utf8), b = try String(contentsOfFile: folder + "/b.md", encoding: .utf8)
        let differing = zip(a.split(separator: "\n"), b.split(separator: "\n")).filter { $0 != $1 }
        #expect(differing.allSatisfy { $0.0.hasPrefix("- date: ") }, "notebooks differ only in their date")
        #expect(a.contains("Big loans\n\n```cx\nfrom application_train"))

        try "tables\nfrom application_train\n  | filter AMT_CREDT > 1\ntables\n".write(toFile: script, atomically: true, encoding: .utf8)
        let failed = try run(["run", script, "--data", data, "--no-cache"])
        #expect(failed.status == 1)
        #expect(failed.err.hasPrefix("\(script):3:12: error: unknown column 'AMT_CREDT'"))
        #expect(failed.out.components(separatedBy: "credit_card_balance").count == 2, "stops at the first error")
        let going = try run(["run", script, "--data", data, "--no-cache", "--keep-going"])
        #expect(going.status == 1)
        #expect(going.out.components(separatedBy: "credit_card_balance").count == 3, "--keep-going runs the rest")
        let missing = try run(["run", folder + "/none.cx", "--data", data, "--no-cache"])
        #expect(missing.err.contains("no script '\(folder)/none.cx'") && missing.status == 1)
    }
}
