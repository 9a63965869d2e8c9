/// Lift and gain by group of score, highest scores first (deciles by default): how much
/// richer in defaulters the riskiest tenth is than the book, and what share of all
/// defaulters the riskiest k tenths capture.
///
/// Rows with equal scores always share a group, so heavy ties give fewer groups.
public struct LiftTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public let count: Int
        public let positives: Int
        /// The lowest and highest score in the group.
        public let minScore: Double
        public let maxScore: Double
        /// Default rate in the group.
        public let rate: Double
        /// Group rate ÷ overall rate.
        public let lift: Double
        /// Share of all rows in this and the riskier groups.
        public let cumulativeShare: Double
        /// Share of all defaulters in this and the riskier groups (the gain, or capture rate).
        public let cumulativeGain: Double
        /// Default rate of this and the riskier groups ÷ overall rate.
        public let cumulativeLift: Double
    }

    public let rows: [Row]

    public init(labels: [Bool], scores: [Double], groups: Int = 10) {
        let ranking = ScoreRanking(labels: labels, scores: scores)
        let n = Double(labels.count), p = Double(ranking.positives)
        let overall = p / n
        var seenRows = 0, seenPositives = 0
        rows = ranking.quantileGroups(groups).reversed().map { range in
            var positives = 0
            for i in range where ranking.sortedLabels[i] { positives += 1 }
            seenRows += range.count
            seenPositives += positives
            let rate = Double(positives) / Double(range.count)
            let cumulativeRate = Double(seenPositives) / Double(seenRows)
            return Row(
                count: range.count, positives: positives,
                minScore: ranking.sortedScores[range.lowerBound],
                maxScore: ranking.sortedScores[range.upperBound - 1],
                rate: rate, lift: rate / overall,
                cumulativeShare: Double(seenRows) / n,
                cumulativeGain: p == 0 ? .nan : Double(seenPositives) / p,
                cumulativeLift: cumulativeRate / overall)
        }
    }
}
