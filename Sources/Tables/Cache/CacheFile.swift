import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The binary layout of one cached table.
///
///     "CXTABLE2"  magic, 8 bytes
///     u64         length of the table of contents
///     contents    key, report, rows, and per column: name, type, levels, offsets, checksum
///     u64         checksum of the contents
///     ...         column buffers, each at a 64-byte aligned offset
///
/// Buffers are the columns' raw little-endian arrays, so loading is one `pread` per buffer
/// straight into the array, done for all columns in parallel.
enum CacheFile {
    static let magic = Array("CXTABLE2".utf8)

    /// How a column's buffer is laid out.
    private enum Layout: UInt8 {
        case int64, int32, double, category, bool, int8

        init(_ storage: Column.Storage) {
            switch storage {
            case .int: self = .int64
            case .int32: self = .int32
            case .int8: self = .int8
            case .double: self = .double
            case .category: self = .category
            case .bool: self = .bool
            }
        }

        var elementSize: Int {
            switch self {
            case .int64, .double: 8
            case .int32, .category: 4
            case .bool, .int8: 1
            }
        }
    }

    private struct Entry {
        var name: String
        var type: Layout
        var levels: [String]
        var dataOffset: Int
        var dataBytes: Int
        var validityOffset: Int   // 0 = no missing values
        var checksum: UInt64
    }

    // MARK: Saving

    static func save(_ table: Table, report: CSVReport, key: String, to path: String) throws {
        var entries: [Entry] = table.names.indices.map { j in
            let c = table.columns[j]
            return Entry(name: table.names[j], type: Layout(c.storage), levels: c.levels, dataOffset: 0,
                         dataBytes: c.count * Layout(c.storage).elementSize, validityOffset: 0, checksum: 0)
        }
        // Offsets do not change the contents' length (fixed-width fields), so encode twice.
        let contentsLength = encode(entries, key: key, report: report, rows: table.rowCount).count
        var offset = align(8 + 8 + contentsLength + 8)
        for j in entries.indices {
            entries[j].dataOffset = offset
            offset = align(offset + entries[j].dataBytes)
            if let validity = table.columns[j].validity {
                entries[j].validityOffset = offset
                offset = align(offset + validity.words.count * 8)
            }
            entries[j].checksum = withBuffers(table.columns[j]) { data, validity in
                Checksum.of(validity, seed: Checksum.of(data))
            }
        }
        let contents = encode(entries, key: key, report: report, rows: table.rowCount)
        var head = ByteWriter()
        head.bytes = magic
        head.u64(UInt64(contents.count))
        head.bytes += contents
        head.u64(Checksum.of(contents))

        // No fsync: a torn entry fails its checksums and is rebuilt.
        try AtomicFile.write(to: path, durable: false) { fd in
            var written = 0
            func pad(to target: Int) throws {
                let zeros = [UInt8](repeating: 0, count: target - written)
                try zeros.withUnsafeBytes { raw in try AtomicFile.writeAll(fd, raw, path) }
                written = target
            }
            try head.bytes.withUnsafeBytes { raw in try AtomicFile.writeAll(fd, raw, path) }
            written = head.bytes.count
            for (j, entry) in entries.enumerated() {
                try pad(to: entry.dataOffset)
                let column = table.columns[j]
                try withBuffers(column) { data, validity in
                    try AtomicFile.writeAll(fd, data, path)
                    written += data.count
                    if entry.validityOffset > 0 {
                        try pad(to: entry.validityOffset)
                        try AtomicFile.writeAll(fd, validity, path)
                        written += validity.count
                    }
                }
            }
        }
    }

    private static func encode(_ entries: [Entry], key: String, report: CSVReport, rows: Int) -> [UInt8] {
        var w = ByteWriter()
        w.string(key)
        w.u64(UInt64(rows))
        w.u64(UInt64(report.badRowCount))
        w.u8(report.droppedIndexColumn ? 1 : 0)
        w.u32(UInt32(report.firstBadRows.count))
        for bad in report.firstBadRows { w.u64(UInt64(bad.line)); w.string(bad.reason) }
        w.u32(UInt32(entries.count))
        for e in entries {
            w.string(e.name)
            w.u8(e.type.rawValue)
            w.u32(UInt32(e.levels.count))
            for level in e.levels { w.string(level) }
            w.u64(UInt64(e.dataOffset)); w.u64(UInt64(e.dataBytes)); w.u64(UInt64(e.validityOffset))
            w.u64(e.checksum)
        }
        return w.bytes
    }

    private static func align(_ n: Int) -> Int { (n + 63) & ~63 }

    private static func withBuffers<R, E: Error>(_ c: Column, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let words = c.validity?.words ?? []
        let result: Result<R, E> = words.withUnsafeBytes { validity in
            func run(_ data: UnsafeRawBufferPointer) -> Result<R, E> {
                do throws(E) { return .success(try body(data, validity)) } catch { return .failure(error) }
            }
            switch c.storage {
            case .int(let v): return v.withUnsafeBytes(run)
            case .int32(let v): return v.withUnsafeBytes(run)
            case .int8(let v): return v.withUnsafeBytes(run)
            case .double(let v): return v.withUnsafeBytes(run)
            case .category(let codes, _): return codes.withUnsafeBytes(run)
            case .bool(let v): return v.withUnsafeBytes(run)
            }
        }
        return try result.get()
    }

