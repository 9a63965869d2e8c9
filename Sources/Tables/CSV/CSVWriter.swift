/// Writes tables as RFC 4180 CSV that `CSVReader` reads back to the same values.
///
/// Decimals use the shortest text that parses back to the same double; missing values are
/// empty fields (an empty line in a one-column table, which the reader reads back as a missing
/// value; in its last row `""`, since blank lines at the end of a file are no rows) and an
/// empty text is `""`, as DuckDB writes them; fields holding a comma, quote, CR or LF are
/// quoted with quotes doubled.
public enum CSVWriter {
    /// The CSV text of `table`, header first, LF line endings.
    public static func bytes(_ table: Table) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(table.rowCount * table.columnCount * 8 + 64)
        for (j, name) in table.names.enumerated() {
            if j > 0 { out.append(0x2C) }
            // A lone name holding a tab, `;` or `|` is quoted: unquoted, the reader would take
            // the file for one delimited by it.
            appendField(name, to: &out, quoting: table.columnCount == 1 ? [0x09, 0x3B, 0x7C] : [])
        }
        out.append(0x0A)
        for i in 0..<table.rowCount {
            for (j, column) in table.columns.enumerated() {
                if j > 0 { out.append(0x2C) }
                if column.isMissing(i) {
                    if table.columnCount == 1 && i == table.rowCount - 1 { out += [0x22, 0x22] }
                    continue
                }
                switch column.storage {
                case .int(let v): out.append(contentsOf: String(v[i]).utf8)
                case .int32(let v): out.append(contentsOf: String(v[i]).utf8)
                case .int8(let v): out.append(contentsOf: String(v[i]).utf8)
                case .double(let v): out.append(contentsOf: v[i].description.utf8)
                case .bool(let v): out.append(contentsOf: (v[i] ? "true" : "false").utf8)
                case .category(let codes, let levels): appendField(levels[Int(codes[i])], to: &out)
                }
            }
            out.append(0x0A)
        }
        return out
    }

    /// Writes `table` to `path` atomically: a failure leaves any previous file intact.
    public static func write(_ table: Table, to path: String) throws {
        try AtomicFile.write(bytes(table), to: path)
    }

    private static func appendField(_ text: String, to out: inout [UInt8], quoting also: Set<UInt8> = []) {
        let utf8 = text.utf8
        let needsQuotes = text.isEmpty || utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || also.contains($0) }
        guard needsQuotes else { out.append(contentsOf: utf8); return }
        out.append(0x22)
        for b in utf8 {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}
