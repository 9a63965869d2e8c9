/// Rows assigned to groups by the values of key columns, groups numbered in order of first appearance.
///
/// Missing is a key value of its own (a group), as in SQL's GROUP BY.
public struct Grouping: Sendable {
    /// The group of each row.
    public let groupOfRow: [Int32]
    public let groupCount: Int
    /// The first row of each group, to read its key values from.
    public let firstRow: [Int]

    /// Groups the rows of `columns` (all of equal length) by their combined values.
    public init(keys columns: [Column], rowCount: Int) {
        var ids = [Int32](repeating: 0, count: rowCount)
        var count = rowCount > 0 ? 1 : 0
        for column in columns {
            var map = IntHashMap(expected: min(rowCount, 1 << 16))
            let codes = Self.keyCodes(column)
            for i in 0..<rowCount {
                // Pack (group so far, this key's value) into one 64-bit key.
                ids[i] = map.code(for: Int64(ids[i]) << 32 | Int64(codes[i]))
            }
            count = map.count
        }
        if columns.isEmpty && rowCount > 0 { count = 1 }
        var first = [Int](repeating: -1, count: count)
        for i in 0..<rowCount where first[Int(ids[i])] < 0 { first[Int(ids[i])] = i }
        groupOfRow = ids
        groupCount = count
        firstRow = first
    }

    /// A dense 32-bit code per row for one key column, missing its own code.
    private static func keyCodes(_ column: Column) -> [UInt32] {
        var map = IntHashMap(expected: 1024)
        let missingCode = UInt32.max
        var out = [UInt32](repeating: 0, count: column.count)
        func fill(_ bits: (Int) -> Int64) {
            for i in 0..<column.count {
                out[i] = column.isMissing(i) ? missingCode : UInt32(map.code(for: bits(i)))
            }
        }
        switch column.storage {
        case .int(let v): fill { v[$0] }
        case .int32(let v): fill { Int64(v[$0]) }
        case .double(let v): fill { Int64(bitPattern: (v[$0] == 0 ? 0 : v[$0]).bitPattern) }  // -0.0 groups with 0.0
        case .bool(let v): fill { v[$0] ? 1 : 0 }
        case .category(let codes, _): fill { Int64(codes[$0]) }
        }
        return out
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
        Grouping(groupOfRow: [Int32](repeating: 0, count: rowCount), groupCount: 1, firstRow: [rowCount > 0 ? 0 : -1])
    }

    private init(groupOfRow: [Int32], groupCount: Int, firstRow: [Int]) {
        self.groupOfRow = groupOfRow
        self.groupCount = groupCount
        self.firstRow = firstRow
    }
}
