import Tables

/// What the trainer learns from the training rows' bin counts before the first tree: which
/// features can split at all, and how LightGBM would treat each categorical one.
struct FeatureScreen {
    /// Features worth offering to trees, ascending.
    let usable: [Int]
    /// Features dropped only by `feature_pre_filter` (no cut leaves `min_leaf` rows on both sides).
    let filtered: [Int]
    /// Per feature, the categories LightGBM gives a bin of their own: those with at least
    /// three training rows (its `min_data_in_bin`), and always the two most frequent.
    /// Zero for numeric features.
    let categoryCounts: [Int]

    init(data: BinnedData, parameters: GBDTParameters) {
        let counts = data.binCounts(threads: parameters.threads)
        let n = data.rowCount
        var usable: [Int] = [], filtered: [Int] = [], categories: [Int] = []
        for (f, bins) in data.bins.enumerated() {
            let c = counts[f]
            if bins.kind == .categorical {
                let present = c[0..<bins.valueBinCount].sorted(by: >).enumerated()
                    .filter { $0.element >= 3 || ($0.offset < 2 && $0.element > 0) }
                categories.append(present.count)
            } else {
                categories.append(0)
            }
            guard c.filter({ $0 > 0 }).count >= 2 else { continue }
            if parameters.featurePreFilter && !Self.hasCut(c, rows: n, minRows: parameters.minDataInLeaf, categorical: bins.kind == .categorical) {
                filtered.append(f)
            } else {
                usable.append(f)
            }
        }
        self.usable = usable
        self.filtered = filtered
        categoryCounts = categories
    }

    /// LightGBM's `feature_pre_filter` test (`NeedFilter`): whether some cut between
    /// consecutive bins (value bins in order, missing last) leaves `minRows` on each side.
    /// A categorical feature with two or more categories always passes, since its splits
    /// are sets, not cuts.
    static func hasCut(_ counts: [Int], rows: Int, minRows: Int, categorical: Bool) -> Bool {
        if categorical && counts.dropLast().filter({ $0 > 0 }).count >= 2 { return true }
        var left = 0
        for c in counts.dropLast() {
            left += c
            if left >= minRows && rows - left >= minRows { return true }
        }
        return false
    }
}
