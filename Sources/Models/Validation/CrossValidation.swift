/// Out-of-fold predictions and metrics of any model, through a closure that fits on some
/// rows and predicts others, so the same driver serves boosting, logistic regression and
/// scorecards.
///
///     let folds = try StratifiedFolds(labels: y, k: 5, seed: 1)
///     let cv = try CrossValidation.run(labels: y, folds: folds) { train, valid in
///         let model = try GBDTModel.train(x.rows(train), labels: train.map { y[$0] }, parameters: p)
///         return try model.probabilities(x.rows(valid))
///     }
///     print(cv.overall.auc, cv.foldMetrics.map(\.auc), cv.baseline.logLoss)
public struct CrossValidation: Sendable {
    /// The probability predicted for every row by the model that did not see it.
    public let outOfFold: [Double]
    /// Metrics of each fold's held-out rows, in fold order.
    public let foldMetrics: [BinaryMetrics]
    /// Metrics of all out-of-fold predictions together. They pool folds whose models
    /// differ, so AUC here can be a little below the mean fold AUC.
    public let overall: BinaryMetrics
    /// The same folds scored by `BaseRateBaseline`: what a model must beat.
    public let baseline: BinaryMetrics
    public let folds: StratifiedFolds
    /// With early stopping, the round each fold's model stopped at (in fold order).
    public var bestRounds: [Int]? = nil

    /// Runs `fit(trainRows, validRows)` once per fold, in fold order (rows ascending in
    /// both). It must return one probability per row of `validRows`, in that order; any
    /// other count is a programming error and stops the program.
    public static func run<E: Error>(
        labels: [Bool], folds: StratifiedFolds,
        _ fit: (_ trainRows: [Int], _ validRows: [Int]) throws(E) -> [Double]
    ) throws(E) -> CrossValidation {
        precondition(labels.count == folds.rowCount, "folds were made for another number of rows")
        var outOfFold = [Double](repeating: .nan, count: labels.count)
        var baseline = outOfFold
        var foldMetrics: [BinaryMetrics] = []
        for f in 0..<folds.k {
            let train = folds.trainRows(f), valid = folds.validRows(f)
            let predicted = try fit(train, valid)
            precondition(predicted.count == valid.count, "fold \(f): \(predicted.count) predictions for \(valid.count) rows")
            let rate = BaseRateBaseline(labels: train.map { labels[$0] }).rate
            for (row, p) in zip(valid, predicted) {
                outOfFold[row] = p
                baseline[row] = rate
            }
            foldMetrics.append(BinaryMetrics(labels: valid.map { labels[$0] }, probabilities: predicted))
        }
        return CrossValidation(
            outOfFold: outOfFold, foldMetrics: foldMetrics,
            overall: BinaryMetrics(labels: labels, probabilities: outOfFold),
            baseline: BinaryMetrics(labels: labels, probabilities: baseline), folds: folds)
    }
}
