/// Inner keeps matched rows only; left keeps every left row, with missing right values when unmatched.
public enum JoinKind: String, Sendable {
    case inner, left
}

/// What a join did to the row count, so fan-out (one row becoming many) never goes unnoticed.
public struct JoinReport: Sendable, Equatable, CustomStringConvertible {
    public var leftRows = 0
    public var rightRows = 0
    public var outputRows = 0
    /// Left rows whose key found no right row (kept by a left join, dropped by an inner one).
    public var unmatchedLeftRows = 0
    /// Distinct left keys without a match.
    public var unmatchedLeftKeys = 0
    /// Left rows that matched more than one right row.
    public var multipliedLeftRows = 0
    /// The largest number of right rows one left row matched.
    public var maxMatches = 0

    /// Output rows per left row.
    public var fanOut: Double { leftRows == 0 ? 0 : Double(outputRows) / Double(leftRows) }

    /// A warning worth showing, or nil when the join kept one row per left row.
    public var warning: String? {
        guard multipliedLeftRows > 0 else { return nil }
        return "join multiplied rows: \(multipliedLeftRows) left rows matched several right rows (up to \(maxMatches)); \(leftRows) rows became \(outputRows) (×\(rounded2(fanOut)))"
    }

    public var description: String {
        "\(leftRows) × \(rightRows) → \(outputRows) rows; \(unmatchedLeftRows) left rows (\(unmatchedLeftKeys) keys) unmatched; \(multipliedLeftRows) multiplied"
    }

    private func rounded2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}

extension Table {
    /// Joins `right` on integer keys (`leftKey` here, `rightKey` there). The right key column
    /// is dropped; other right columns whose name is taken get `suffix`. Output rows follow the
    /// left table's order, and for one left row, the right table's order. `keepingKey: false`
    /// leaves the left key column out too, when nothing after the join reads it.
    ///
    /// `right` is consumed: when the caller holds its only reference (an intermediate table
    /// nothing reads again), each of its columns is freed as soon as it is gathered, so the
    /// join never holds both copies of a wide table.
    public func join(
        _ right: consuming Table, on leftKey: String, _ rightKey: String? = nil, kind: JoinKind = .inner, suffix: String = "_right",
        keepingKey: Bool = true
    ) throws(TableError) -> (table: Table, report: JoinReport) {
        let rightKeyName = rightKey ?? leftKey
        let leftColumn = try column(leftKey), rightColumn = try right.column(rightKeyName)
        let lk = try intKeys(leftColumn, name: leftKey)
        // The right keys are read at their stored width: no Int64 copy of a large table's keys.
        let index: RightIndex
        switch rightColumn.storage {
        case .int(let v): index = v.withUnsafeBufferPointer { RightIndex(keys: $0, validity: rightColumn.validity, leftRows: rowCount) }
        case .int32(let v): index = v.withUnsafeBufferPointer { RightIndex(keys: $0, validity: rightColumn.validity, leftRows: rowCount) }
        case .int8(let v): index = v.withUnsafeBufferPointer { RightIndex(keys: $0, validity: rightColumn.validity, leftRows: rowCount) }
        default: throw .typeMismatch(column: rightKeyName, expected: "an integer key", found: rightColumn.type)
        }

        // Two passes over the left rows: count the output (and the report), then fill
        // exactly sized row lists, without growing arrays.
        var report = JoinReport(leftRows: rowCount, rightRows: right.rowCount)
        var unmatchedKeys = Set<Int64>()
        var outputRows = 0
        let leftValidity = leftColumn.validity
        for i in 0..<rowCount {
            let missing = leftValidity.map { !$0[i] } ?? false
            let range = missing ? 0..<0 : index.rows(of: lk[i])
            if range.isEmpty {
                report.unmatchedLeftRows += 1
                if !missing { unmatchedKeys.insert(lk[i]) }
                if kind == .left { outputRows += 1 }
                continue
            }
            if range.count > 1 { report.multipliedLeftRows += 1 }
            report.maxMatches = Swift.max(report.maxMatches, range.count)
            outputRows += range.count
        }
        report.unmatchedLeftKeys = unmatchedKeys.count
        report.outputRows = outputRows

        var rightOut = [Int]()
        let leftOut = [Int](unsafeUninitializedCapacity: outputRows) { leftBuffer, leftCount in
            rightOut = [Int](unsafeUninitializedCapacity: outputRows) { rightBuffer, rightCount in
                index.rightRows.withUnsafeBufferPointer { rightRows in
                    var k = 0
                    for i in 0..<rowCount {
                        let missing = leftValidity.map { !$0[i] } ?? false
                        let range = missing ? 0..<0 : index.rows(of: lk[i])
                        if range.isEmpty {
                            if kind == .left { leftBuffer[k] = i; rightBuffer[k] = -1; k += 1 }
                            continue
                        }
                        for r in range {
                            leftBuffer[k] = i
                            rightBuffer[k] = rightRows[r]
                            k += 1
                        }
                    }
                }
                rightCount = outputRows
            }
            leftCount = outputRows
        }

        // A table without columns would lose its row count: then the key stays.
        let dropKey = !keepingKey && self.columns.count + right.columns.count > 2
        var names: [String] = [], columns: [Column] = []
        // Every left row once and in order (a left join on a unique right key, the usual way
        // of adding a block of features): the left columns are kept as they are, not copied.
        let identity = outputRows == rowCount && report.multipliedLeftRows == 0 && (kind == .left || report.unmatchedLeftRows == 0)
        let rightNames = right.names
        var rightColumns = right.takeColumns()
        _ = consume right
        let moved = rightNames.indices.filter { rightNames[$0] != rightKeyName }
        let extraNames = moved.map { self.index(of: rightNames[$0]) != nil ? rightNames[$0] + suffix : rightNames[$0] }
        // A few columns at a time, on both cores for a large join; each batch's source
        // columns go as soon as it is gathered.
        let threads = outputRows * moved.count >= 1 << 22 ? 2 : 1
        let rows = rightOut
        var extra: [Column] = []
        for start in stride(from: 0, to: moved.count, by: 8) {
            let positions = moved[start..<Swift.min(start + 8, moved.count)]
            let batch = positions.map { rightColumns[$0] }
            for k in positions { rightColumns[k] = Column(.int8([])) }
            extra += Parallel.map(batch.count, threads: threads) { batch[$0].gather(rows) }
        }
        // The left key kept: the left table's name index grows by the right's names only.
        if !dropKey || self.index(of: leftKey) == nil {
            let left = identity ? nil : self.columns.map { $0.gather(leftOut) }
            return (try appending(names: extraNames, columns: extra, rows: left), report)
        }
        for (name, column) in zip(self.names, self.columns) where name != leftKey {
            names.append(name)
            columns.append(identity ? column : column.gather(leftOut))
        }
        return (try Table(names: names + extraNames, columns: columns + extra), report)
    }

