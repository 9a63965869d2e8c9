/// Renders rows of text as an aligned plain-text table: numbers right-aligned, text left.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns to right-align (numbers).
    var rightAligned: Set<Int> = []

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows { for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { j, cell in
                let pad = String(repeating: " ", count: widths[j] - cell.count)
                return rightAligned.contains(j) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// Readable numbers: thousands separators for counts, fixed decimals for measures.
enum NumberFormat {
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x.description }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(x) * scale).rounded()
        let whole = Int(rounded / scale)
        var fraction = String(Int(rounded - Double(whole) * scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        let sign = x < 0 && rounded != 0 ? "-" : ""
        return decimals == 0 ? sign + String(whole) : sign + String(whole) + "." + fraction
    }
}
