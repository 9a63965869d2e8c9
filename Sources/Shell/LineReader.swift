@preconcurrency import CLibEdit
#if canImport(Glibc)
import Glibc
#endif

/// Reads statements one line at a time: through libedit when input is a terminal (emacs or vi
/// editing per `~/.editrc`, history kept in a file across sessions, tab completion), plainly
/// otherwise, so `credit-explorer < file` works.
public final class LineReader {
    public let interactive: Bool
    /// Whether the terminal's locale is UTF-8: when it is not, libedit can only be handed
    /// ASCII (prompts and completions are then transliterated by the caller and filtered here).
    public let utf8: Bool
    private let historyPath: String?

    /// `complete(line, word)` gives the candidates for the word being typed at the end of `line`.
    public init(historyPath: String?, complete: @escaping (String, String) -> [String]) {
        interactive = isatty(STDIN_FILENO) == 1
        self.historyPath = historyPath
        utf8 = interactive ? Terminal.adoptCharacterLocale() : true
        guard interactive else { return }
        // libedit keeps the pointer (for `$if credit-explorer` in ~/.editrc): a string that lives on.
        rl_readline_name = UnsafePointer(strdup("credit-explorer"))
        stifle_history(5000)
        if let historyPath { _ = read_history(historyPath) }
        let asciiOnly = !utf8
        Completion.provider = { line, word in
            let candidates = complete(line, word)
            return asciiOnly ? candidates.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : candidates
        }
        rl_attempted_completion_function = Completion.attempt
    }

    /// The next line without its newline, or nil at end of input (Ctrl-D).
    public func next(prompt: String) -> String? {
        guard interactive else { return Swift.readLine() }
        let shown = utf8 ? prompt : Self.ascii(prompt)
        guard let raw = readline(shown) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Text libedit can show in a non-UTF-8 locale: every non-ASCII character becomes `?`.
    static func ascii(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
    }

    /// Whether more input is already waiting (a paste): the shell then reads on before running.
    public var hasWaitingInput: Bool {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fds, 1, 0) > 0 && fds.revents & Int16(POLLIN) != 0
    }

    private var lastEntry: String?

    /// Records a whole statement as one history entry (its lines joined) and saves the file;
    /// the same statement twice in a row is kept once.
    public func remember(_ statement: String) {
        guard interactive, !statement.allSatisfy(\.isWhitespace) else { return }
        let entry = statement.split(separator: "\n").joined(separator: " ")
        guard entry != lastEntry else { return }
        lastEntry = entry
        add_history(entry)
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
        // A function completes to `name(`, a folder to `name/` and an option to `name=`: no
        // space after them.
        rl_completion_append_character = candidates.count == 1 && ["(", "/", "="].contains(candidates[0].last.map(String.init) ?? "") ? 0 : 32
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
