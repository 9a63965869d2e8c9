/// A statement that could not run, in words for the user.
public struct SessionError: Error, CustomStringConvertible {
    public var message: String
    /// 1-based column in the statement where the problem starts, when known.
    public var column: Int?

    /// Width of the offending text, for the caret line.
    public var length: Int
    /// One line of advice, shown after the caret.
    public var help: String?

    public init(_ message: String, column: Int? = nil, length: Int = 1, help: String? = nil) {
        self.message = message
        self.column = column
        self.length = max(length, 1)
        self.help = help
    }

    /// The error with the statement and a caret under the offending text.
    public func rendered(statement: String) -> String {
        var lines = ["error: " + Self.wrapped(Self.clipped(message))]
        if let column {
            let all = statement.split(separator: "\n", omittingEmptySubsequences: false)
            // Find the line holding the column (columns count across the whole statement).
            var offset = column - 1
            var line = Substring(statement)
            for candidate in all {
                if offset <= candidate.count { line = candidate; break }
                offset -= candidate.count + 1
            }
            lines.append("  " + line)
            lines.append("  " + String(repeating: " ", count: max(offset, 0)) + String(repeating: "^", count: min(length, max(line.count - offset, 1))))
        }
        if let help { lines.append("help: \(help)") }
        return lines.joined(separator: "\n")
    }

    public var description: String { message }

    /// Messages past 600 characters are cut: an error never floods the screen.
    static func clipped(_ text: String) -> String {
        text.count <= 600 ? text : String(text.prefix(560)) + " … (\(text.count - 560) more characters)"
    }

    /// Long messages wrap at word boundaries under 100 characters, indented after the first line.
    static func wrapped(_ text: String, width: Int = 100) -> String {
        guard text.count > width, !text.contains("\n") else { return text }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width - (lines.isEmpty ? 7 : 2) {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n  ")
    }
}
