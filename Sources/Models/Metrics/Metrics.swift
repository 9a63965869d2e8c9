import Foundation

/// Binary classification metrics for a credit model's scores.
///
/// Labels are `true` for the event (a default). Scores are any numbers where larger means
/// more likely to default (log-odds or probabilities); the probability metrics (log-loss,
/// Brier) need probabilities. Definitions follow scikit-learn, so figures can be checked
/// against a Python notebook. Ranking metrics return `nil` when a class is absent, where
/// scikit-learn raises an error: they are undefined there, not zero.
///
///     let auc = Metrics.rocAUC(labels: y, scores: p)   // 0.5 = random, 1 = perfect
public enum Metrics {
    /// Area under the ROC curve: the probability that a random defaulter scores above a
    /// random non-defaulter, ties counting one half (the trapezoid rule over the ROC curve,
    /// as scikit-learn's `roc_auc_score`). Computed from average ranks in O(n log n).
    public static func rocAUC(labels: [Bool], scores: [Double]) -> Double? {
        rocAUC(ScoreRanking(labels: labels, scores: scores))
    }

    static func rocAUC(_ ranking: ScoreRanking) -> Double? {
        let p = ranking.positives, n = ranking.negatives
        guard p > 0, n > 0 else { return nil }
        // Mann–Whitney: sum of the positives' ranks, a tie group sharing its average rank.
        var rankSum = 0.0
        for group in ranking.tieGroups() {
            var groupPositives = 0
            for i in group where ranking.sortedLabels[i] { groupPositives += 1 }
            let averageRank = Double(group.lowerBound + group.upperBound + 1) / 2  // ranks are 1-based
            rankSum += Double(groupPositives) * averageRank
        }
        let pd = Double(p)
        return (rankSum - pd * (pd + 1) / 2) / (pd * Double(n))
    }

    /// Gini coefficient (accuracy ratio) = 2·AUC − 1, the figure credit-risk reports quote.
    public static func gini(labels: [Bool], scores: [Double]) -> Double? {
        rocAUC(labels: labels, scores: scores).map { 2 * $0 - 1 }
    }

    /// Mean binary cross-entropy, with probabilities clipped to [1e-15, 1 − 1e-15] so that
    /// a confident mistake costs about 34.5 nats instead of infinity.
    public static func logLoss(labels: [Bool], probabilities: [Double]) -> Double {
        precondition(labels.count == probabilities.count, "labels and probabilities differ in length")
        guard !labels.isEmpty else { return .nan }
        let eps = 1e-15
        var total = 0.0
        for (y, raw) in zip(labels, probabilities) {
            let p = min(max(raw, eps), 1 - eps)
            total -= y ? log(p) : log(1 - p)
        }
        return total / Double(labels.count)
    }

    /// Brier score: mean squared difference between probability and outcome (0 is perfect).
    public static func brier(labels: [Bool], probabilities: [Double]) -> Double {
        precondition(labels.count == probabilities.count, "labels and probabilities differ in length")
        guard !labels.isEmpty else { return .nan }
        var total = 0.0
        for (y, p) in zip(labels, probabilities) {
            let d = p - (y ? 1 : 0)
            total += d * d
        }
        return total / Double(labels.count)
    }

    /// Area under the precision–recall curve as scikit-learn's `average_precision_score`:
    /// Σ (Rₙ − Rₙ₋₁)·Pₙ over thresholds at each distinct score, highest first. Unlike a
    /// trapezoid it does not interpolate, which would be optimistic. With ~8% defaulters
    /// it tells more than AUC about the top of the ranking.
    public static func averagePrecision(labels: [Bool], scores: [Double]) -> Double? {
        averagePrecision(ScoreRanking(labels: labels, scores: scores))
    }

    static func averagePrecision(_ ranking: ScoreRanking) -> Double? {
        guard ranking.positives > 0 else { return nil }
        var truePositives = 0, flagged = 0
        var previousRecall = 0.0, area = 0.0
        for group in ranking.tieGroups().reversed() {
            for i in group where ranking.sortedLabels[i] { truePositives += 1 }
            flagged += group.count
            let recall = Double(truePositives) / Double(ranking.positives)
            let precision = Double(truePositives) / Double(flagged)
            area += (recall - previousRecall) * precision
            previousRecall = recall
        }
        return area
    }
}
