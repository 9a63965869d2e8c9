import Foundation
import Query
import Query
import Tables

/// One statement of a script: its lines, where it starts, and the comment before it.
struct ScriptStatement {
    /// The statement's lines as written (continuation lines included).
    var lines: [String]
    /// 1-based line of the file where it starts.
    var firstLine: Int
    var note: String?

    var text: String { lines.joined(separator: "\n") }

    /// Splits a script into statements (see `ScriptRunner` for the rules).
    static func split(_ source: String) -> [ScriptStatement] {
        ScriptSplitter.split(source).map { ScriptStatement(lines: $0.lines, firstLine: $0.firstLine, note: $0.note) }
    }

    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The text with `$name` and `${name}` replaced; an unknown name is an error at its `$`.
    func substituting(_ parameters: [String: String]) throws(SessionError) -> String {
        let text = self.text
        guard text.contains("$") else { return text }
        var out = ""
        var index = text.startIndex
        var column = 1
        // Parameters are values, never code: inside quotes a value is escaped for that quote;
        // outside, a number or a plain name goes in as written and anything else as a quoted
        // text, so `status=Closed' or 1 == '1` cannot rewrite the statement.
        var quote: Character?
        while index < text.endIndex {
            let ch = text[index]
            let next = text.index(after: index)
            if ch == "$", next < text.endIndex, text[next] == "$" {
                // `$$` is a dollar sign.
                out.append("$")
                column += 2
                index = text.index(after: next)
                continue
            }
            guard ch == "$" else {
                if let q = quote {
                    if ch == "\\", next < text.endIndex {
                        out.append(ch); out.append(text[next])
                        column += 2
                        index = text.index(after: next)
                        continue
                    }
                    if ch == q { quote = nil }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                }
                out.append(ch)
                column += 1
                index = next
                continue
            }
            var nameStart = text.index(after: index)
            let braced = nameStart < text.endIndex && text[nameStart] == "{"
            if braced { nameStart = text.index(after: nameStart) }
            var nameEnd = nameStart
            while nameEnd < text.endIndex, text[nameEnd].isLetter || text[nameEnd].isNumber || text[nameEnd] == "_" {
                nameEnd = text.index(after: nameEnd)
            }
            let name = String(text[nameStart..<nameEnd])
            var end = nameEnd
            if braced {
                guard end < text.endIndex, text[end] == "}" else {
                    throw SessionError("`${` is not closed by `}`", column: column, length: 2)
                }
                end = text.index(after: end)
            }
            let length = text.distance(from: index, to: end)
            guard !name.isEmpty else { throw SessionError("`$` must be followed by a parameter name", column: column, length: 1) }
            guard let value = parameters[name] else {
                let known = parameters.keys.sorted()
                throw SessionError("no parameter '\(name)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: name, in: known)),
                                   column: column, length: length,
                                   help: "give it on the command line (\(name)=value) or in the script (param \(name) = value)")
            }
            out += Self.literal(value, inside: quote)
            column += length
            index = end
        }
        return out
    }

    /// `param name = value`: a default for a parameter the command line may override.
    func parameterDefault(_ text: String) throws(SessionError) -> (String, String)? {
        guard text.hasPrefix("param ") || text == "param" else { return nil }
        let body = text.dropFirst(5)
        guard let equals = body.firstIndex(of: "=") else {
            throw SessionError("usage: param name = value", column: 1, length: 5)
        }
        let name = body[..<equals].trimmingCharacters(in: .whitespaces)
        guard Self.isName(Substring(name)) else {
            throw SessionError("'\(name)' is not a parameter name", column: 7, length: max(1, name.count))
        }
        return (name, body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }

    /// `version N`: accepted when this tool speaks that language version or a newer one.
    func isVersionLine(_ text: String) throws(SessionError) -> Bool {
        let words = text.split(separator: " ")
        guard words.first == "version" else { return false }
        guard words.count == 2, let n = Int(words[1]), n >= 1 else {
            throw SessionError("usage: version N (this tool reads version \(ToolVersion.language))", column: 1, length: 7)
        }
        guard n <= ToolVersion.language else {
            throw SessionError("this script needs language version \(n); credit-explorer \(ToolVersion.tool) reads version \(ToolVersion.language)",
                               column: 9, length: words[1].count, help: "update credit-explorer")
        }
        return true
    }

    /// The failure at its line and column in the file: columns count across the statement's
    /// lines (joined by newlines), as the session reports them.
    /// `ran` is the text after parameter substitution, when the error is about that text.
    func locate(_ error: SessionError, file: String, ran: String? = nil) -> ScriptRunner.Failure {
        let lines = ran.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? self.lines
        var offset = (error.column ?? 1) - 1
        var lineIndex = 0
        while lineIndex < lines.count - 1, offset > lines[lineIndex].count {
            offset -= lines[lineIndex].count + 1
            lineIndex += 1
        }
        return ScriptRunner.Failure(file: file, line: firstLine + lineIndex, column: offset + 1,
                                    text: lines[lineIndex], error: error)
    }
}

extension ScriptStatement {
    /// A parameter's value as it goes into a statement (see `substituting`).
    static func literal(_ value: String, inside quote: Character?) -> String {
        if let quote {
            return value.reduce(into: "") { out, ch in
                if ch == quote || ch == "\\" { out.append("\\") }
                out.append(ch)
            }
        }
        let isNumber = Double(value) != nil && !value.contains(where: \.isWhitespace)
        let isName = value.first.map { $0.isLetter || $0 == "_" } == true && value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        if isNumber || isName { return value }
        return "'" + literal(value, inside: "'") + "'"
    }
}
