import ArgumentParser
import Foundation
import HomeCredit
import Shell
import Tables

/// Which data to open and how: shared by `explore` and `run`.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of CSV files (the Home Credit files and any others).", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Folder for the binary table cache (default: $CREDIT_EXPLORER_CACHE, else ~/.cache/credit-explorer).", valueName: "dir"))
    var cache: String?

    @Flag(name: .long, help: "Read the CSV files without the binary cache.")
    var noCache = false

    @Flag(name: .long, help: "Skip malformed CSV rows (reported with their line numbers) instead of stopping.")
    var skipBadRows = false

    func validate() throws {
        if cache?.isEmpty == true { throw ValidationError("--cache needs a folder (an empty path would write into /)") }
        if data?.isEmpty == true { throw ValidationError("--data needs a folder") }
    }

    /// Loads the folder (the bundled data unless `--data`) into a new session.
    func openSession() throws -> Session {
        let folder = data ?? BundledData.defaultDataDirectory
        let catalog: Catalog
        do {
            catalog = try HomeCreditData.open(folder: folder, cache: noCache ? nil : TableCache(directory: cacheDirectory()), skipBadRows: skipBadRows)
        } catch {
            // A data error, not a usage error: said plainly, exit code 1 (2 is for usage).
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        for note in catalog.skipped {
            FileHandle.standardError.write(Data("warning: skipped \(note)\n".utf8))
        }
        for entry in catalog.entries {
            if let report = entry.report, report.badRowCount > 0 {
                let lines = report.firstBadRows.map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
                FileHandle.standardError.write(Data("warning: \(entry.name): skipped \(report.badRowCount) bad rows (\(lines))\n".utf8))
            }
        }
        let session = Session(catalog: catalog, dataDirectory: folder)
        if !noCache { session.cacheDirectory = cacheDirectory() }
        return session
    }

    private func cacheDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let cache { return cache }  // an empty --cache is refused in validate()
        if let dir = env["CREDIT_EXPLORER_CACHE"], !dir.isEmpty { return dir }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/credit-explorer" }
        return (env["HOME"] ?? NSTemporaryDirectory()) + "/.cache/credit-explorer"
    }
}

/// How a script runs: shared by `run` and `explore FILE`.
struct ScriptOptions: ParsableArguments {
    @Flag(name: .long, help: "Print each statement before its output, like a transcript.")
    var echo = false

    @Flag(name: .long, help: "Report an error and go on with the next statement (the exit code is still 1).")
    var keepGoing = false

    @Option(name: .long, help: ArgumentHelp("Also write the run as a Markdown notebook.", valueName: "file.md"))
    var notebook: String?

    /// Runs the script file with its `name=value` parameters; exits 1 after an error.
    func run(_ path: String, parameters words: [String], session: Session) throws {
        let source: String
        do { source = try ScriptRunner.read(path) { SessionError($0) } } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        let driver = Driver(session: session, screenIsTerminal: Terminal.isTerminal(STDOUT_FILENO))
        driver.showsProgress = Terminal.isTerminal(STDERR_FILENO)
        var runner = ScriptRunner(driver: driver)
        do { runner.parameters = try ScriptRunner.parameters(words) } catch { throw ValidationError(error.message) }
        runner.keepGoing = keepGoing
        if echo { runner.echo = { print(Transcript.echoed($0, prompt: session.promptLabel + "> ")) } }
        Terminal.catchInterrupts()
        var failed = false
        do {
            let failures = try runner.run(source: source, file: path) { InteractiveShell.report($0.description, for: driver) }
            failed = !failures.isEmpty
        } catch {
            InteractiveShell.report(error.description, for: driver)
            failed = true
        }
        if let notebook {
            do { try AtomicFile.write(Array(driver.notebook(title: "credit-explorer notebook: \(path)").utf8), to: notebook) } catch {
                InteractiveShell.report("error: cannot write the notebook: \(error)", for: driver)
                failed = true
            }
        }
        if Cancellation.isRequested { throw ExitCode(130) }
        if failed { throw ExitCode(1) }
    }
}
