/// Text for a terminal or log that is not UTF-8 (the `C` locale, `.charset ascii`): the
/// typography the tool's prose and tables use, written in ASCII.
///
/// Only punctuation, arrows and mathematical signs are replaced, by what a reader of plain
/// ASCII would type (`—` → `-`, `≤` → `<=`, `…` → `...`). Letters are left alone: an accented
/// category or a French reason is data, and dropping its accent would change it.
public enum ASCIIText {
    private static let replacements: [Unicode.Scalar: String] = [
        "—": "-", "–": "-", "−": "-", "‐": "-", "…": "...", "·": ".", "•": "*",
        "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>",
        "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "×": "x", "÷": "/", "±": "+/-", "∞": "inf",
        "²": "^2", "³": "^3", "√": "sqrt", "Σ": "sum ", "‰": " per mille",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "«": "\"", "»": "\"",
        "\u{00A0}": " ", "\u{202F}": " ", "\u{2009}": " ",
        "─": "-", "│": "|", "┼": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "└": "+", "┘": "+", "┌": "+", "┐": "+",
    ]

    /// `text` with the replacements made; `text` itself when it is already ASCII.
    public static func fallback(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let replacement = replacements[scalar] {
                result += replacement
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
