extension Column {
    /// Summarises this column per group of `grouping`; `name` is used in errors.
    public func aggregate(_ aggregation: Aggregation, by grouping: Grouping, name: String = "column") throws(TableError) -> Column {
        try aggregate(aggregation, by: grouping, name: name, fastPaths: true)
    }

    /// `fastPaths: false` forces the general kernels (tests compare the two).
    func aggregate(_ aggregation: Aggregation, by grouping: Grouping, name: String = "column", fastPaths: Bool) throws(TableError) -> Column {
        let groups = grouping.groupCount
        let gid = grouping.groupOfRow
        if aggregation.needsNumbers && type == .category {
            throw .typeMismatch(column: name, expected: "a numeric column for \(aggregation)", found: type)
        }
        if fastPaths, let fast = fastAggregate(aggregation, by: grouping) { return fast }
        switch aggregation {
        case .count:
            return Column.integers(grouping.rowCounts())
        case .countNonMissing:
            var n = [Int64](repeating: 0, count: groups)
            for i in 0..<count where !isMissing(i) { n[Int(gid[i])] += 1 }
            return Column.integers(n)
        case .nunique:
            return Column.integers(distinctCounts(grouping))
        case .first, .last:
            var pick = [Int](repeating: -1, count: groups)
            for i in 0..<count where !isMissing(i) {
                let g = Int(gid[i])
                if aggregation == .last || pick[g] < 0 { pick[g] = i }
            }
            return gather(pick)
        case .sum where type == .int || type == .bool:
            return integerSums(grouping)
        case .min, .max:
            return extremes(grouping, max: aggregation == .max)
        case .sum, .mean, .variance, .std:
            return moments(grouping, aggregation)
        case .median:
            return try quantiles(grouping, p: 0.5, name: name)
        case .quantile(let p):
            return try quantiles(grouping, p: p, name: name)
        }
    }

    /// Sum, mean and variance by Welford's update, stable for large values.
    private func moments(_ grouping: Grouping, _ aggregation: Aggregation) -> Column {
        let groups = grouping.groupCount
        var n = [Int](repeating: 0, count: groups)
        var mean = [Double](repeating: 0, count: groups)
        var m2 = [Double](repeating: 0, count: groups)
        var sum = [Double](repeating: 0, count: groups)
        // Welford's update per row, with a group's running values kept in registers along a
        // run of its rows (see `sumCount`): the same operations in the same order.
        grouping.groupOfRow.withUnsafeBufferPointer { gid in
            var current = -1
            var cn = 0, cs = 0.0, cm = 0.0, cm2 = 0.0
            func add(_ i: Int, _ x: Double) {
                let g = Int(gid[i])
                if g != current {
                    if current >= 0 { n[current] = cn; sum[current] = cs; mean[current] = cm; m2[current] = cm2 }
                    current = g
                    cn = n[g]; cs = sum[g]; cm = mean[g]; cm2 = m2[g]
                }
                cn += 1
                cs += x
                let delta = x - cm
                cm += delta / Double(cn)
                cm2 += delta * (x - cm)
            }
            func each<T>(_ values: [T], _ number: (T) -> Double) {
                values.withUnsafeBufferPointer { v in
                    for i in 0..<v.count where !isMissing(i) { add(i, number(v[i])) }
                }
            }
            switch storage {
            case .double(let v): each(v) { $0 }
            case .int(let v): each(v) { Double($0) }
            case .int32(let v): each(v) { Double($0) }
            case .int8(let v): each(v) { Double($0) }
            case .bool(let v): each(v) { $0 ? 1 : 0 }
            case .category: break
            }
            if current >= 0 { n[current] = cn; sum[current] = cs; mean[current] = cm; m2[current] = cm2 }
        }
        var out = [Double](repeating: 0, count: groups)
        var valid = Bitmap(count: groups, value: false)
        for g in 0..<groups {
            switch aggregation {
            case .sum: if n[g] > 0 { out[g] = sum[g]; valid.set(g) }
            case .mean: if n[g] > 0 { out[g] = sum[g] / Double(n[g]); valid.set(g) }
            case .variance: if n[g] > 1 { out[g] = m2[g] / Double(n[g] - 1); valid.set(g) }
            default: if n[g] > 1 { out[g] = (m2[g] / Double(n[g] - 1)).squareRoot(); valid.set(g) }
            }
        }
        return Column(.double(out), validity: valid)
    }

    private func extremes(_ grouping: Grouping, max: Bool) -> Column {
        var best = [Int](repeating: -1, count: grouping.groupCount)
        // Integers compare as integers: beyond 2^53 two doubles can be equal where the
        // integers are not (9007199254740993 > 9007199254740992).
        let integers = int64Values
        for i in 0..<count where !isMissing(i) {
            let g = Int(grouping.groupOfRow[i])
            let current = best[g]
            if current < 0 { best[g] = i; continue }
            let better: Bool
            if let integers {
                better = max ? integers[i] > integers[current] : integers[i] < integers[current]
            } else {
                let x = number(at: i)!, y = number(at: current)!
                better = max ? x > y : x < y
            }
            if better { best[g] = i }
        }
        return gather(best)
    }

