/// Rows assigned to groups by the values of key columns, groups numbered in order of first appearance.
///
/// Missing is a key value of its own (a group), as in SQL's GROUP BY.
public struct Grouping: Sendable {
    /// The group of each row.
    public let groupOfRow: [Int32]
    public let groupCount: Int
    /// The first row of each group, to read its key values from.
    public let firstRow: [Int]

    /// Whether every group is one contiguous run of rows: group g is
    /// `firstRow[g]..<firstRow[g + 1]` (the last ends at the row count). Aggregates then
    /// summarise slices instead of scattering through `groupOfRow`.
    let contiguous: Bool

    /// Groups the rows of `columns` (all of equal length) by their combined values.
    public init(keys columns: [Column], rowCount: Int) {
        self.init(keys: columns, rowCount: rowCount, fastPaths: true)
    }

    /// `fastPaths: false` forces the general hashing path (tests compare the two).
    init(keys columns: [Column], rowCount: Int, fastPaths: Bool) {
        if fastPaths, columns.count == 1, let fast = Self.singleIntegerKey(columns[0]) {
            self.init(groupOfRow: fast.ids, groupCount: fast.count, firstRow: fast.first, contiguous: fast.contiguous)
            return
        }
        var ids = [Int32](repeating: 0, count: rowCount)
        var count = rowCount > 0 ? 1 : 0
        for (k, column) in columns.enumerated() {
            let (codes, distinct) = Self.keyCodes(column)
            if k == 0 {
                // One key: its codes already are the groups, in order of first appearance.
                ids = codes
                count = distinct
                continue
            }
            // More keys: pack (group so far, this key's code) into one 64-bit key.
            var map = IntHashMap(expected: min(rowCount, 1 << 16))
            for i in 0..<rowCount { ids[i] = map.code(for: Int64(ids[i]) << 32 | Int64(codes[i])) }
            count = map.count
        }
        var first = [Int](repeating: -1, count: count)
        for i in 0..<rowCount where first[Int(ids[i])] < 0 { first[Int(ids[i])] = i }
        self.init(groupOfRow: ids, groupCount: count, firstRow: first, contiguous: false)
    }

    /// Rows per group, missing or not.
    public func rowCounts() -> [Int64] {
        var n = [Int64](repeating: 0, count: groupCount)
        if contiguous {
            for g in 0..<groupCount { n[g] = Int64((g + 1 < groupCount ? firstRow[g + 1] : groupOfRow.count) - firstRow[g]) }
            return n
        }
        n.withUnsafeMutableBufferPointer { n in
            groupOfRow.withUnsafeBufferPointer { gid in
                for g in gid { n[Int(g)] &+= 1 }
            }
        }
        return n
    }

    /// Dense codes for one key column in order of first appearance, missing a value of its
    /// own, and how many there are.
    private static func keyCodes(_ column: Column) -> (codes: [Int32], count: Int) {
        var map = IntHashMap(expected: 1024)
        var dense: [Int32] = []           // the map's code → code in order of appearance
        var missingCode: Int32 = -1
        var next: Int32 = 0
        var out = [Int32](repeating: 0, count: column.count)
        func fill(_ bits: (Int) -> Int64) {
            for i in 0..<column.count {
                if column.isMissing(i) {
                    if missingCode < 0 { missingCode = next; next += 1 }
                    out[i] = missingCode
                    continue
                }
                let c = Int(map.code(for: bits(i)))
                if c == dense.count { dense.append(next); next += 1 }
                out[i] = dense[c]
            }
        }
        switch column.storage {
        case .int(let v): fill { v[$0] }
        case .int32(let v): fill { Int64(v[$0]) }
        case .int8(let v): fill { Int64(v[$0]) }
        case .double(let v): fill { Int64(bitPattern: (v[$0] == 0 ? 0 : v[$0]).bitPattern) }  // -0.0 groups with 0.0
        case .bool(let v): fill { v[$0] ? 1 : 0 }
        case .category(let codes, _): fill { Int64(codes[$0]) }
        }
        return (out, Int(next))
    }

    /// Rows of each group, groups in order, rows in table order: `rows[offsets[g]..<offsets[g+1]]`.
    func rowsByGroup() -> (offsets: [Int], rows: [Int]) {
        var offsets = [Int](repeating: 0, count: groupCount + 1)
        for g in groupOfRow { offsets[Int(g) + 1] += 1 }
        for g in 0..<groupCount { offsets[g + 1] += offsets[g] }
        var cursor = offsets
        var rows = [Int](repeating: 0, count: groupOfRow.count)
        for (i, g) in groupOfRow.enumerated() {
            rows[cursor[Int(g)]] = i
            cursor[Int(g)] += 1
        }
        return (offsets, rows)
    }
}

extension Grouping {
    /// All rows in one group, even when there are none (an aggregate over an empty table
    /// still gives one row: count 0, sum missing).
    public static func single(rowCount: Int) -> Grouping {
        Grouping(groupOfRow: [Int32](repeating: 0, count: rowCount), groupCount: 1, firstRow: [rowCount > 0 ? 0 : -1], contiguous: rowCount > 0)
    }

    private init(groupOfRow: [Int32], groupCount: Int, firstRow: [Int], contiguous: Bool) {
        self.groupOfRow = groupOfRow
        self.groupCount = groupCount
        self.firstRow = firstRow
        self.contiguous = contiguous
    }
}
