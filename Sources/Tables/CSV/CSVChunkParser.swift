/// Parses one chunk of a CSV file — a byte range that starts at a row boundary — into column builders.
///
/// Chunks are parsed independently on separate threads; line numbers are local to the chunk
/// and turned into file line numbers by the reader.
struct CSVChunkParser {
    struct Result {
        var builders: [ColumnBuilder]
        var rows = 0
        /// Physical lines consumed, counting newlines inside quoted fields.
        var lines = 0
        var badRows: [(line: Int, problem: CSVError.Problem)] = []
        var badRowCount = 0
        /// The first problem, when bad rows are not skipped.
        var failure: (line: Int, problem: CSVError.Problem)?
        /// A column that turned out to hold text; the chunk must be parsed again with it categorical.
        var needsCategory: Int?
    }

    let base: UnsafePointer<UInt8>
    let range: Range<Int>
    let names: [String]
    let hints: [ColumnHint]
    let skipBadRows: Bool
    /// Whether the chunk ends the file: blank lines at its end are no rows.
    var endsFile = true

    private static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// The number of fields of the row starting at `start` (quotes respected).
    private func fieldCount(from start: Int, to end: Int) -> Int {
        var p = start, fields = 1, quoted = false
        while p < end {
            let c = base[p]
            if c == Self.quote { quoted.toggle() } else if !quoted {
                if c == Self.comma { fields += 1 } else if c == Self.lf || c == Self.cr { break }
            }
            p += 1
        }
        return fields
    }

    /// Rows in the chunk, guessed from the line length in its first 64 KiB, plus a margin.
    private func estimatedRows() -> Int {
        let sample = min(range.count, 65_536)
        var newlines = 0
        for i in range.lowerBound..<range.lowerBound + sample where base[i] == Self.lf { newlines += 1 }
        guard newlines > 0 else { return 1024 }
        return Int(Double(range.count) / Double(sample) * Double(newlines) * 1.1) + 16
    }

    func parse() -> Result {
        let columnCount = hints.count
        let builders = UnsafeMutablePointer<ColumnBuilder>.allocate(capacity: columnCount)
        let expectedRows = estimatedRows()
        for j in 0..<columnCount { (builders + j).initialize(to: ColumnBuilder(hint: hints[j], expectedRows: expectedRows)) }
        defer { builders.deinitialize(count: columnCount); builders.deallocate() }
        var result = Result(builders: [])
        var scratch = GrowableBuffer<UInt8>(capacity: 256)
        defer { scratch.free() }

        var p = range.lowerBound
        let end = range.upperBound
        var line = 0
        rowLoop: while p < end {
            let rowLine = line
            let rowStart = p
            // A blank line is no row (often the last one) — except inside a one-column file, where
            // it is a row whose one value is missing (as DuckDB and CSVWriter write it); blank
            // lines that only run on to the end of the file are still no rows.
            if base[p] == Self.lf || base[p] == Self.cr {
                if base[p] == Self.cr && p + 1 < end && base[p + 1] == Self.lf { p += 1 }
                p += 1; line += 1
                if columnCount == 1, !(endsFile && (p..<end).allSatisfy { base[$0] == Self.lf || base[$0] == Self.cr }) {
                    builders[0].appendMissing()
                    result.rows += 1
                }
                continue
            }
            var column = 0
            var problem: CSVError.Problem?
            fieldLoop: while true {
                var fieldStart = p
                var fieldLength = 0
                var escaped = false
                var scannedNumber: NumberParser.Result?
                if p < end && base[p] == Self.quote {
                    p += 1
                    fieldStart = p
                    while true {
                        guard p < end else {
                            result.failure = (rowLine, .unterminatedQuote)
                            break rowLoop
                        }
                        let c = base[p]
                        if c == Self.quote {
                            if p + 1 < end && base[p + 1] == Self.quote { escaped = true; p += 2; continue }
                            break
                        }
                        if c == Self.lf { line += 1 }
                        p += 1
                    }
                    fieldLength = p - fieldStart
                    p += 1
                    if p < end && base[p] != Self.comma && base[p] != Self.lf && base[p] != Self.cr && problem == nil {
                        problem = .textAfterQuote(column: column < names.count ? names[column] : "\(column + 1)")
                        while p < end && base[p] != Self.comma && base[p] != Self.lf && base[p] != Self.cr { p += 1 }
                    }
                } else if column < columnCount && problem == nil && builders[column].isNumeric,
                          case let (stop, number?) = NumberParser.scan(base, from: p, to: end) {
                    // Numbers are parsed while the field is scanned: one pass over its bytes.
                    p = stop
                    fieldLength = stop - fieldStart
                    scannedNumber = number
                } else {
                    while p < end {
                        let c = base[p]
                        if c == Self.comma || c == Self.lf || c == Self.cr { break }
                        p += 1
                    }
                    fieldLength = p - fieldStart
                }
                if column < columnCount && problem == nil {
                    let b = builders + column
                    if fieldLength == 0 {
                        b.pointee.appendMissing()
                    } else {
                        var outcome: ColumnBuilder.Outcome
                        if let scannedNumber {
                            outcome = b.pointee.append(number: scannedNumber)
                        } else if escaped {
                            scratch.truncate(to: 0)
                            var k = fieldStart
                            while k < fieldStart + fieldLength {
                                scratch.append(base[k])
                                k += base[k] == Self.quote ? 2 : 1
                            }
                            outcome = b.pointee.append(scratch.base, scratch.count)
                        } else {
                            outcome = b.pointee.append(base + fieldStart, fieldLength)
                        }
                        switch outcome {
                        case .stored: break
                        case .needsCategory:
                            // A row that will be skipped takes no part in type inference:
                            // `bad` in a ragged row must not turn a numeric column into text.
                            let fields = skipBadRows ? fieldCount(from: rowStart, to: end) : columnCount
                            if fields != columnCount {
                                problem = .fieldCount(expected: columnCount, found: fields)
                                break
                            }
                            result.needsCategory = column
                            break rowLoop
                        case .rejected(let integer):
                            let expected = integer ? "an integer" : "a number"
                            let text = TextDecoder.string(UnsafeBufferPointer(start: base + fieldStart, count: fieldLength))
                            problem = .badValue(column: names[column], text: text, expected: expected)
                        }
                    }
                }
                column += 1
                if p >= end { break fieldLoop }
                let c = base[p]
                p += 1
                if c == Self.comma { continue fieldLoop }
                if c == Self.cr && p < end && base[p] == Self.lf { p += 1 }
                line += 1
                break fieldLoop
            }
            if problem == nil && column != columnCount {
                problem = .fieldCount(expected: columnCount, found: column)
            }
            if let problem {
                guard skipBadRows else {
                    result.failure = (rowLine, problem)
                    break rowLoop
                }
                result.badRowCount += 1
                if result.badRows.count < 10 { result.badRows.append((rowLine, problem)) }
                for j in 0..<columnCount { builders[j].truncate(to: result.rows) }
            } else {
                result.rows += 1
            }
        }
        result.lines = line
        result.builders = (0..<columnCount).map { builders[$0] }
        return result
    }
}
