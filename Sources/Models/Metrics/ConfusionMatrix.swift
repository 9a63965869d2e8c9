/// Counts of right and wrong decisions when every row scoring at or above a threshold is
/// flagged as a default (refused), and the rates analysts read off them.
///
///     let m = ConfusionMatrix(labels: y, probabilities: p, threshold: 0.09)
///     m.cost(falseNegative: 10, falsePositive: 1)
public struct ConfusionMatrix: Sendable, Equatable {
    public let threshold: Double
    /// Defaulters flagged.
    public let truePositives: Int
    /// Good clients flagged (refused for nothing).
    public let falsePositives: Int
    /// Good clients approved.
    public let trueNegatives: Int
    /// Defaulters approved: the expensive error.
    public let falseNegatives: Int

    public init(labels: [Bool], probabilities scores: [Double], threshold: Double) {
        precondition(labels.count == scores.count, "labels and scores differ in length")
        var tp = 0, fp = 0, tn = 0, fn = 0
        for (y, s) in zip(labels, scores) {
            let flagged = s >= threshold
            switch (y, flagged) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            case (true, false): fn += 1
            }
        }
        self.threshold = threshold
        (truePositives, falsePositives, trueNegatives, falseNegatives) = (tp, fp, tn, fn)
    }

    public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    public var positives: Int { truePositives + falseNegatives }
    public var negatives: Int { trueNegatives + falsePositives }

    /// Recall, sensitivity: the share of defaulters caught.
    public var truePositiveRate: Double { ratio(truePositives, positives) }
    /// The share of good clients refused.
    public var falsePositiveRate: Double { ratio(falsePositives, negatives) }
    /// Specificity: the share of good clients approved.
    public var trueNegativeRate: Double { ratio(trueNegatives, negatives) }
    /// Of the flagged rows, the share that are defaulters.
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    public var accuracy: Double { ratio(truePositives + trueNegatives, total) }
    public var f1: Double { ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }
    /// The share of rows approved (scoring below the threshold).
    public var approvalRate: Double { ratio(trueNegatives + falseNegatives, total) }
    /// Among approved rows, the share that default: the bad rate of the accepted book.
    public var defaultRateAmongApproved: Double { ratio(falseNegatives, trueNegatives + falseNegatives) }

    /// Total cost of the errors, e.g. `cost(falseNegative: 10, falsePositive: 1)`.
    public func cost(falseNegative: Double, falsePositive: Double) -> Double {
        falseNegative * Double(falseNegatives) + falsePositive * Double(falsePositives)
    }

    /// NaN when the denominator is zero: the rate is undefined, not zero.
    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }
}
