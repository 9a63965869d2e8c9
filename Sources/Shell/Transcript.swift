/// What ran in a session, in order: the statements, their output and the comments that
/// introduced them. `history`, `save script` and `notebook` all read it.
public struct Transcript: Sendable {
    public struct Entry: Sendable, Equatable {
        /// 1-based, counting only statements typed at the top level (not those a `source` ran).
        public var number: Int?
        public var statement: String
        /// What the statement printed, without colour; for an error, the rendered error.
        public var output: String
        public var failed: Bool
        /// Where the output went instead of the screen (`.output` / `.once`).
        public var destination: String?
        /// Comment lines that came before the statement in a script, as prose for notebooks.
        public var note: String?
        /// Statements about the session itself (history, save, log, notebook): neither saved
        /// in scripts nor shown in notebooks.
        public var isMeta: Bool
    }

    public private(set) var entries: [Entry] = []
    private var typed = 0

    public init() {}

    /// Adds an entry whose output is already plain (see `plain`).
    mutating func append(_ entry: Entry, typed isTyped: Bool) {
        var entry = entry
        if isTyped {
            typed += 1
            entry.number = typed
        }
        entries.append(entry)
    }

    /// The statements typed at the top level, numbered, for `history` and `save script`.
    var numbered: [Entry] { entries.filter { $0.number != nil } }

    /// The prompt shown on a statement's later lines: `...> `, right-aligned under `prompt`.
    public static func continuationPrompt(after prompt: String) -> String {
        String(repeating: " ", count: max(0, prompt.count - 5)) + "...> "
    }

    /// A statement as the shell shows it while it is typed: the prompt, then continuation prompts.
    public static func echoed(_ statement: String, prompt: String) -> String {
        let continuation = continuationPrompt(after: prompt)
        return statement.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { ($0.offset == 0 ? prompt : continuation) + $0.element }.joined(separator: "\n")
    }

    /// Text without ANSI escape sequences (`ESC [ … letter`), so files get what a pipe would.
    static func plain(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var out = ""
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