    private func intKeys(_ column: Column, name: String) throws(TableError) -> [Int64] {
        guard let values = column.int64Values else {
            throw .typeMismatch(column: name, expected: "an integer key", found: column.type)
        }
        return values
    }
}

/// The right table's rows grouped by key (CSR layout): the rows of one key are
/// `rightRows[offsets[slot]..<offsets[slot + 1]]`, in table order.
///
/// Keys within a range not much wider than the row counts (ids such as SK_ID_CURR) index the
/// offsets directly: no hashing, and a table the size of the range rather than twice the rows.
/// Other keys go through a hash map of the distinct keys.
private struct RightIndex {
    private var offsets: [Int] = [0]
    private(set) var rightRows: [Int] = []
    private var lo: Int64 = 0
    private var hi: Int64 = -1
    private var map: IntHashMap?

    init<T: FixedWidthInteger>(keys: UnsafeBufferPointer<T>, validity: Bitmap?, leftRows: Int) {
        let present = { (i: Int) in validity?[i] ?? true }
        var lo = Int64.max, hi = Int64.min
        for i in keys.indices where present(i) {
            lo = Swift.min(lo, Int64(keys[i]))
            hi = Swift.max(hi, Int64(keys[i]))
        }
        guard lo <= hi else { return }  // no right key present
        let (width, overflow) = hi.subtractingReportingOverflow(lo)
        if !overflow, width < Int64(Grouping.directSpanLimit(rows: keys.count + leftRows)) {
            // The slot of a row is its key − lo: count, then place, reading the keys twice.
            self.lo = lo
            self.hi = hi
            let slots = Int(width) + 1
            var offsets = [Int](repeating: 0, count: slots + 1)
            offsets.withUnsafeMutableBufferPointer { offsets in
                for i in keys.indices where present(i) { offsets[Int(truncatingIfNeeded: Int64(keys[i]) &- lo) + 1] += 1 }
                for s in 0..<slots { offsets[s + 1] += offsets[s] }
            }
            var cursor = offsets
            rightRows = [Int](unsafeUninitializedCapacity: offsets[slots]) { rows, count in
                cursor.withUnsafeMutableBufferPointer { cursor in
                    for i in keys.indices where present(i) {
                        let s = Int(truncatingIfNeeded: Int64(keys[i]) &- lo)
                        rows[cursor[s]] = i
                        cursor[s] += 1
                    }
                }
                count = offsets[slots]
            }
            self.offsets = offsets
            return
        }
        var map = IntHashMap(expected: Swift.min(keys.count, 1 << 16))
        var slotOfRow = [Int32](repeating: -1, count: keys.count)
        for i in keys.indices where present(i) { slotOfRow[i] = map.code(for: Int64(keys[i])) }
        let slots = map.count
        self.map = map
        var offsets = [Int](repeating: 0, count: slots + 1)
        for s in slotOfRow where s >= 0 { offsets[Int(s) + 1] += 1 }
        for s in 0..<slots { offsets[s + 1] += offsets[s] }
        var cursor = offsets
        var rows = [Int](repeating: 0, count: offsets[slots])
        for (i, s) in slotOfRow.enumerated() where s >= 0 {
            rows[cursor[Int(s)]] = i
            cursor[Int(s)] += 1
        }
        self.offsets = offsets
        rightRows = rows
    }

    /// Positions in `rightRows` of the rows with `key`; empty when there are none.
    @inline(__always)
    func rows(of key: Int64) -> Range<Int> {
        let s: Int
        if let map {
            guard let code = map.find(key) else { return 0..<0 }
            s = Int(code)
        } else {
            guard key >= lo, key <= hi else { return 0..<0 }
            s = Int(key &- lo)
        }
        return offsets[s]..<offsets[s + 1]
    }
}
