import Tables

/// Renders a table as aligned text that fits a width: column types under the names, numbers
/// right-aligned with a fixed number of decimals per column, the middle rows elided with a
/// footer saying how many rows and columns are shown — never a silent cut.
public struct TableRenderer: Sendable {
    /// Characters available per line.
    public var width: Int
    /// Rows shown before eliding the middle; 0 shows every row.
    public var maxRows: Int
    /// Longest cell shown; longer text ends in "…".
    public var maxCellWidth = 40
    /// How a missing value reads.
    public var missing = "NA"
    /// Thousands separators in integers too (decimals always have them); off by default,
    /// since most integer columns here are keys and day counts.
    public var groupIntegers = false
    /// How decimals and thousands are written in aligned output ("1 234,5" for French readers).
    public var decimalSeparator: Character = "."
    public var groupSeparator: Character = ","
    /// Aligned text for reading, or every row as CSV or a Markdown table for other programs
    /// and documents (these two never elide).
    public var format = Format.aligned
    /// Plain ASCII for the rule and the elision marks (a terminal or log that is not UTF-8).
    public var ascii = false
    var ellipsis: String { ascii ? "~" : "…" }

    public enum Format: String, Sendable, CaseIterable {
        case aligned = "table", csv, markdown
    }

    /// What the footer suggests when columns are hidden (a pipeline's result: `select`); nil
    /// says only which are hidden.
    public var hiddenColumnsHint: String? = "select columns to see the others"

    public init(width: Int = 100, maxRows: Int = 20) {
        self.width = max(width, 20)
        self.maxRows = max(maxRows, 0)
    }

    public func render(_ table: Table) -> String {
        switch format {
        case .aligned: aligned(table)
        case .csv: String(decoding: CSVWriter.bytes(table).dropLast(), as: UTF8.self)
        case .markdown: markdown(table)
        }
    }

