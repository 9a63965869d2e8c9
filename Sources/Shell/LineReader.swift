@preconcurrency import CLibEdit
#if canImport(Glibc)
import Glibc
#endif

/// Reads statements one line at a time: through libedit when input is a terminal (emacs or vi
/// editing per `~/.editrc`, history kept in a file across sessions, tab completion), plainly
/// otherwise, so `credit-explorer < file` works.
public final class LineReader {
    public let interactive: Bool
    private let historyPath: String?

    /// `complete(line, word)` gives the candidates for the word being typed at the end of `line`.
    public init(historyPath: String?, complete: @escaping (String, String) -> [String]) {
        interactive = isatty(STDIN_FILENO) == 1
        self.historyPath = historyPath
        guard interactive else { return }
        // libedit keeps the pointer (for `$if credit-explorer` in ~/.editrc): a string that lives on.
        rl_readline_name = UnsafePointer(strdup("credit-explorer"))
        stifle_history(5000)
        if let historyPath { _ = read_history(historyPath) }
        Completion.provider = complete
        rl_attempted_completion_function = Completion.attempt
    }

    /// The next line without its newline, or nil at end of input (Ctrl-D).
    public func next(prompt: String) -> String? {
        guard interactive else { return Swift.readLine() }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Records a whole statement as one history entry (its lines joined) and saves the file.
    public func remember(_ statement: String) {
        guard interactive, !statement.allSatisfy(\.isWhitespace) else { return }
        add_history(statement.split(separator: "\n").joined(separator: " "))
        if let historyPath { _ = write_history(historyPath) }
    }
}

/// libedit calls plain C functions for completion, which cannot capture context: the provider
/// lives here, set once by the one line reader (libedit itself is single-threaded).
private enum Completion {
    nonisolated(unsafe) static var provider: ((String, String) -> [String])?
    nonisolated(unsafe) static var candidates: [String] = []
    nonisolated(unsafe) static var nextIndex = 0

    static let attempt: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        let word = text.map { String(cString: $0) } ?? ""
        let line = rl_line_buffer.map { String(cString: $0) } ?? ""
        candidates = provider?(line, word) ?? []
        nextIndex = 0
        rl_attempted_completion_over = 1  // no fallback to file names
        // A function completes to `name(` and a folder to `name/`: no space after them.
        rl_completion_append_character = candidates.count == 1 && (candidates[0].hasSuffix("(") || candidates[0].hasSuffix("/")) ? 0 : 32
        guard let text else { return nil }
        return rl_completion_matches(text, generate)
    }

    /// Hands libedit one candidate per call (malloc'd: libedit frees it), nil when done.
    static let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, _ in
        guard nextIndex < candidates.count else { return nil }
        defer { nextIndex += 1 }
        return strdup(candidates[nextIndex])
    }
}
