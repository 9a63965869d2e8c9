/// Predicted against observed default rates in groups of predicted probability (deciles
/// by default), and the expected calibration error: whether "8% probability of default"
/// means that 8 in 100 such clients default.
///
/// Groups hold about equal numbers of rows, lowest probabilities first; rows with equal
/// probabilities always share a group (see `ScoreRanking.quantileGroups`).
public struct CalibrationTable: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        public let count: Int
        public let positives: Int
        public let minProbability: Double
        public let maxProbability: Double
        public let meanPredicted: Double
        /// The share of rows in the bin that defaulted.
        public var observedRate: Double { Double(positives) / Double(count) }
    }

    public let bins: [Bin]

    /// Σ (rows in bin / rows) · |observed rate − mean predicted|: 0 for a calibrated model.
    public var expectedCalibrationError: Double {
        let total = Double(bins.reduce(0) { $0 + $1.count })
        return bins.reduce(0) { $0 + Double($1.count) / total * abs($1.observedRate - $1.meanPredicted) }
    }

    public init(labels: [Bool], probabilities: [Double], groups: Int = 10) {
        self.init(ScoreRanking(labels: labels, scores: probabilities), groups: groups)
    }

    init(_ ranking: ScoreRanking, groups: Int) {
        bins = ranking.quantileGroups(groups).map { range in
            var positives = 0, sum = 0.0
            for i in range {
                if ranking.sortedLabels[i] { positives += 1 }
                sum += ranking.sortedScores[i]
            }
            return Bin(
                count: range.count, positives: positives,
                minProbability: ranking.sortedScores[range.lowerBound],
                maxProbability: ranking.sortedScores[range.upperBound - 1],
                meanPredicted: sum / Double(range.count))
        }
    }
}
