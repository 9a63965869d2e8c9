/// Splits a statement into tokens. Identifiers hold letters, digits and `_`, and `*` next
/// to an underscore for column patterns (`AMT_*`); strings use single or double quotes; `#` starts
/// a comment that runs to the end of the line.
public enum Lexer {
    public static func tokens(_ text: String) throws(QueryError) -> [Token] {
        let chars = Array(text)
        var out: [Token] = []
        var i = 0
        // `*` belongs to a name only beside an underscore (`AMT_*`, `*_MEAN`), so `a*b` and
        // `x * 2` stay multiplications.
        func starInName(_ k: Int) -> Bool {
            guard chars[k] == "*" else { return false }
            let before = k > 0 ? chars[k - 1] : " ", after = k + 1 < chars.count ? chars[k + 1] : " "
            if before == "_" || after == "_" { return true }
            // `FLAG_DOCUMENT_1*`: a star that ends a name (nothing that could be an operand
            // follows) belongs to it; `x*2` and `a*b` stay multiplications.
            return (before.isLetter || before.isNumber) && !(after.isLetter || after.isNumber || after == "(" || after == "." || after == "'" || after == "\"")
        }
        func isIdentifierStart(_ k: Int) -> Bool { chars[k].isLetter || chars[k] == "_" || starInName(k) }
        func isIdentifierPart(_ k: Int) -> Bool { chars[k].isLetter || chars[k].isNumber || chars[k] == "_" || starInName(k) }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "#" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            let start = i
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                while i < chars.count && (chars[i].isNumber || chars[i] == "_") { i += 1 }
                var isInteger = true
                // A dot starts a fraction unless it begins a range (`1..10`).
                if i < chars.count && chars[i] == "." && !(i + 1 < chars.count && chars[i + 1] == ".") {
                    isInteger = false
                    i += 1
                    while i < chars.count && chars[i].isNumber { i += 1 }
                }
                if i < chars.count && (chars[i] == "e" || chars[i] == "E") {
                    var j = i + 1
                    if j < chars.count && (chars[j] == "+" || chars[j] == "-") { j += 1 }
                    if j < chars.count && chars[j].isNumber {
                        isInteger = false
                        i = j
                        while i < chars.count && chars[i].isNumber { i += 1 }
                    }
                }
                let literal = String(chars[start..<i]).replacingUnderscores()
                guard let value = Double(literal) else {
                    throw QueryError("'\(String(chars[start..<i]))' is not a number", at: SourceSpan(start, i))
                }
                var token = Token(kind: .number(value, isInteger: isInteger), span: SourceSpan(start, i))
                if isInteger { token.exactInteger = Int64(literal) }
                out.append(token)
                continue
            }
            if isIdentifierStart(i) {
                while i < chars.count && isIdentifierPart(i) { i += 1 }
                out.append(Token(kind: .identifier(String(chars[start..<i])), span: SourceSpan(start, i)))
                continue
            }
            if c == "'" || c == "\"" {
                i += 1
                var value = ""
                while i < chars.count && chars[i] != c {
                    if chars[i] == "\\" && i + 1 < chars.count { i += 1 }
                    value.append(chars[i])
                    i += 1
                }
                guard i < chars.count else {
                    throw QueryError("this string is never closed", at: SourceSpan(start, chars.count), help: "end it with \(c)")
                }
                i += 1
                out.append(Token(kind: .string(value), span: SourceSpan(start, i)))
                continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["==", "!=", "<=", ">=", "..", "<>"].contains(two) {
                out.append(Token(kind: .symbol(two == "<>" ? "!=" : two), span: SourceSpan(i, i + 2)))
                i += 2
                continue
            }
            if "|,(){}=<>+-*/%".contains(c) {
                out.append(Token(kind: .symbol(String(c)), span: SourceSpan(i, i + 1)))
                i += 1
                continue
            }
            throw QueryError("unexpected character '\(c)'", at: SourceSpan(i, i + 1))
        }
        out.append(Token(kind: .end, span: SourceSpan(chars.count, chars.count + 1)))
        return out
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { filter { $0 != "_" } }
}
