/// The characters plots are drawn with, one set per charset, so no kind spells glyphs itself
/// and the ASCII rendering is guaranteed to be ASCII.
struct Glyphs {
    let charset: Charset

    init(_ charset: Charset) { self.charset = charset }

    var isUnicode: Bool { charset == .unicode }

    // Axes.
    var vertical: Character { isUnicode ? "│" : "|" }
    var horizontal: Character { isUnicode ? "─" : "-" }
    var corner: Character { isUnicode ? "└" : "+" }
    var yTick: Character { isUnicode ? "┤" : "+" }
    var xTick: Character { isUnicode ? "┬" : "+" }
    var ellipsis: String { isUnicode ? "…" : "..." }
    var times: String { isUnicode ? "×" : "x" }
    var dash: String { isUnicode ? "–" : "-" }

    /// Horizontal bar ends by eighths of a cell, index 0 (nothing) to 8 (full). ASCII has only
    /// full cells, so lengths are rounded to whole cells there.
    static let eighthsAcross: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    /// Vertical bar tops by eighths of a cell, index 0 (nothing) to 8 (full).
    static let eighthsUp: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Four shades from light to dark, for density and heat maps.
    var shades: [Character] { isUnicode ? ["░", "▒", "▓", "█"] : [".", ":", "*", "#"] }

    /// Point markers that tell series apart without colour.
    var markers: [Character] { isUnicode ? ["•", "×", "+", "*", "o", "#"] : ["*", "o", "+", "x", "@", "%"] }

    /// The outlier mark of box plots.
    var outlier: Character { isUnicode ? "○" : "o" }

    /// The mark for a bar too short to see but not zero.
    var sliver: Character { isUnicode ? "▁" : "_" }
}
