extension Column {
    /// The values at `rows`, in that order; a negative row gives a missing value
    /// (how a left join marks clients without a match).
    public func gather(_ rows: [Int]) -> Column {
        var validity: Bitmap?
        if self.validity != nil || rows.contains(where: { $0 < 0 }) {
            var bits = Bitmap(count: rows.count, value: false)
            for (i, r) in rows.enumerated() where r >= 0 && !isMissing(r) { bits.set(i) }
            validity = bits
        }
        switch storage {
        case .int(let v): return Column(.int(Self.pick(v, rows, 0)), validity: validity)
        case .int32(let v): return Column(.int32(Self.pick(v, rows, 0)), validity: validity)
        case .double(let v): return Column(.double(Self.pick(v, rows, 0)), validity: validity)
        case .bool(let v): return Column(.bool(Self.pick(v, rows, false)), validity: validity)
        case .category(let codes, let levels):
            return Column(.category(codes: Self.pick(codes, rows, 0), levels: levels), validity: validity)
        }
    }

    @inline(__always)
    private static func pick<T>(_ values: [T], _ rows: [Int], _ filler: T) -> [T] {
        values.withUnsafeBufferPointer { src in
            [T](unsafeUninitializedCapacity: rows.count) { out, n in
                for (i, r) in rows.enumerated() { (out.baseAddress! + i).initialize(to: r >= 0 ? src[r] : filler) }
                n = rows.count
            }
        }
    }
}

extension Table {
    /// The rows at `rows`, in that order (negative rows are all-missing).
    public func gather(_ rows: [Int]) -> Table {
        try! Table(names: names, columns: columns.map { $0.gather(rows) })
    }

    /// The rows where `mask` is true, in order.
    public func filter(_ mask: [Bool]) -> Table {
        precondition(mask.count == rowCount, "mask length differs from row count")
        var rows: [Int] = []
        rows.reserveCapacity(mask.count)
        for i in mask.indices where mask[i] { rows.append(i) }
        return gather(rows)
    }
}

extension Column {
    /// The rows of an integer column whose value satisfies `predicate` (missing rows never do);
    /// empty for other types. Reads the stored width directly: no converted copy of the column.
    public func rows(where predicate: (Int64) -> Bool) -> [Int] {
        var out: [Int] = []
        switch storage {
        case .int(let v): for i in v.indices where predicate(v[i]) && !isMissing(i) { out.append(i) }
        case .int32(let v): for i in v.indices where predicate(Int64(v[i])) && !isMissing(i) { out.append(i) }
        default: break
        }
        return out
    }
}
