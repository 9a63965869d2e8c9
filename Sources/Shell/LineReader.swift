@preconcurrency import CLibEdit
#if canImport(Glibc)
import Glibc
#endif

/// Reads statements one line at a time: through libedit when input is a terminal (line
/// editing and in-session history), plainly otherwise, so `credit-explorer < file` works.
///
/// The full shell (completion, persistent history, multi-line input, Ctrl-C) builds on this.
public struct LineReader {
    public let interactive: Bool

    public init() {
        interactive = isatty(STDIN_FILENO) == 1
    }

    /// The next line without its newline, or nil at end of input (Ctrl-D).
    public func next(prompt: String) -> String? {
        guard interactive else { return Swift.readLine() }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.allSatisfy(\.isWhitespace) { add_history(raw) }
        return line
    }
}