    /// Integer (and boolean) sums, exact: added in 128 bits, so no sum of 64-bit values can
    /// wrap. Sums that fit 64 bits stay integers; if any group's does not, the column is
    /// given as doubles (each the nearest double to the exact sum) rather than a wrong integer.
    private func integerSums(_ grouping: Grouping) -> Column {
        let groups = grouping.groupCount
        var sums = [Int128](repeating: 0, count: groups)
        var seen = Bitmap(count: groups, value: false)
        let gid = grouping.groupOfRow
        func add(_ value: Int64, row i: Int) {
            let g = Int(gid[i])
            sums[g] += Int128(value)
            seen.set(g)
        }
        switch storage {
        case .int(let v): for i in 0..<count where !isMissing(i) { add(v[i], row: i) }
        case .int32(let v): for i in 0..<count where !isMissing(i) { add(Int64(v[i]), row: i) }
        case .int8(let v): for i in 0..<count where !isMissing(i) { add(Int64(v[i]), row: i) }
        case .bool(let v): for i in 0..<count where !isMissing(i) { add(v[i] ? 1 : 0, row: i) }
        default: break
        }
        if sums.allSatisfy({ Int64(exactly: $0) != nil }) {
            return Column.integers(sums.map { Int64($0) }, validity: seen)
        }
        return Column(.double(sums.map { Double($0) }), validity: seen)
    }

    private func quantiles(_ grouping: Grouping, p: Double, name: String) throws(TableError) -> Column {
        guard p >= 0 && p <= 1 else {
            throw .typeMismatch(column: name, expected: "a quantile between 0 and 1, got \(p), for", found: type)
        }
        let (offsets, rows) = grouping.rowsByGroup()
        var out = [Double](repeating: 0, count: grouping.groupCount)
        var valid = Bitmap(count: grouping.groupCount, value: false)
        var values: [Double] = []
        for g in 0..<grouping.groupCount {
            values.removeAll(keepingCapacity: true)
            for k in offsets[g]..<offsets[g + 1] { if let x = number(at: rows[k]) { values.append(x) } }
            guard !values.isEmpty else { continue }
            out[g] = OrderStatistic.interpolatedQuantile(&values, p)
            valid.set(g)
        }
        return Column(.double(out), validity: valid)
    }

    /// The p-quantile of sorted values: position (n − 1)·p, interpolated linearly.
    public static func interpolatedQuantile(sorted values: [Double], _ p: Double) -> Double {
        interpolatedQuantile(count: values.count, p) { values[$0] }
    }

    /// The same for `count` sorted values read through `at` (a sorted position's value),
    /// for callers that hold them in another form: runs of equal keys, a partial order.
    @inline(__always)
    static func interpolatedQuantile(count: Int, _ p: Double, at: (Int) -> Double) -> Double {
        let h = Double(count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, count - 1)
        return at(lo) + (h - Double(lo)) * (at(hi) - at(lo))
    }

    /// Distinct present values per group: each group's values sorted on their own. Sorting
    /// (group, value) pairs of the whole column instead took a second for 13 million rows.
    private func distinctCounts(_ grouping: Grouping) -> [Int64] {
        let (offsets, rows) = grouping.rowsByGroup()
        var out = [Int64](repeating: 0, count: grouping.groupCount)
        var values: [Int64] = []
        func count(_ bits: (Int) -> Int64) {
            for g in 0..<grouping.groupCount {
                values.removeAll(keepingCapacity: true)
                for k in offsets[g]..<offsets[g + 1] where !isMissing(rows[k]) { values.append(bits(rows[k])) }
                values.sort()
                var distinct: Int64 = 0
                for k in values.indices where k == 0 || values[k] != values[k - 1] { distinct += 1 }
                out[g] = distinct
            }
        }
        switch storage {
        case .int(let v): count { v[$0] }
        case .int32(let v): count { Int64(v[$0]) }
        case .int8(let v): count { Int64(v[$0]) }
        case .double(let v): count { Int64(bitPattern: (v[$0] == 0 ? 0 : v[$0]).bitPattern) }  // -0.0 is 0.0
        case .bool(let v): count { v[$0] ? 1 : 0 }
        case .category(let codes, _): count { Int64(codes[$0]) }
        }
        return out
    }
}

extension Table {
    /// One output column of a group-by: `aggregation` of `column`, named `name`.
    public struct AggregateSpec: Sendable {
        public var name: String
        public var column: String
        public var aggregation: Aggregation

        public init(_ name: String, _ aggregation: Aggregation, of column: String) {
            self.name = name
            self.column = column
            self.aggregation = aggregation
        }
    }

    /// One row per distinct combination of `keys`, in order of first appearance: the key
    /// columns, then each aggregate.
    public func groupBy(_ keys: [String], _ specs: [AggregateSpec]) throws(TableError) -> Table {
        var keyColumns: [Column] = []
        for key in keys { keyColumns.append(try column(key)) }
        let grouping = Grouping(keys: keyColumns, rowCount: rowCount)
        var names = keys
        var columns = keyColumns.map { $0.gather(grouping.firstRow) }
        for spec in specs {
            names.append(spec.name)
            if spec.aggregation == .count && spec.column.isEmpty {
                columns.append(Column.integers(grouping.rowCounts()))
            } else {
                columns.append(try column(spec.column).aggregate(spec.aggregation, by: grouping, name: spec.column))
            }
        }
        return try Table(names: names, columns: columns)
    }
}
