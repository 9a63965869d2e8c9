/// One key of a sort: a column and a direction. Missing values sort last either way.
public struct SortKey: Sendable, Equatable {
    public var column: String
    public var descending: Bool

    public init(_ column: String, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }
}

extension Table {
    /// The rows reordered by `keys`; stable, so rows equal on every key keep their order.
    public func sorted(by keys: [SortKey]) throws(TableError) -> Table {
        gather(try sortPermutation(by: keys))
    }

    /// The row order that sorts the table by `keys`.
    public func sortPermutation(by keys: [SortKey]) throws(TableError) -> [Int] {
        var comparers: [SortComparer] = []
        for key in keys { comparers.append(SortComparer(try column(key.column), descending: key.descending)) }
        var order = Array(0..<rowCount)
        order.sort { a, b in
            for comparer in comparers {
                let c = comparer.compare(a, b)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        return order
    }
}

/// Compares two rows of one column: numbers by value, categories by label, missing last.
private struct SortComparer {
    private enum Keys {
        case ints([Int64])
        case doubles([Double])
    }

    private let keys: Keys
    private let validity: Bitmap?
    private let direction: Int

    init(_ column: Column, descending: Bool) {
        validity = column.validity
        direction = descending ? -1 : 1
        switch column.storage {
        case .int(let v): keys = .ints(v)
        case .int32(let v): keys = .ints(v.map(Int64.init))
        case .int8(let v): keys = .ints(v.map(Int64.init))
        case .double(let v): keys = .doubles(v)
        case .bool(let v): keys = .ints(v.map { $0 ? 1 : 0 })
        case .category(let codes, let levels):
            // Rank levels alphabetically once, then compare ranks.
            // At least one slot: missing rows hold code 0 even when no level is present.
            var rank = [Int64](repeating: 0, count: max(levels.count, 1))
            for (r, code) in levels.indices.sorted(by: { levels[$0] < levels[$1] }).enumerated() { rank[code] = Int64(r) }
            keys = .ints(codes.map { rank[Int($0)] })
        }
    }

    @inline(__always)
    func compare(_ a: Int, _ b: Int) -> Int {
        if let validity {
            let va = validity[a], vb = validity[b]
            if !va || !vb { return va == vb ? 0 : (va ? -1 : 1) }
        }
        switch keys {
        case .ints(let v): return v[a] == v[b] ? 0 : (v[a] < v[b] ? -direction : direction)
        case .doubles(let v): return v[a] == v[b] ? 0 : (v[a] < v[b] ? -direction : direction)
        }
    }
}

extension Table {
    /// The first `limit` rows of the sorted order, without sorting every row: a bounded
    /// insertion into the best rows seen so far, O(n log limit) comparisons plus moves.
    public func sortPermutation(by keys: [SortKey], limit: Int) throws(TableError) -> [Int] {
        guard limit < rowCount / 8 && limit <= 4096 else { return Array(try sortPermutation(by: keys).prefix(limit)) }
        var comparers: [SortComparer] = []
        for key in keys { comparers.append(SortComparer(try column(key.column), descending: key.descending)) }
        func before(_ a: Int, _ b: Int) -> Bool {
            for comparer in comparers {
                let c = comparer.compare(a, b)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        var best: [Int] = []
        best.reserveCapacity(limit + 1)
        for row in 0..<rowCount {
            if best.count == limit, let worst = best.last, !before(row, worst) { continue }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if before(best[mid], row) { lo = mid + 1 } else { hi = mid }
            }
            best.insert(row, at: lo)
            if best.count > limit { best.removeLast() }
        }
        return best
    }
}
