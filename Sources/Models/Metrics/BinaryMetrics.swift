/// The usual validation figures of a probability-of-default model in one value, computed
/// over one shared ranking.
///
///     let report = BinaryMetrics(labels: y, probabilities: p)
///     print(report.auc, report.gini, report.ks)
public struct BinaryMetrics: Sendable, Equatable {
    public let count: Int
    public let positives: Int
    /// `nil` when one class is absent (see `Metrics`).
    public let auc: Double?
    public let gini: Double?
    public let ks: KSStatistic?
    public let averagePrecision: Double?
    public let logLoss: Double
    public let brier: Double
    public let calibration: CalibrationTable

    public init(labels: [Bool], probabilities: [Double]) {
        let ranking = ScoreRanking(labels: labels, scores: probabilities)
        count = labels.count
        positives = ranking.positives
        auc = Metrics.rocAUC(ranking)
        gini = auc.map { 2 * $0 - 1 }
        ks = KSStatistic(ranking)
        averagePrecision = Metrics.averagePrecision(ranking)
        logLoss = Metrics.logLoss(labels: labels, probabilities: probabilities)
        brier = Metrics.brier(labels: labels, probabilities: probabilities)
        calibration = CalibrationTable(ranking, groups: 10)
    }
}
