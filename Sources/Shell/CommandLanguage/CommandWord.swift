/// One word of a command, with where it stands in the statement.
///
/// Commands read their statement as words, the way a shell does: whitespace separates
/// them, and single or double quotes keep spaces inside one word (`save model 'pd model.json'`),
/// with `\` escaping the next character inside quotes, as in the pipeline language's strings.
/// A quote may close mid-word, so `name='a b'` is one word `name=a b`.
struct CommandWord: Sendable, Equatable {
    /// The word without its quotes.
    var text: String
    /// Whether any part of it was quoted: a quoted `if` or `by` is a value, never a keyword.
    var quoted: Bool
    /// 0-based character offsets of the word as written (quotes included).
    var start: Int
    var end: Int
    /// Where in `text` an `=` stands unquoted before any quote: the word is then an option
    /// (`path='a b'`), while `'a=b.json'` is a quoted value.
    var equals: Int?

    /// The 1-based column and width of the word, for a caret.
    var caret: (column: Int, length: Int) { (start + 1, end - start) }

    /// The offset in the statement of the value after `=` in an option (`trees=300` → `300`).
    var valueStart: Int? { equals.map { start + $0 + 1 } }

    /// `name=value` when the name part is unquoted and looks like a name.
    var option: (name: String, value: String)? {
        guard let equals else { return nil }
        let name = String(text.prefix(equals))
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (name, String(text.dropFirst(equals + 1)))
    }

    /// Whether this is the unquoted keyword `word` (any case).
    func isKeyword(_ word: String) -> Bool { !quoted && text.lowercased() == word }

    /// Cuts `statement` into words; an unclosed quote is an error at the quote.
    static func split(_ statement: String) throws(SessionError) -> [CommandWord] {
        let chars = Array(statement)
        var words: [CommandWord] = []
        var i = 0
        while i < chars.count {
            if chars[i].isWhitespace { i += 1; continue }
            let start = i
            var text = ""
            var quoted = false
            var equals: Int?
            while i < chars.count, !chars[i].isWhitespace {
                let c = chars[i]
                if c == "=", !quoted, equals == nil { equals = text.count }
                if c == "'" || c == "\"" {
                    quoted = true
                    let open = i
                    i += 1
                    while i < chars.count, chars[i] != c {
                        if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                        text.append(chars[i])
                        i += 1
                    }
                    guard i < chars.count else {
                        throw SessionError("this quote is never closed", column: open + 1, length: chars.count - open, help: "end it with \(c)")
                    }
                    i += 1
                } else {
                    text.append(c)
                    i += 1
                }
            }
            words.append(CommandWord(text: text, quoted: quoted, start: start, end: i, equals: equals))
        }
        return words
    }
}