    /// Every row as a GitHub-flavoured Markdown table, numbers right-aligned.
    private func markdown(_ table: Table) -> String {
        let rows = Array(0..<table.rowCount)
        var copy = self
        copy.maxCellWidth = Int.max
        let cells = table.columns.map { copy.cellTexts($0, rows).map { String($0.flatMap { $0 == "|" ? ["\\", "|"] : [$0] }) } }
        let numeric = table.columns.map { $0.type != .category && $0.type != .bool }
        var lines = ["| " + table.names.joined(separator: " | ") + " |",
                     "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined()]
        for r in rows { lines.append("| " + cells.map { $0[r] }.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }

    private func aligned(_ table: Table) -> String {
        let rows: [Int?]
        if maxRows == 0 || table.rowCount <= maxRows {
            rows = Array(0..<table.rowCount)
        } else {
            let head = (maxRows + 1) / 2, tail = maxRows / 2
            rows = Array(0..<head) + [nil] + Array(table.rowCount - tail..<table.rowCount)
        }
        var all: [(lines: [String], right: Bool, width: Int)] = []
        for (name, column) in zip(table.names, table.columns) {
            // Replaced before widths are measured, so that ASCII columns stay aligned.
            let cells = cellTexts(column, rows.compactMap { $0 }).map { ascii ? ASCIIText.fallback($0) : $0 }
            var body: [String] = []
            var k = 0
            for row in rows {
                if row == nil { body.append(ellipsis) } else { body.append(cells[k]); k += 1 }
            }
            let header = [clip(name), column.type.rawValue]
            let w = (header + body).map(\.count).max() ?? 1
            all.append((header + body, column.type != .category && column.type != .bool, w))
        }
        let shown = Self.visibleColumns(widths: all.map(\.width), width: width)
        var columns: [(lines: [String], right: Bool, width: Int)] = []
        for (k, index) in shown.enumerated() {
            // A gap in the shown columns is marked by a column of `…`.
            if k > 0, index != shown[k - 1] + 1 {
                columns.append(([ellipsis, ""] + rows.map { _ in ellipsis }, false, 1))
            }
            columns.append(all[index])
        }
        var lines: [String] = []
        let lineCount = 2 + rows.count
        for i in 0..<lineCount {
            if i == 2 { lines.append(columns.map { String(repeating: ascii ? "-" : "─", count: $0.width) }.joined(separator: "  ")) }
            let parts = columns.map { c -> String in
                let text = c.lines[i]
                let pad = String(repeating: " ", count: c.width - text.count)
                return c.right && i >= 2 ? pad + text : text + pad
            }
            lines.append(parts.joined(separator: "  ").trimmingTrailing())
        }
        var footer: [String] = []
        if rows.contains(nil) || table.rowCount == 0 {
            footer.append("\(grouped(rows.compactMap { $0 }.count)) of \(grouped(table.rowCount)) rows" + (rows.contains(nil) ? ", .maxrows 0 shows all" : ""))
        } else {
            footer.append("\(grouped(table.rowCount)) row\(table.rowCount == 1 ? "" : "s")")
        }
        if shown.count < table.columnCount {
            let hidden = table.names.indices.filter { !shown.contains($0) }.map { table.names[$0] }
            let listed = hidden.prefix(3).joined(separator: ", ") + (hidden.count > 3 ? " and \(hidden.count - 3) more" : "")
            footer.append("\(shown.count) of \(table.columnCount) columns shown, hidden: \(listed)" + (hiddenColumnsHint.map { "; \($0)" } ?? ""))
        }
        lines.append("(" + footer.joined(separator: "; ") + ")")
        return lines.joined(separator: "\n")
    }

    /// Which columns fit in `width`: the first ones, and the last ones, which are the newest
    /// (a `derive`d or joined column is never the one hidden). The last columns are kept while
    /// they take at most half the width; the first ones fill the rest.
    static func visibleColumns(widths: [Int], width: Int) -> [Int] {
        let total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        guard total > width, widths.count > 1 else { return Array(widths.indices) }
        var tail: [Int] = []
        var used = 3  // the `…` column and its gap
        let last = widths.count - 1
        // The newest column, whenever it fits beside the first; two more while they take at
        // most half the width.
        if widths[0] + used + widths[last] + 2 <= width {
            tail = [last]
            used += widths[last] + 2
            for index in widths.indices.reversed().dropFirst().prefix(2) where index > 0 {
                guard used + widths[index] + 2 <= width / 2 else { break }
                tail.insert(index, at: 0)
                used += widths[index] + 2
            }
        }
        var head: [Int] = []
        for index in widths.indices where !tail.contains(index) {
            let cost = widths[index] + (head.isEmpty ? 0 : 2)
            if !head.isEmpty, used + cost > width { break }
            head.append(index)
            used += cost
        }
        // Nothing hidden between them: no `…` needed.
        return head + tail.filter { $0 > (head.last ?? -1) }
    }

    /// Display text of the given rows of a column.
    func cellTexts(_ column: Column, _ rows: [Int]) -> [String] {
        switch column.type {
        case .double:
            let values = rows.compactMap { column.number(at: $0) }
            let decimals = Self.decimals(for: values)
            return rows.map { r in column.number(at: r).map { formatted($0, decimals) } ?? missing }
        case .int:
            return rows.map { r in
                guard case .int(let v) = column[r] else { return missing }
                return groupIntegers && abs(v) < 1_000_000_000_000_000 ? (v < 0 ? "-" : "") + grouped(Double(v.magnitude)) : String(v)
            }
        default:
            return rows.map { r in column.isMissing(r) ? missing : clip(column[r].description) }
        }
    }

    /// Enough decimals for the values shown (at most 4, and 2 for large amounts).
    static func decimals(for values: [Double]) -> Int {
        let largest = values.map(abs).max() ?? 0
        let cap = largest >= 1000 ? 2 : 4
        var needed = 0
        for v in values where v.isFinite {
            while needed < cap {
                let scale = PowersOfTen.value(needed)
                if abs((v * scale).rounded() - v * scale) < 1e-6 * max(1, abs(v * scale)) { break }
                needed += 1
            }
        }
        return needed
    }

    private func formatted(_ x: Double, _ decimals: Int) -> String {
        // Beyond 10^15 digits stop being exact: show the shortest exact form instead.
        guard x.isFinite, abs(x) < 1e15 else { return x.description }
        let scale = PowersOfTen.value(decimals)
        let scaled = (abs(x) * scale).rounded()
        // A value too small for the column's decimals is not shown as a zero it is not.
        if scaled == 0 && x != 0 { return Self.scientific(x) }
        let whole = (scaled / scale).rounded(.down)
        var text = grouped(whole)
        if decimals > 0 {
            var fraction = String(Int(scaled - whole * scale))
            while fraction.count < decimals { fraction = "0" + fraction }
            text += String(decimalSeparator) + fraction
        }
        return (x < 0 && scaled != 0 ? "-" : "") + text
    }

    /// Three significant digits and a power of ten: `2.31e-07`.
    static func scientific(_ x: Double) -> String {
        let (mantissa, power10) = PowersOfTen.decompose(x)
        var exponent = power10
        var hundredths = Int((mantissa * 100).rounded())
        if hundredths >= 1000 { hundredths /= 10; exponent += 1 }
        let digits = String(hundredths)
        let power = String(abs(exponent))
        return (x < 0 ? "-" : "") + digits.prefix(1) + "." + digits.dropFirst()
            + "e" + (exponent < 0 ? "-" : "+") + (power.count < 2 ? "0" : "") + power
    }

    private func grouped(_ n: Int) -> String { grouped(Double(n)) }

    private func grouped(_ x: Double) -> String {
        let digits = String(Int(x))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(groupSeparator) }
            out.append(ch)
        }
        return out
    }

    private func clip(_ s: String) -> String {
        let oneLine = s.replacingNewlines()
        return oneLine.count <= maxCellWidth ? oneLine : String(oneLine.prefix(maxCellWidth - 1)) + ellipsis
    }
}

extension String {
    fileprivate func trimmingTrailing() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }

    fileprivate func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" ? "⏎" : $0 })
    }
}
