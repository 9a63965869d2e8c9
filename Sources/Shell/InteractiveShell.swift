import Foundation
import Tables

/// The read–run–print loop: prompts, multi-line statements, history, Ctrl-C and errors that
/// never end the session.
public struct InteractiveShell {
    public let driver: Driver
    public let reader: LineReader

    public init(driver: Driver, historyPath: String?) {
        self.driver = driver
        let session = driver.session
        reader = LineReader(historyPath: historyPath) { line, word in session.completions(line: line, word: word) }
    }

    /// Reads statements until end of input (Ctrl-D). On a terminal: a banner, prompts and
    /// line editing; otherwise statements are read silently (`credit-explorer < file`).
    public func run(banner: String?) {
        let session = driver.session
        // A terminal whose locale is not UTF-8 gets ASCII prompts and plots (`.charset` can
        // still ask for Unicode).
        if reader.interactive, !reader.utf8 { session.unicode = false }
        if reader.interactive, let banner { print(banner) }
        Terminal.catchInterrupts()
        while true {
            if reader.interactive { session.adapt(to: Terminal.size()) }
            let prompt = session.promptLabel + "> "
            guard let first = reader.next(prompt: prompt) else {
                // Ctrl-C at the prompt abandons the line; end of input ends the session.
                if Cancellation.isRequested {
                    Cancellation.reset()
                    if reader.interactive { print("") }
                    continue
                }
                break
            }
            var statement = first
            var abandoned = false
            while Session.continues(statement) {
                guard let more = reader.next(prompt: Transcript.continuationPrompt(after: prompt)) else {
                    abandoned = Cancellation.isRequested
                    break
                }
                statement += "\n" + more
            }
            if abandoned {
                Cancellation.reset()
                print("")
                continue
            }
            reader.remember(statement)
            do {
                try driver.run(statement)
            } catch {
                let color = driver.colorAllowed(isTerminal: Terminal.isTerminal(STDERR_FILENO))
                Self.report(error.rendered(statement: statement), color: color)
            }
            Cancellation.reset()
        }
    }

    /// Writes an error to standard error, its first word red when colour is allowed.
    public static func report(_ message: String, color: Bool) {
        var text = message
        if color, text.hasPrefix("error:") {
            text = "\u{1B}[1;31merror:\u{1B}[0m" + text.dropFirst(6)
        } else if color, let range = text.range(of: ": error: ") {
            text.replaceSubrange(range, with: ": \u{1B}[1;31merror:\u{1B}[0m ")
        }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
