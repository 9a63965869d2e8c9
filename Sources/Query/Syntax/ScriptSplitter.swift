import Foundation

/// Splits the text of a script (or a recipe) into statements, keeping where each starts.
public enum ScriptSplitter {
    /// One statement: its lines as written, its first line (1-based), the comment before it.
    public struct Piece: Sendable {
        public var lines: [String]
        public var firstLine: Int
        public var note: String?

        public var text: String { lines.joined(separator: "\n") }
    }

    /// Splits a script into statements: a statement goes on while its text leaves a quote or bracket
    /// open or ends with `|` or `,`, or while the next line starts with `|`; `#` and `--` lines
    /// are comments, and those just before a statement are its note.
    public static func split(_ source: String) -> [Piece] {
        let lines = Self.lines(source)
        func isComment(_ line: String) -> Bool {
            let t = line.drop { $0 == " " || $0 == "\t" }
            return t.hasPrefix("#") || t.hasPrefix("--")
        }
        func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }
        var statements: [Piece] = []
        var comments: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) { comments = []; i += 1; continue }
            if isComment(line) {
                comments.append(String(line.drop { $0 == " " || $0 == "\t" }.drop { $0 == "#" || $0 == "-" }.drop { $0 == " " }))
                i += 1
                continue
            }
            var statement = Piece(lines: [line], firstLine: i + 1, note: comments.isEmpty ? nil : comments.joined(separator: "\n"))
            comments = []
            i += 1
            while i < lines.count {
                let next = lines[i].drop { $0 == " " || $0 == "\t" }
                guard continues(statement.text) || next.hasPrefix("|") else { break }
                if isComment(lines[i]) || isBlank(lines[i]) {
                    // A comment or blank line inside a statement ends it only when nothing follows.
                    guard continues(statement.text) else { break }
                    i += 1
                    continue
                }
                statement.lines.append(lines[i])
                i += 1
            }
            statements.append(statement)
        }
        return statements
    }

    /// The lines of a script ended by LF, CRLF or a lone CR (old Mac files): counted the same
    /// way, so `file:line:col` is right whichever the file uses. ("\r\n" is one Character in
    /// Swift, so splitting Characters at "\n" would miss it.)
    public static func lines(_ source: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for scalar in source.unicodeScalars {
            if scalar == "\n" {
                if !previousCR { lines.append(String(current)); current = String.UnicodeScalarView() }
                previousCR = false
            } else if scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                previousCR = true
            } else {
                current.append(scalar)
                previousCR = false
            }
        }
        lines.append(String(current))
        return lines
    }

    /// Whether a statement typed so far goes on: it ends with `|` or `,`, or a bracket or quote is open.
    public static func continues(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        for ch in text {
            if let q = quote { if ch == q { quote = nil }; continue }
            switch ch {
            case "'", "\"": quote = ch
            case "(", "{": depth += 1
            case ")", "}": depth -= 1
            case "#": break
            default: break
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return quote != nil || depth > 0 || trimmed.hasSuffix("|") || trimmed.hasSuffix(",")
    }
}
