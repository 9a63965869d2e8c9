import ArgumentParser
import Foundation
import HomeCredit
import Shell
import Tables

/// Loads a data folder, then runs `-c` statements, a script, or the shell.
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open a data folder and run statements, a script, or the shell (the default command)."
    )

    @Option(name: .long, help: ArgumentHelp("Folder of CSV files (the Home Credit files and any others).", valueName: "dir"))
    var data: String?

    @Option(name: .short, help: ArgumentHelp("A statement to run; repeat to run several in order, then exit.", valueName: "statement"))
    var command: [String] = []

    @Option(name: .long, help: ArgumentHelp("Folder for the binary table cache (default: $CREDIT_EXPLORER_CACHE, else ~/.cache/credit-explorer).", valueName: "dir"))
    var cache: String?

    @Flag(name: .long, help: "Read the CSV files without the binary cache.")
    var noCache = false

    @Flag(name: .long, help: "Skip malformed CSV rows (reported with their line numbers) instead of stopping.")
    var skipBadRows = false

    @Argument(help: ArgumentHelp("A script of statements to run, then exit.", valueName: "file"))
    var script: String?

    func run() throws {
        let folder = data ?? BundledData.defaultDataDirectory
        let catalog: Catalog
        do {
            catalog = try HomeCreditData.open(folder: folder, cache: noCache ? nil : TableCache(directory: cacheDirectory()), skipBadRows: skipBadRows)
        } catch {
            throw ValidationError(error.description)
        }
        for entry in catalog.entries {
            if let report = entry.report, report.badRowCount > 0 {
                let lines = report.firstBadRows.map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
                FileHandle.standardError.write(Data("warning: \(entry.name): skipped \(report.badRowCount) bad rows (\(lines))\n".utf8))
            }
        }
        let session = Session(catalog: catalog, dataDirectory: folder)

        if !command.isEmpty {
            for statement in command {
                do {
                    let out = try session.run(statement)
                    if !out.isEmpty { print(out) }
                } catch {
                    FileHandle.standardError.write(Data("\(error.rendered(statement: statement))\n".utf8))
                    throw ExitCode(1)
                }
            }
            return
        }
        if let script {
            guard let source = try? String(contentsOfFile: script, encoding: .utf8) else {
                throw ValidationError("cannot read script '\(script)'")
            }
            do {
                try ScriptRunner(session: session).run(source: source, file: script) { print($0) }
            } catch {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(1)
            }
            return
        }
        runShell(session, folder: folder)
    }

    /// Reads statements until end of input; prompts and edits lines on a terminal. A line
    /// ending in `|` or with a bracket open continues the statement on the next one.
    private func runShell(_ session: Session, folder: String) {
        let reader = LineReader(historyPath: historyFile()) { line, word in session.completions(line: line, word: word) }
        if reader.interactive {
            print("credit-explorer — data: \(folder)")
            print(session.tablesListing())
            print("Type 'help' for commands, Ctrl-D to quit.")
        }
        while let first = reader.next(prompt: "credit> ") {
            var statement = first
            while Session.continues(statement), let more = reader.next(prompt: "   ...> ") { statement += "\n" + more }
            reader.remember(statement.split(separator: "\n").joined(separator: " "))
            do {
                let out = try session.run(statement)
                if !out.isEmpty { print(out) }
            } catch {
                FileHandle.standardError.write(Data("\(error.rendered(statement: statement))\n".utf8))
            }
        }
    }

    /// `$CREDIT_EXPLORER_HISTORY`, else `$XDG_STATE_HOME/credit-explorer/history`, else
    /// `~/.local/state/credit-explorer/history` (its folder is created when missing).
    private func historyFile() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let path = env["CREDIT_EXPLORER_HISTORY"], !path.isEmpty { return path }
        let state = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (env["HOME"].map { $0 + "/.local/state" })
        guard let state else { return nil }
        let folder = state + "/credit-explorer"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/history"
    }

    private func cacheDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let cache { return cache }
        if let dir = env["CREDIT_EXPLORER_CACHE"], !dir.isEmpty { return dir }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/credit-explorer" }
        return (env["HOME"] ?? NSTemporaryDirectory()) + "/.cache/credit-explorer"
    }
}
