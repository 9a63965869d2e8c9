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

    /// A numeric column's standing questions, answered by one pass over its buffer until the
    /// same column has been asked about a few times, then by binary search in a sorted copy
    /// kept while the column lives. Each entry holds its column, so the buffer that keys it
    /// cannot be freed and reused by another column while the entry exists; a table rebound
    /// under the same name has new buffers, hence new entries.
    final class Cache {
        private typealias Key = Column.Identity

        private var sorted: [Key: (column: Column, sorted: Sorted)] = [:]
        private var asked: [Key: Int] = [:]
        /// Sorting 300,000 values costs a few dozen passes: worth it from the third question on.
        private let sortAfter = 2
        /// Enough for every column a few explanations show; beyond it, the cache starts over.
        private let limit = 128

        /// Whether the column's present values are all 0 or 1.
        func isFlag(_ column: Column) -> Bool {
            if let hit = lookup(column) { return hit.isFlag }
            return pass(column, nil)?.isFlag ?? false
        }

        /// The share of present values at or below `x` (strictly below when `strictly`).
        func share(of column: Column, below x: Double, strictly: Bool = false) -> Double? {
            if let hit = lookup(column) { return hit.share(below: x, strictly: strictly) }
            guard let p = pass(column, x), p.present > 0 else { return nil }
            return Double(strictly ? p.below : p.below + p.equal) / Double(p.present)
        }

        /// The share of present values equal to `x`.
        func share(of column: Column, equalTo x: Double) -> Double? {
            if let hit = lookup(column) { return hit.share(equalTo: x) }
            guard let p = pass(column, x), p.present > 0 else { return nil }
            return Double(p.equal) / Double(p.present)
        }

        /// One pass over a column, answering every question about `x` at once; the last one is
        /// remembered, since an explanation asks about the same column and value twice.
        private struct Pass {
            var below = 0, equal = 0, present = 0
            var isFlag = true
        }
        /// Holds its column, so that its buffer's address cannot be reused while it is kept.
        private var last: (key: Key, x: Double, pass: Pass, column: Column)?

        /// `x` nil: any value's pass will do (whether the column is a flag).
        private func pass(_ column: Column, _ wanted: Double?) -> Pass? {
            guard let key = Self.key(column) else { return nil }
            if let last, last.key == key, wanted == nil || last.x == wanted { return last.pass }
            let x = wanted ?? 0
            var p = Pass()
            Standing.forEachPresent(column) { v in
                p.present += 1
                if v < x { p.below += 1 } else if v == x { p.equal += 1 }
                if v != 0 && v != 1 { p.isFlag = false }
            }
            p.isFlag = p.isFlag && p.present > 0
            last = (key, x, p, column)
            return p
        }

        /// How many present rows have each level of a categorical column, counted once per column.
        private var counted: [Key: (column: Column, counts: [Int])] = [:]

        func levelCounts(_ column: Column) -> [Int] {
            guard case .category = column.storage else { return [] }
            let key = column.identity
            if let hit = counted[key] { return hit.counts }
            let counts = column.levelCounts()
            if counted.count >= limit { counted.removeAll() }
            counted[key] = (column, counts)
            return counts
        }

        /// The column's present values in order (a distribution to draw), sorted now and kept.
        func sortedValues(_ column: Column) -> [Double]? {
            lookup(column, now: true)?.values
        }

        /// The sorted copy, made on the column's third question (or at once when `now`).
        private func lookup(_ column: Column, now: Bool = false) -> Sorted? {
            guard let key = Self.key(column) else { return nil }
            if let hit = sorted[key] { return hit.sorted }
            let times = (asked[key] ?? 0) + 1
            guard now || times > sortAfter, let made = Sorted(column) else {
                if asked.count >= limit * 8 { asked.removeAll() }
                asked[key] = times
                return nil
            }
            if sorted.count >= limit { sorted.removeAll() }
            sorted[key] = (column, made)
            asked[key] = nil
            return made
        }

        private static func key(_ column: Column) -> Key? {
            column.type == .category ? nil : column.identity
        }
    }

    /// Calls `body` with each present number of a numeric column, straight from its buffer.
    static func forEachPresent(_ column: Column, _ body: (Double) -> Void) {
        func each<T>(_ values: [T], _ number: (T) -> Double) {
            values.withUnsafeBufferPointer { buffer in
                if column.validity == nil {
                    for v in buffer { body(number(v)) }
                } else {
                    for i in 0..<buffer.count where !column.isMissing(i) { body(number(buffer[i])) }
                }
            }
        }
        switch column.storage {
        case .double(let v): each(v) { $0 }
        case .int(let v): each(v) { Double($0) }
        case .int32(let v): each(v) { Double($0) }
        case .int8(let v): each(v) { Double($0) }
        case .bool(let v): each(v) { $0 ? 1 : 0 }
        case .category: return
        }
    }

    /// The share of present values at or below `x` (strictly below when `strictly`), without a
    /// cache (a one-off question, such as a group of neighbours).
    static func share(of column: Column, below x: Double, strictly: Bool = false) -> Double? {
        Cache().share(of: column, below: x, strictly: strictly)
    }

    /// The share of present values of `training` equal to the client's value (a category's
    /// level, or a number).
    static func levelShare(of column: Column, row: Int, among training: Column?, cache: Cache? = nil) -> Double? {
        guard let training, !column.isMissing(row), training.count > 0 else { return nil }
        let present = training.count - training.missingCount
        guard present > 0 else { return nil }
        if case .category(_, let levels) = training.storage {
            guard let code = levels.firstIndex(of: column[row].description) else { return 0 }
            let counts = cache?.levelCounts(training) ?? training.levelCounts()
            return Double(counts[code]) / Double(present)
        }
        if let x = column.number(at: row), training.type != .category { return (cache ?? Cache()).share(of: training, equalTo: x) }
        let level = column[row].description
        var same = 0
        for i in 0..<training.count where !training.isMissing(i) && training[i].description == level { same += 1 }
        return Double(same) / Double(present)
    }
}
