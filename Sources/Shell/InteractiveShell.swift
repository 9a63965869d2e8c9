import Foundation
import Tables

/// The read–run–print loop: prompts, multi-line statements, history, Ctrl-C and errors that
/// never end the session.
public struct InteractiveShell {
    public let driver: Driver
    public let reader: LineReader

    /// The lines of the statement being typed before the current one: completion on a
    /// continuation line sees the columns its earlier lines bring into scope.
    private final class PendingLines: @unchecked Sendable {
        var text = ""
    }
    private let pending = PendingLines()

    public init(driver: Driver, historyPath: String?) {
        self.driver = driver
        let session = driver.session
        let pending = self.pending
        reader = LineReader(historyPath: historyPath) { line, word in session.completions(line: line, word: word, earlier: pending.text) }
    }

    /// Reads statements until end of input (Ctrl-D). On a terminal: a banner, prompts and
    /// line editing; otherwise statements are read silently (`credit-explorer < file`).
    /// Returns false when a statement failed (statements read from a pipe, whose exit code
    /// then says so).
    @discardableResult
    public func run(banner: String?) -> Bool {
        guard reader.interactive else { return runPiped() }
        let session = driver.session
        // A terminal whose locale is not UTF-8 gets ASCII prompts and plots (`.charset` can
        // still ask for Unicode).
        if reader.interactive, !reader.utf8 { session.unicode = false }
        if reader.interactive, let banner { print(driver.forScreen(banner)) }
        Terminal.catchInterrupts()
        var lookahead: String?
        while true {
            if reader.interactive { session.adapt(to: Terminal.size()) }
            let prompt = session.promptLabel + "> "
            pending.text = ""
            guard let first = lookahead ?? reader.next(prompt: prompt) else {
                // Ctrl-C at the prompt abandons the line; end of input ends the session.
                if Cancellation.isRequested {
                    Cancellation.reset()
                    if reader.interactive { print("") }
                    continue
                }
                // Ctrl-D: leave the terminal on a fresh line.
                if reader.interactive { print("") }
                break
            }
            lookahead = nil
            var statement = first
            var abandoned = false
            while true {
                if Session.continues(statement) {
                    pending.text = statement
                    guard let more = reader.next(prompt: Transcript.continuationPrompt(after: prompt)) else {
                        abandoned = Cancellation.isRequested
                        break
                    }
                    statement += "\n" + more
                    continue
                }
                // Pasted text in the leading-`|` style (as README and notebooks print it):
                // a line already waiting that starts with `|` continues this statement.
                guard reader.hasWaitingInput, let next = reader.next(prompt: Transcript.continuationPrompt(after: prompt)) else { break }
                if next.trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                    statement += "\n" + next
                } else {
                    lookahead = next
                    break
                }
            }
            if abandoned {
                Cancellation.reset()
                print("")
                continue
            }
            if Session.isQuit(statement) { break }
            reader.remember(statement)
            // The window may have changed while the statement was typed.
            if reader.interactive { session.adapt(to: Terminal.size()) }
            do {
                try driver.run(statement)
            } catch {
                Self.report(error.rendered(statement: statement), for: driver)
            }
            Cancellation.reset()
        }
        return true
    }

    /// Statements piped on standard input run as a script named `<stdin>`: the same
    /// continuation rules, each error reported with `<stdin>:LINE:COL`, and every statement
    /// tried (as sqlite3 and psql do); false when any failed.
    private func runPiped() -> Bool {
        var lines: [String] = []
        while let line = Swift.readLine() {
            if Session.isQuit(line) { break }
            lines.append(line)
        }
        var runner = ScriptRunner(driver: driver)
        runner.keepGoing = true
        Terminal.catchInterrupts()
        do {
            return try runner.run(source: lines.joined(separator: "\n"), file: "<stdin>") { Self.report($0.description, for: driver) }.isEmpty
        } catch {
            Self.report(error.description, for: driver)
            return false
        }
    }

    /// Writes an error of `driver`'s session to standard error: in ASCII when the session's
    /// screen is (`Driver.forScreen`), coloured when its settings and standard error allow.
    public static func report(_ message: String, for driver: Driver) {
        report(driver.forScreen(message), color: driver.colorAllowed(isTerminal: Terminal.isTerminal(STDERR_FILENO)))
    }

    /// Writes an error to standard error, its first word red when colour is allowed.
    public static func report(_ message: String, color: Bool) {
        var text = message
        if color, text.hasPrefix("error:") {
            text = "\u{1B}[1;31merror:\u{1B}[0m" + text.dropFirst(6)
        } else if color, let range = text.range(of: ": error: ") {
            text.replaceSubrange(range, with: ": \u{1B}[1;31merror:\u{1B}[0m ")
        }
        // What went to standard output first stays first when both streams share a file.
        fflush(nil)
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
