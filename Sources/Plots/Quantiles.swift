/// Quantiles by linear interpolation between order statistics: numpy's default
/// (`method="linear"`), R's type 7. The p-quantile of sorted x₀…xₙ₋₁ sits at position
/// h = (n − 1)·p, between x⌊h⌋ and x⌊h⌋₊₁.
enum Quantiles {
    /// The `p`-quantile (0…1) of `sorted` (ascending, non-empty).
    static func linear(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of an empty sample")
        let position = Double(sorted.count - 1) * Math.clamp(p, 0...1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let weight = position - Double(below)
        // Written as a weighted sum so that huge values of opposite signs cannot overflow.
        return sorted[below] * (1 - weight) + sorted[above] * weight
    }
}

/// Mean and sample standard deviation (n − 1), in two passes. Samples with huge values are
/// scaled down first, so that sums and squares cannot overflow.
enum Moments {
    static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let largest = values.map(abs).max() ?? 0
        if largest > 1e150 {
            let scaled = meanAndDeviation(values.map { $0 / largest })
            return (scaled.mean * largest, scaled.deviation * largest)
        }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, n > 1 ? (squares / (n - 1)).squareRoot() : 0)
    }
}
