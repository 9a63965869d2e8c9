import Models

/// Partial dependence: the model's mean probability over a sample of clients when one
/// numeric feature is set to each value of a grid, everything else as it is. Whether that
/// curve only rises, only falls or turns is what a credit committee asks of each input
/// ("can more days late ever lower the risk?"), and what monotone constraints guarantee.
public struct PartialDependence: Sendable {
    public enum Shape: String, Sendable {
        case rising, falling, flat
        case turning = "not monotone"
    }

    public let feature: Int
    public let grid: [Double]
    public let curve: [Double]

    /// The curve of `feature` on up to 21 quantiles of its present values in `matrix`,
    /// averaged over `rows`.
    public init(_ model: ModelPayload, _ matrix: FeatureMatrix, feature: Int, rows: [Int]) throws(ModelError) {
        self.feature = feature
        let present = matrix.columns[feature].filter { !$0.isNaN }.sorted()
        var grid: [Double] = []
        if !present.isEmpty {
            for k in 0...20 {
                let v = present[k * (present.count - 1) / 20]
                if grid.last != v { grid.append(v) }
            }
        }
        self.grid = grid
        guard grid.count >= 2, !rows.isEmpty else {
            curve = []
            return
        }
        // Every sampled row once per grid value, in one matrix: one scoring call.
        var columns = matrix.columns.map { column in
            var out = [Double]()
            out.reserveCapacity(rows.count * grid.count)
            for _ in grid { for r in rows { out.append(column[r]) } }
            return out
        }
        for (g, value) in grid.enumerated() {
            for k in 0..<rows.count { columns[feature][g * rows.count + k] = value }
        }
        let p = try model.probabilities(FeatureMatrix(columns: columns, names: matrix.names))
        curve = grid.indices.map { g in p[(g * rows.count)..<((g + 1) * rows.count)].reduce(0, +) / Double(rows.count) }
    }

    /// The largest move of the curve against its overall direction (0 for a monotone curve).
    public var largestReversal: Double {
        guard let first = curve.first, let last = curve.last else { return 0 }
        let rising = last >= first
        return zip(curve, curve.dropFirst()).reduce(0) { worst, pair in max(worst, rising ? pair.0 - pair.1 : pair.1 - pair.0) }
    }

    public var shape: Shape {
        guard let first = curve.first, let last = curve.last else { return .flat }
        if largestReversal > 1e-12 { return .turning }
        return last > first ? .rising : last < first ? .falling : .flat
    }
}
