import Tables

/// Where one client's value stands among many: the share of clients below it, or with the
/// same value or level.
///
/// An explanation asks this of a dozen columns of the training table, 300,000 rows at full
/// size, for every client explained. A numeric column's present values are therefore sorted
/// once (`Standing.Sorted`, kept by `Standing.Cache`) and each question is a binary search.
enum Standing {
    /// A numeric column's present values in order.
    struct Sorted {
        let values: [Double]
        /// Whether every present value is 0 or 1 (a flag stands like a category).
        let isFlag: Bool

        init?(_ column: Column) {
            guard var present = column.doublesWithNaN() else { return nil }
            present.removeAll { $0.isNaN }
            present.sort()
            values = present
            isFlag = !present.isEmpty && present.first! >= 0 && present.last! <= 1 && present.allSatisfy { $0 == 0 || $0 == 1 }
        }

        /// The share of values at or below `x` (strictly below when `strictly`); nil for none.
        func share(below x: Double, strictly: Bool = false) -> Double? {
            guard !values.isEmpty else { return nil }
            return Double(strictly ? firstIndex { $0 >= x } : firstIndex { $0 > x }) / Double(values.count)
        }

        /// The share of values equal to `x`.
        func share(equalTo x: Double) -> Double? {
            guard !values.isEmpty else { return nil }
            return Double(firstIndex { $0 > x } - firstIndex { $0 >= x }) / Double(values.count)
        }

        /// The first index whose value satisfies `predicate`, which is false then true along
        /// the sorted values.
        private func firstIndex(where predicate: (Double) -> Bool) -> Int {
            var low = 0, high = values.count
            while low < high {
                let mid = (low + high) / 2
                if predicate(values[mid]) { high = mid } else { low = mid + 1 }
            }
            return low
        }
    }

    /// Sorted columns, kept while the columns themselves live. Each entry holds its column, so
    /// the buffer that keys it cannot be freed and reused by another column while the entry
    /// exists; a table rebound under the same name has new buffers, hence new entries.
    final class Cache {
        private struct Key: Hashable {
            let address: UInt
            let count: Int
        }

        private var entries: [Key: (column: Column, sorted: Sorted)] = [:]
        /// Enough for every column a few explanations show; beyond it, the cache starts over.
        private let limit = 128

        func sorted(_ column: Column) -> Sorted? {
            guard let key = Self.key(column) else { return nil }
            if let hit = entries[key] { return hit.sorted }
            guard let sorted = Sorted(column) else { return nil }
            if entries.count >= limit { entries.removeAll() }
            entries[key] = (column, sorted)
            return sorted
        }

        private static func key(_ column: Column) -> Key? {
            func address<T>(_ values: [T]) -> UInt { values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
            switch column.storage {
            case .double(let v): return Key(address: address(v), count: v.count)
            case .int(let v): return Key(address: address(v), count: v.count)
            case .int32(let v): return Key(address: address(v), count: v.count)
            case .bool(let v): return Key(address: address(v), count: v.count)
            case .category: return nil
            }
        }
    }

    /// The share of present values at or below `x` (strictly below when `strictly`), without a
    /// cache (a one-off question, such as a group of neighbours).
    static func share(of column: Column, below x: Double, strictly: Bool = false) -> Double? {
        Sorted(column)?.share(below: x, strictly: strictly)
    }

    /// The share of present values of `training` equal to the client's value (a category's
    /// level, or a number).
    static func levelShare(of column: Column, row: Int, among training: Column?, cache: Cache? = nil) -> Double? {
        guard let training, !column.isMissing(row), training.count > 0 else { return nil }
        let present = training.count - training.missingCount
        guard present > 0 else { return nil }
        if case .category(let codes, let levels) = training.storage {
            guard let code = levels.firstIndex(of: column[row].description).map(Int32.init) else { return 0 }
            var same = 0
            for i in 0..<codes.count where codes[i] == code && !training.isMissing(i) { same += 1 }
            return Double(same) / Double(present)
        }
        if let x = column.number(at: row), let sorted = cache?.sorted(training) ?? Sorted(training) { return sorted.share(equalTo: x) }
        let level = column[row].description
        var same = 0
        for i in 0..<training.count where !training.isMissing(i) && training[i].description == level { same += 1 }
        return Double(same) / Double(present)
    }
}
