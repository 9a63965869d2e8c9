/// The Kolmogorov–Smirnov statistic of a score: the largest gap between the cumulative
/// score distributions of defaulters and non-defaulters, the separation measure of
/// classic scorecard validation (equal to scipy's two-sample `ks_2samp` statistic).
public struct KSStatistic: Sendable, Equatable {
    /// max over thresholds of |TPR − FPR|, in [0, 1].
    public let value: Double
    /// The score at which the gap is largest: rows scoring at or above it are flagged.
    public let threshold: Double

    /// Scans every distinct score as a threshold; `nil` when a class is absent.
    public init?(labels: [Bool], scores: [Double]) {
        self.init(ScoreRanking(labels: labels, scores: scores))
    }

    init?(_ ranking: ScoreRanking) {
        let p = ranking.positives, n = ranking.negatives
        guard p > 0, n > 0 else { return nil }
        var truePositives = 0, falsePositives = 0
        var best = 0.0, bestThreshold = Double.infinity
        // Lower the threshold one tie group at a time, from the highest score.
        for group in ranking.tieGroups().reversed() {
            for i in group {
                if ranking.sortedLabels[i] { truePositives += 1 } else { falsePositives += 1 }
            }
            let gap = abs(Double(truePositives) / Double(p) - Double(falsePositives) / Double(n))
            if gap > best {
                best = gap
                bestThreshold = ranking.sortedScores[group.lowerBound]
            }
        }
        value = best
        threshold = bestThreshold
    }
}
