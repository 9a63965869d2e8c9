/// A stratified train/held-out split: `fraction` of the defaulters and `fraction` of the
/// non-defaulters (each rounded to the nearest row) are held out, chosen with the seed, so
/// both parts keep the book's default rate.
///
///     let split = try HoldoutSplit(labels: y, fraction: 0.2, seed: 7)
///     let model = try GBDTModel.train(x.rows(split.trainRows), labels: split.trainRows.map { y[$0] })
public struct HoldoutSplit: Sendable, Equatable, Codable {
    public let fraction: Double
    public let seed: UInt64
    /// Rows to fit on, ascending.
    public let trainRows: [Int]
    /// Rows held out for evaluation, ascending.
    public let testRows: [Int]

    public init(labels: [Bool], fraction: Double = 0.2, seed: UInt64 = 0) throws(ValidationError) {
        guard fraction > 0 && fraction < 1 else {
            throw .invalidParameter(name: "fraction", reason: "must be in (0, 1)")
        }
        var positives: [Int] = [], negatives: [Int] = []
        for (row, y) in labels.enumerated() {
            if y { positives.append(row) } else { negatives.append(row) }
        }
        var held = [Bool](repeating: false, count: labels.count)
        var rng = SeededGenerator(seed: seed, stream: RandomStream.holdout)
        for rows in [positives, negatives] {
            let k = Int((Double(rows.count) * fraction).rounded())
            guard k > 0 && k < rows.count else {
                throw .classMissingFromSplit(positive: rows == positives, count: rows.count, fraction: fraction)
            }
            for i in rng.sample(k, of: rows.count) { held[rows[Int(i)]] = true }
        }
        self.fraction = fraction
        self.seed = seed
        trainRows = held.indices.filter { !held[$0] }
        testRows = held.indices.filter { held[$0] }
    }
}
