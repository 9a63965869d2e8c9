/// The header row: column names and where the data starts.
struct CSVHeader {
    var names: [String] = []
    /// Offset of the first data byte.
    var end: Int
    /// Physical lines the header spans (more than one if a quoted name holds a newline).
    var lines = 1

    init(_ base: UnsafePointer<UInt8>, start: Int, end fileEnd: Int, file: String) throws(CSVError) {
        var p = start
        var field: [UInt8] = []
        var lines = 1
        var inQuotes = false
        while p < fileEnd {
            let c = base[p]
            if inQuotes {
                if c == 0x22 {
                    if p + 1 < fileEnd && base[p + 1] == 0x22 { field.append(0x22); p += 2; continue }
                    inQuotes = false
                } else {
                    if c == 0x0A { lines += 1 }
                    field.append(c)
                }
                p += 1
                continue
            }
            if c == 0x22 && field.isEmpty { inQuotes = true; p += 1; continue }
            if c == 0x2C { names.append(TextDecoder.string(field)); field.removeAll(keepingCapacity: true); p += 1; continue }
            if c == 0x0A || c == 0x0D {
                p += 1
                if c == 0x0D && p < fileEnd && base[p] == 0x0A { p += 1 }
                break
            }
            field.append(c)
            p += 1
        }
        if inQuotes { throw CSVError(file: file, line: 1, problem: .unterminatedQuote) }
        if p > start { names.append(TextDecoder.string(field)) }
        // Names are trimmed as values are: ` AMT_CREDIT` is AMT_CREDIT.
        names = names.map { $0.trimmingSpaces() }
        // A file with only blank content has no header.
        if names.count == 1 && names[0].isEmpty { names = [] }
        self.end = p
        self.lines = lines
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (no Foundation here).
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
