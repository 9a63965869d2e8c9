import Tables

/// Where one client's value stands among many: the share of clients below it, or with the
/// same level. An explanation asks this of a dozen columns of the training table, which has
/// 300,000 rows at full size, so each answer is one pass over the column's buffer without a
/// value or a string per row.
enum Standing {
    /// The share of present values at or below `x` (strictly below when `strictly`); nil when
    /// none is present or the column is not numeric.
    static func share(of column: Column, below x: Double, strictly: Bool = false) -> Double? {
        guard let values = column.doublesWithNaN() else { return nil }
        var below = 0, present = 0
        for v in values where !v.isNaN {
            present += 1
            if strictly ? v < x : v <= x { below += 1 }
        }
        return present > 0 ? Double(below) / Double(present) : nil
    }

    /// Whether a column's present values are all 0 or 1, and some are present.
    static func isFlag(_ column: Column) -> Bool {
        guard let values = column.doublesWithNaN() else { return false }
        var any = false
        for v in values where !v.isNaN {
            guard v == 0 || v == 1 else { return false }
            any = true
        }
        return any
    }

    /// The share of present values of `training` equal to the client's value (a category's
    /// level, or a number).
    static func levelShare(of column: Column, row: Int, among training: Column?) -> Double? {
        guard let training, !column.isMissing(row), training.count > 0 else { return nil }
        var same = 0
        let present = training.count - training.missingCount
        guard present > 0 else { return nil }
        if case .category(let codes, let levels) = training.storage {
            guard let code = levels.firstIndex(of: column[row].description).map(Int32.init) else { return 0 }
            for i in 0..<codes.count where codes[i] == code && !training.isMissing(i) { same += 1 }
        } else if let x = column.number(at: row), let values = training.doublesWithNaN() {
            for v in values where v == x { same += 1 }
        } else {
            let level = column[row].description
            for i in 0..<training.count where !training.isMissing(i) && training[i].description == level { same += 1 }
        }
        return Double(same) / Double(present)
    }
}
