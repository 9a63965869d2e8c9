/// Width, truncation and padding of text in terminal cells.
///
/// One Unicode scalar is one cell: that is how every line is measured, so the plots' own glyphs
/// (Braille, blocks, box drawing) and ASCII are exact. Wide scripts in labels are not
/// measured specially.
enum TextCells {
    /// The number of cells `text` takes.
    static func width(_ text: String) -> Int { text.unicodeScalars.count }

    /// Text from the data made safe for one line: control characters (newlines, tabs, escapes)
    /// become spaces, so a label can never break the layout or inject colours.
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            scalars.append(v < 0x20 || (0x7F...0x9F).contains(v) ? " " : scalar)
        }
        return String(scalars)
    }

    /// `text` cut to at most `width` cells, ending with `ellipsis` when something was cut.
    static func truncate(_ text: String, to width: Int, ellipsis: String) -> String {
        let text = clean(text)
        guard width > 0 else { return "" }
        let scalars = text.unicodeScalars
        if scalars.count <= width { return text }
        let mark = ellipsis.unicodeScalars.count
        if width <= mark { return String(String.UnicodeScalarView(scalars.prefix(width))) }
        return String(String.UnicodeScalarView(scalars.prefix(width - mark))) + ellipsis
    }

    /// `text` with spaces added on the left up to `width` cells.
    static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - self.width(text))) + text
    }

    /// `text` with spaces added on the right up to `width` cells.
    static func padRight(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - self.width(text)))
    }
}
