/// A range of characters in a statement, for carets under the exact text an error is about.
public struct SourceSpan: Sendable, Equatable {
    /// 0-based offsets in the statement's characters.
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(end, start + 1)
    }

    /// The span covering both.
    public func merged(with other: SourceSpan) -> SourceSpan {
        SourceSpan(min(start, other.start), max(end, other.end))
    }
}

/// An error in a statement: what is wrong, where, and one line of help.
public struct QueryError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var span: SourceSpan?
    public var help: String?

    public init(_ message: String, at span: SourceSpan? = nil, help: String? = nil) {
        self.message = message
        self.span = span
        self.help = help
    }

    public var description: String { message }

    /// The statement was stopped by Ctrl-C (polled between steps).
    public static let cancelled = QueryError("cancelled")

    /// The error with the statement's line and a caret under the span:
    ///
    ///     error: unknown column 'AMT_CREDT'; did you mean 'AMT_CREDIT'?
    ///       from application_train | filter AMT_CREDT > 1
    ///                                       ^^^^^^^^^
    ///     help: `columns application_train` lists the columns
    public func rendered(statement: String) -> String {
        var lines = ["error: \(message)"]
        if let span {
            // Show the line of the statement that holds the span.
            let chars = Array(statement)
            var lineStart = 0
            for i in 0..<min(span.start, chars.count) where chars[i] == "\n" { lineStart = i + 1 }
            var lineEnd = lineStart
            while lineEnd < chars.count && chars[lineEnd] != "\n" { lineEnd += 1 }
            let line = String(chars[lineStart..<lineEnd])
            let from = span.start - lineStart
            let width = max(1, min(span.end, lineEnd) - span.start)
            lines.append("  " + line)
            lines.append("  " + String(repeating: " ", count: max(from, 0)) + String(repeating: "^", count: width))
        }
        if let help { lines.append("help: \(help)") }
        return lines.joined(separator: "\n")
    }
}
