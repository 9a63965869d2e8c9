import Dispatch

/// Reads RFC 4180 CSV files into tables, in parallel, with precise errors.
///
/// The header row names the columns. Empty fields are missing values. Quoted fields may
/// hold commas, doubled quotes and newlines; lines may end in LF or CRLF; a UTF-8 byte
/// order mark is skipped. Column types come from the hints, else from the data.
public enum CSVReader {
    /// Reads the file at `path`.
    public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> (table: Table, report: CSVReport) {
        let file = try MappedFile(path: path)
        guard let bytes = file.bytes else { throw CSVError(file: path, problem: .emptyFile) }
        // Another process may shorten or rewrite the file while it is read: never a signal,
        // and never a table of half the old and half the new file.
        let (result, truncated) = MappingGuard.reading(bytes, count: file.count) { () throws(CSVError) in
            try parse(bytes, count: file.count, name: path, options: options, file: file)
        }
        if truncated || file.changedSinceMapping() { throw CSVError(file: path, problem: .changedWhileReading) }
        return try result.get()
    }

    /// Reads CSV text held in memory (tests, small inputs, the fuzzer).
    public static func read(bytes: [UInt8], name: String = "<input>", options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> (table: Table, report: CSVReport) {
        guard !bytes.isEmpty else { throw CSVError(file: name, problem: .emptyFile) }
        let result: Result<(Table, CSVReport), CSVError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(CSVError) {
                return .success(try parse(buffer.baseAddress!, count: buffer.count, name: name, options: options, file: nil))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    public static func read(text: String, name: String = "<input>", options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> (table: Table, report: CSVReport) {
        try read(bytes: Array(text.utf8), name: name, options: options)
    }

    /// The UTF-16 or UTF-32 encoding a byte-order mark announces, if any.
    static func wideEncoding(_ base: UnsafePointer<UInt8>, _ count: Int) -> String? {
        if count >= 4 && base[0] == 0xFF && base[1] == 0xFE && base[2] == 0 && base[3] == 0 { return "UTF-32LE" }
        if count >= 4 && base[0] == 0 && base[1] == 0 && base[2] == 0xFE && base[3] == 0xFF { return "UTF-32BE" }
        if count >= 2 && base[0] == 0xFF && base[1] == 0xFE { return "UTF-16LE" }
        if count >= 2 && base[0] == 0xFE && base[1] == 0xFF { return "UTF-16BE" }
        return nil
    }

    private static func parse(
        _ base: UnsafePointer<UInt8>, count: Int, name: String, options: CSVReadOptions, file: MappedFile?
    ) throws(CSVError) -> (table: Table, report: CSVReport) {
        var start = 0
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
        if let encoding = wideEncoding(base, count) { throw CSVError(file: name, line: 1, problem: .wideEncoding(encoding)) }
        let header = try CSVHeader(base, start: start, end: count, file: name)
        guard !header.names.isEmpty else { throw CSVError(file: name, problem: .emptyFile) }
        // A tab- or semicolon-separated file would load silently as one column: its one name
        // holds two or more names cut by the other delimiter. (A quoted name is meant as it
        // is, and `b;` is one name.)
        let quoted = start < count && base[start] == UInt8(ascii: "\"")
        if header.names.count == 1, !quoted, let delimiter = [("\t", "tabs"), (";", "semicolons"), ("|", "vertical bars")]
            .first(where: { header.names[0].split(separator: Character($0.0)).count >= 2 }) {
            throw CSVError(file: name, line: 1, problem: .otherDelimiter(delimiter.1))
        }

        var report = CSVReport()
        var names = header.names
        var hints = names.map { options.hints[$0] ?? options.defaultHint }
        if options.dropUnnamedIndexColumn && names[0].isEmpty && names.count > 1 {
            hints[0] = .skip
            report.droppedIndexColumn = true
        }
        for (j, n) in names.enumerated() where n.isEmpty { names[j] = "column\(j + 1)" }
        var seen = Set<String>()
        for (j, n) in names.enumerated() where hints[j] != .skip && !seen.insert(n).inserted {
            throw CSVError(file: name, line: 1, problem: .duplicateHeader(n))
        }

        let bodyStart = header.end
        let ranges = ChunkSplitter.split(base, range: bodyStart..<count, pieces: count - bodyStart > 1 << 20 ? options.threads * 4 : 1)
        let headerLines = header.lines
        let parsed = parseChunks(base, ranges: ranges, names: names, hints: hints, options: options, file: file)
        // Builders are freed column by column as they are merged, so that the parse never
        // holds two full copies of the data; on an early exit, all that are left.
        var merged = 0
        defer { for chunk in parsed { for b in chunk.builders[merged...] { b.free() } } }

        // Turn chunk-local line numbers into file line numbers.
        var linesBefore = headerLines
        for chunk in parsed {
            if let failure = chunk.failure {
                throw CSVError(file: name, line: linesBefore + failure.line + 1, problem: failure.problem)
            }
            report.badRowCount += chunk.badRowCount
            for bad in chunk.badRows where report.firstBadRows.count < 10 {
                let error = CSVError(file: name, line: linesBefore + bad.line + 1, problem: bad.problem)
                report.firstBadRows.append((error.line!, error.reason))
            }
            linesBefore += chunk.lines
        }

        var tableNames: [String] = []
        var columns: [Column] = []
        for j in names.indices {
            if hints[j] != .skip {
                tableNames.append(names[j])
                columns.append(ChunkMerger.merge(parsed.map { $0.builders[j] }))
            }
            for chunk in parsed { chunk.builders[j].free() }
            merged = j + 1
        }
        report.rows = columns.first?.count ?? 0
        // Names were checked unique above, and every column holds all the chunks' rows.
        return (try! Table(names: tableNames, columns: columns), report)
    }

    /// Parses every chunk in parallel. A chunk that finds text in a column inferred numeric
    /// is parsed again with that column categorical, and so are the chunks that already
    /// finished with it numeric, so that all chunks agree on each column's type.
    private static func parseChunks(
        _ base: UnsafePointer<UInt8>, ranges: [Range<Int>], names: [String], hints initialHints: [ColumnHint],
        options: CSVReadOptions, file: MappedFile?
    ) -> [CSVChunkParser.Result] {
        var hints = initialHints
        var results = [CSVChunkParser.Result?](repeating: nil, count: ranges.count)
        var pending = Array(ranges.indices)
        while !pending.isEmpty {
            let currentHints = hints
            let outputs = UnsafeMutableBufferPointer<CSVChunkParser.Result?>.allocate(capacity: pending.count)
            outputs.initialize(repeating: nil)
            let box = SendableBox(outputs: outputs, base: base)
            let chunkIndices = pending
            DispatchQueue.concurrentPerform(iterations: chunkIndices.count) { k in
                let range = ranges[chunkIndices[k]]
                var parser = CSVChunkParser(base: box.base, range: range, names: names, hints: currentHints, skipBadRows: options.skipBadRows)
                parser.endsFile = range.upperBound == ranges.last?.upperBound
                box.outputs[k] = parser.parse()
                file?.release(range)
            }
            for (k, index) in chunkIndices.enumerated() {
                if let old = results[index] { for b in old.builders { b.free() } }
                results[index] = outputs[k]
            }
            _ = outputs.deinitialize()
            outputs.deallocate()

            let promoted = Set(results.compactMap { $0?.needsCategory })
            if promoted.isEmpty { break }
            for column in promoted { hints[column] = .category }
            pending = results.indices.filter { i in
                let r = results[i]!
                return r.needsCategory != nil || promoted.contains { r.builders[$0].kind != .category }
            }
        }
        return results.map { $0! }
    }
}

/// Hands unsafe pointers to `concurrentPerform`: each iteration writes only its own slot,
/// and the input bytes are read-only, so sharing them across threads is safe.
private struct SendableBox: @unchecked Sendable {
    let outputs: UnsafeMutableBufferPointer<CSVChunkParser.Result?>
    let base: UnsafePointer<UInt8>
}
