import ArgumentParser
import Foundation
import Shell

/// Loads a data folder, then runs `-c` statements, a script, or the shell.
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open a data folder and run statements, a script, or the shell (the default command)."
    )

    @OptionGroup var data: DataOptions

    @Option(name: .short, help: ArgumentHelp("A statement to run; repeat to run several in order, then exit.", valueName: "statement"))
    var command: [String] = []

    @OptionGroup var options: ScriptOptions

    @Argument(help: ArgumentHelp("A script of statements to run, then exit (as `run`).", valueName: "file"))
    var script: String?

    @Argument(help: ArgumentHelp("Script parameters.", valueName: "name=value"))
    var parameters: [String] = []

    func run() throws {
        let started = Date()
        let session = try data.openSession()
        if let script {
            return try options.run(script, parameters: parameters, session: session)
        }
        let driver = Driver(session: session, screenIsTerminal: Terminal.isTerminal(STDOUT_FILENO))
        driver.showsProgress = Terminal.isTerminal(STDERR_FILENO)
        if !command.isEmpty {
            for statement in command {
                do { try driver.run(statement) } catch {
                    InteractiveShell.report(error.rendered(statement: statement), for: driver)
                    throw ExitCode(1)
                }
            }
            return
        }
        let seconds = Date().timeIntervalSince(started)
        let banner = """
            credit-explorer \(ToolVersion.tool) — data: \(session.dataDirectory ?? "none")
            \(session.loadSummary()) (\(String(format: "%.2f", seconds)) s with start-up)
            Type `help` for commands, `.help` for settings, Ctrl-D to quit.
            """
        guard InteractiveShell(driver: driver, historyPath: historyFile()).run(banner: banner) else { throw ExitCode(1) }
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
}
