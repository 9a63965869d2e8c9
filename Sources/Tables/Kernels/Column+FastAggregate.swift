/// Typed per-group kernels for the common aggregates over integer and double columns.
///
/// The general kernels read each row through `number(at:)` (a switch on the storage and an
/// optional per row) and, for the mean, run Welford's update with a division per row. These
/// read the stored buffer directly and give bit-identical results: the same values in the same
/// row order, the same first-wins tie rule for min and max.
extension Column {
    /// `aggregation` by typed kernels, or nil when there is none for this column and aggregation.
    func fastAggregate(_ aggregation: Aggregation, by grouping: Grouping) -> Column? {
        switch aggregation {
        case .min, .max:
            let max = aggregation == .max
            switch storage {
            case .int32(let v):
                return v.withUnsafeBufferPointer { extremes($0, grouping, max: max, zero: 0) }.map { Column(.int32($0.values), validity: $0.valid) }
            case .int8(let v):
                return v.withUnsafeBufferPointer { extremes($0, grouping, max: max, zero: 0) }.map { Column(.int8($0.values), validity: $0.valid) }
            case .int(let v):
                return v.withUnsafeBufferPointer { extremes($0, grouping, max: max, zero: 0) }.map { Column(.int($0.values), validity: $0.valid) }
            case .double(let v):
                return v.withUnsafeBufferPointer { extremes($0, grouping, max: max, zero: 0) }.map { Column(.double($0.values), validity: $0.valid) }
            default: return nil
            }
        case .sum where type == .double, .mean:
            let sums: (n: [Int], sum: [Double])
            switch storage {
            case .int32(let v): sums = v.withUnsafeBufferPointer { sumCount($0, grouping) { Double($0) } }
            case .int8(let v): sums = v.withUnsafeBufferPointer { sumCount($0, grouping) { Double($0) } }
            case .int(let v): sums = v.withUnsafeBufferPointer { sumCount($0, grouping) { Double($0) } }
            case .double(let v): sums = v.withUnsafeBufferPointer { sumCount($0, grouping) { $0 } }
            default: return nil
            }
            var out = [Double](repeating: 0, count: grouping.groupCount)
            var valid = Bitmap(count: grouping.groupCount, value: false)
            for g in 0..<grouping.groupCount where sums.n[g] > 0 {
                out[g] = aggregation == .sum ? sums.sum[g] : sums.sum[g] / Double(sums.n[g])
                valid.set(g)
            }
            return Column(.double(out), validity: valid)
        default:
            return nil
        }
    }

    /// Per group, the first smallest (or largest) present value; nil validity when every group has one.
    private func extremes<T: Comparable>(_ v: UnsafeBufferPointer<T>, _ grouping: Grouping, max: Bool, zero: T) -> (values: [T], valid: Bitmap?)? {
        extremes(v, grouping, max: max, zero: zero, by: { $0 })
    }

    @inline(__always)
    private func extremes<T, K: Comparable>(
        _ v: UnsafeBufferPointer<T>, _ grouping: Grouping, max: Bool, zero: T, by key: (T) -> K
    ) -> (values: [T], valid: Bitmap?)? {
        let groups = grouping.groupCount
        guard let first = v.first else { return nil }
        var best = [T](repeating: first, count: groups)
        var seen = [Bool](repeating: false, count: groups)
        let validity = self.validity
        best.withUnsafeMutableBufferPointer { best in
            seen.withUnsafeMutableBufferPointer { seen in
                if grouping.contiguous && validity == nil {
                    // Each group a slice: start from its first row, no group id per row.
                    grouping.firstRow.withUnsafeBufferPointer { start in
                        for g in 0..<groups {
                            let end = g + 1 < groups ? start[g + 1] : v.count
                            var b = v[start[g]]
                            var bk = key(b)
                            for i in (start[g] + 1)..<end {
                                let x = v[i], xk = key(x)
                                if max ? xk > bk : xk < bk { b = x; bk = xk }
                            }
                            best[g] = b
                            seen[g] = true
                        }
                    }
                    return
                }
                grouping.groupOfRow.withUnsafeBufferPointer { gid in
                    for i in 0..<v.count {
                        if let validity, !validity[i] { continue }
                        let g = Int(gid[i])
                        let x = v[i]
                        if !seen[g] { best[g] = x; seen[g] = true; continue }
                        let xk = key(x), bk = key(best[g])
                        if max ? xk > bk : xk < bk { best[g] = x }
                    }
                }
            }
        }
        if seen.allSatisfy({ $0 }) { return (best, nil) }
        // Groups without a value hold 0, as every kernel writes in missing slots.
        for g in 0..<groups where !seen[g] { best[g] = zero }
        return (best, Bitmap(seen))
    }

    /// Present values and their plain sum per group, in row order.
    ///
    /// Rows of one group usually come in runs (a client's months, a credit's history): the
    /// running sum and count stay in registers along a run and are stored when the group
    /// changes. Adding `sum[g] += x` row by row instead waits, at every row, for the store of
    /// the row before. The additions are the same, in the same order, so the same bits.
    private func sumCount<T>(_ v: UnsafeBufferPointer<T>, _ grouping: Grouping, _ number: (T) -> Double) -> (n: [Int], sum: [Double]) {
        let groups = grouping.groupCount
        var n = [Int](repeating: 0, count: groups)
        var sum = [Double](repeating: 0, count: groups)
        let validity = self.validity
        n.withUnsafeMutableBufferPointer { n in
            sum.withUnsafeMutableBufferPointer { sum in
                grouping.groupOfRow.withUnsafeBufferPointer { gid in
                    var current = -1, runSum = 0.0, runCount = 0
                    @inline(__always) func add(_ i: Int) {
                        let g = Int(gid[i])
                        if g != current {
                            if current >= 0 { sum[current] = runSum; n[current] = runCount }
                            current = g
                            runSum = sum[g]
                            runCount = n[g]
                        }
                        runSum += number(v[i])
                        runCount += 1
                    }
                    if let validity {
                        validity.words.withUnsafeBufferPointer { words in
                            for i in 0..<v.count where words[i >> 6] & (1 << UInt64(i & 63)) != 0 { add(i) }
                        }
                    } else {
                        for i in 0..<v.count { add(i) }
                    }
                    if current >= 0 { sum[current] = runSum; n[current] = runCount }
                }
            }
        }
        return (n, sum)
    }
}
