import Tables

/// `describe`: one row per column with exact statistics — count, missing, mean, std, min,
/// quartiles, max, distinct values and the most frequent values.
public enum Describe {
    public static func summary(of table: Table, columns wanted: [String]? = nil) throws(TableError) -> Table {
        let names = wanted ?? table.names
        var picked: [Column] = []
        for name in names { picked.append(try table.column(name)) }
        // One stable radix sort (or code count) per column gives every statistic; columns
        // run in parallel.
        let profiles = Column.profiles(picked)
        let rows = zip(picked, profiles).map { statistics($0, $1) }
        let headers = ["column", "type", "count", "missing", "mean", "std", "min", "p25", "median", "p75", "max", "distinct", "top values"]
        var columns: [Column] = [Column(strings: names), Column(strings: names.map { table[$0]!.type.rawValue })]
        for k in 0..<(headers.count - 2) {
            let cells = rows.map { $0[k] }
            if k == headers.count - 3 {
                columns.append(Column(strings: cells.map { if case .string(let s) = $0 { s } else { nil } }))
            } else if [0, 1, 9].contains(k) {
                columns.append(Column(ints: cells.map { if case .int(let v) = $0 { v } else { nil } }))
            } else {
                columns.append(Column(doubles: cells.map { $0.number }))
            }
        }
        return try Table(names: headers, columns: columns)
    }

    /// count, missing, mean, std, min, p25, median, p75, max, distinct, top values.
    static func statistics(_ column: Column) -> [Value] { statistics(column, column.profile()) }

    static func statistics(_ column: Column, _ profile: ValueProfile) -> [Value] {
        var out: [Value] = [.int(Int64(profile.present)), .int(Int64(column.missingCount))]
        if column.type != .category, let s = profile.numbers {
            out += [.double(s.mean), s.variance.isNaN ? .missing : .double(s.variance.squareRoot()), .double(s.min)]
            out += s.quartiles.map { .double($0) }
            out.append(.double(s.max))
        } else {
            out += [Value](repeating: .missing, count: 7)
        }
        out.append(.int(Int64(profile.distinct)))
        out.append(.string(topValues(column, profile)))
        return out
    }

    /// The three most frequent values with their shares, ties broken by first appearance.
    static func topValues(_ column: Column, _ profile: ValueProfile) -> String {
        guard profile.present > 0 else { return "" }
        return profile.top.map { item in
            let share = Double(item.count) / Double(profile.present) * 100
            return "\(column[item.row].description) (\(percent(share)))"
        }.joined(separator: ", ")
    }

    /// The sort-and-group reference `statistics` replaced; tests compare the two.
    static func referenceStatistics(_ column: Column) -> [Value] {
        let present = column.count - column.missingCount
        let byValue = Grouping(keys: [column], rowCount: column.count)
        let distinct = Value.int(Int64(byValue.groupCount - (column.missingCount > 0 ? 1 : 0)))
        var out: [Value] = [.int(Int64(present)), .int(Int64(column.missingCount))]
        if column.type != .category, var values = column.doublesWithNaN()?.filter({ !$0.isNaN }), !values.isEmpty {
            values.sort()
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : Double.nan
            out += [.double(mean), variance.isNaN ? .missing : .double(variance.squareRoot()), .double(values.first!)]
            out += [0.25, 0.5, 0.75].map { .double(Column.interpolatedQuantile(sorted: values, $0)) }
            out.append(.double(values.last!))
        } else {
            out += [Value](repeating: .missing, count: 7)
        }
        out.append(distinct)
        guard present > 0 else { return out + [.string("")] }
        var counts = [Int](repeating: 0, count: byValue.groupCount)
        for (i, g) in byValue.groupOfRow.enumerated() where !column.isMissing(i) { counts[Int(g)] += 1 }
        let order = counts.indices.filter { counts[$0] > 0 }.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        out.append(.string(order.prefix(3).map { g in
            "\(column[byValue.firstRow[g]].description) (\(percent(Double(counts[g]) / Double(present) * 100)))"
        }.joined(separator: ", ")))
        return out
    }

    static func percent(_ x: Double) -> String {
        let rounded = (x * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded))%" : "\(rounded)%"
    }
}
