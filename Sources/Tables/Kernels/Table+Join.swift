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
    /// left table's order, and for one left row, the right table's order.
    public func join(
        _ right: Table, on leftKey: String, _ rightKey: String? = nil, kind: JoinKind = .inner, suffix: String = "_right"
    ) throws(TableError) -> (table: Table, report: JoinReport) {
        let rightKeyName = rightKey ?? leftKey
        let leftColumn = try column(leftKey), rightColumn = try right.column(rightKeyName)
        let lk = try intKeys(leftColumn, name: leftKey)
        let rk = try intKeys(rightColumn, name: rightKeyName)

        // Right rows grouped by key (CSR layout): rows[offsets[c]..<offsets[c+1]] share key code c.
        var map = IntHashMap(expected: right.rowCount)
        var codeOfRow = [Int32](repeating: -1, count: right.rowCount)
        for i in 0..<right.rowCount where !rightColumn.isMissing(i) { codeOfRow[i] = map.code(for: rk[i]) }
        var offsets = [Int](repeating: 0, count: map.count + 1)
        for c in codeOfRow where c >= 0 { offsets[Int(c) + 1] += 1 }
        for c in 0..<map.count { offsets[c + 1] += offsets[c] }
        var cursor = offsets
        var rightRows = [Int](repeating: 0, count: offsets[map.count])
        for (i, c) in codeOfRow.enumerated() where c >= 0 {
            rightRows[cursor[Int(c)]] = i
            cursor[Int(c)] += 1
        }

        var report = JoinReport(leftRows: rowCount, rightRows: right.rowCount)
        var leftOut: [Int] = [], rightOut: [Int] = []
        leftOut.reserveCapacity(rowCount)
        rightOut.reserveCapacity(rowCount)
        var unmatchedKeys = Set<Int64>()
        for i in 0..<rowCount {
            let missing = leftColumn.isMissing(i)
            guard !missing, let code = map.find(lk[i]) else {
                report.unmatchedLeftRows += 1
                if !missing { unmatchedKeys.insert(lk[i]) }
                if kind == .left { leftOut.append(i); rightOut.append(-1) }
                continue
            }
            let range = offsets[Int(code)]..<offsets[Int(code) + 1]
            if range.count > 1 { report.multipliedLeftRows += 1 }
            report.maxMatches = Swift.max(report.maxMatches, range.count)
            for k in range {
                leftOut.append(i)
                rightOut.append(rightRows[k])
            }
        }
        report.unmatchedLeftKeys = unmatchedKeys.count
        report.outputRows = leftOut.count

        var names = self.names
        var columns = self.columns.map { $0.gather(leftOut) }
        for (name, column) in zip(right.names, right.columns) where name != rightKeyName {
            names.append(names.contains(name) ? name + suffix : name)
            columns.append(column.gather(rightOut))
        }
        return (try Table(names: names, columns: columns), report)
    }

    private func intKeys(_ column: Column, name: String) throws(TableError) -> [Int64] {
        guard let values = column.int64Values else {
            throw .typeMismatch(column: name, expected: "an integer key", found: column.type)
        }
        return values
    }
}