    // MARK: Loading

    /// The table stored at `path` if it is intact and was made for `expectedKey`, else nil.
    static func load(_ path: String, expectedKey: String) -> (Table, CSVReport)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let fileSize = Int(info.st_size)
        guard let prefix = readBytes(fd, at: 0, count: 16), Array(prefix[0..<8]) == magic else { return nil }
        var lengthReader = ByteReader(Array(prefix[8..<16]))
        guard let contentsLength = try? lengthReader.int(), contentsLength < fileSize,
              let contents = readBytes(fd, at: 16, count: contentsLength),
              let stored = readBytes(fd, at: 16 + contentsLength, count: 8),
              let storedChecksum = try? { var r = ByteReader(stored); return try r.u64() }(),
              storedChecksum == Checksum.of(contents)
        else { return nil }

        guard let (key, report, rows, entries) = try? decode(contents), key == expectedKey else { return nil }
        for e in entries {
            let validityBytes = e.validityOffset > 0 ? (rows + 63) / 64 * 8 : 0
            guard e.dataOffset + e.dataBytes <= fileSize, e.validityOffset + validityBytes <= fileSize,
                  e.dataBytes == rows * e.type.elementSize else { return nil }
        }

        let slots = UnsafeMutableBufferPointer<Column?>.allocate(capacity: entries.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let box = SlotBox(slots: slots)
        DispatchQueue.concurrentPerform(iterations: entries.count) { j in
            box.slots[j] = loadColumn(fd, entries[j], rows: rows)
        }
        var columns: [Column] = []
        for j in entries.indices {
            guard let column = slots[j] else { return nil }
            columns.append(column)
        }
        guard let table = try? Table(names: entries.map(\.name), columns: columns) else { return nil }
        return (table, report)
    }

    private static func decode(_ contents: [UInt8]) throws(ByteReader.Damaged) -> (String, CSVReport, Int, [Entry]) {
        var r = ByteReader(contents)
        let key = try r.string()
        let rows = try r.int()
        var report = CSVReport()
        report.rows = rows
        report.badRowCount = try r.int()
        report.droppedIndexColumn = try r.u8() == 1
        for _ in 0..<Int(try r.u32()) {
            let line = try r.int()
            report.firstBadRows.append((line, try r.string()))
        }
        var entries: [Entry] = []
        for _ in 0..<Int(try r.u32()) {
            let name = try r.string()
            guard let layout = Layout(rawValue: try r.u8()) else { throw ByteReader.Damaged() }
            var levels: [String] = []
            for _ in 0..<Int(try r.u32()) { levels.append(try r.string()) }
            entries.append(Entry(name: name, type: layout, levels: levels,
                                 dataOffset: try r.int(), dataBytes: try r.int(), validityOffset: try r.int(),
                                 checksum: try r.u64()))
        }
        return (key, report, rows, entries)
    }

    private static func loadColumn(_ fd: Int32, _ e: Entry, rows: Int) -> Column? {
        func readArray<T>(_: T.Type) -> [T]? {
            var ok = true
            let array = [T](unsafeUninitializedCapacity: rows) { buffer, n in
                ok = readInto(fd, UnsafeMutableRawBufferPointer(buffer), at: e.dataOffset)
                n = ok ? rows : 0
            }
            return ok ? array : nil
        }
        var words: [UInt64] = []
        if e.validityOffset > 0 {
            guard let w = fill(UInt64.self, count: (rows + 63) / 64, at: e.validityOffset, fd) else { return nil }
            words = w
        }
        let storage: Column.Storage
        switch e.type {
        case .int64: guard let v = readArray(Int64.self) else { return nil }; storage = .int(v)
        case .int32: guard let v = readArray(Int32.self) else { return nil }; storage = .int32(v)
        case .int8: guard let v = readArray(Int8.self) else { return nil }; storage = .int8(v)
        case .double: guard let v = readArray(Double.self) else { return nil }; storage = .double(v)
        case .bool: guard let v = readArray(Bool.self) else { return nil }; storage = .bool(v)
        case .category:
            guard let v = readArray(Int32.self), v.allSatisfy({ $0 >= 0 && Int($0) < max(e.levels.count, 1) }) else { return nil }
            storage = .category(codes: v, levels: e.levels)
        }
        let column = Column(storage, validity: e.validityOffset > 0 ? Bitmap(words: words, count: rows) : nil)
        let sum = withBuffers(column) { (data, _) -> UInt64 in
            words.withUnsafeBytes { Checksum.of($0, seed: Checksum.of(data)) }
        }
        return sum == e.checksum ? column : nil
    }

    private static func fill<T>(_: T.Type, count: Int, at offset: Int, _ fd: Int32) -> [T]? {
        var ok = true
        let array = [T](unsafeUninitializedCapacity: count) { buffer, n in
            ok = readInto(fd, UnsafeMutableRawBufferPointer(buffer), at: offset)
            n = ok ? count : 0
        }
        return ok ? array : nil
    }

    private static func readInto(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    private static func readBytes(_ fd: Int32, at offset: Int, count: Int) -> [UInt8]? {
        guard count >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBytes { readInto(fd, $0, at: offset) }
        return ok ? bytes : nil
    }

    /// Each parallel iteration writes only its own slot.
    private struct SlotBox: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Column?>
    }
}
