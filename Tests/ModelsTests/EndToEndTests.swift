import Testing
@testable import Models

/// The validation pieces used together, as the shell will: cross-validate, calibrate the
/// out-of-fold predictions, then choose a refusal threshold on them.
@Suite struct EndToEndTests {
    @Test func crossValidateCalibrateAndChooseAThreshold() throws {
        let (columns, y) = SyntheticData.creditLike(rows: 5000, features: 12, seed: 77)
        let x = FeatureMatrix(columns: columns, names: SyntheticData.names(12))
        let folds = try StratifiedFolds(labels: y, k: 5, seed: 1)
        var p = GBDTParameters()
        p.iterations = 30
        p.numLeaves = 7
        p.learningRate = 0.1
        let gbdt = try CrossValidation.run(labels: y, folds: folds) { (train: [Int], valid: [Int]) throws(GBDTError) -> [Double] in
            let model = try GBDTModel.train(x.rows(train), labels: train.map { y[$0] }, parameters: p)
            return try model.probabilities(x.rows(valid))
        }
        #expect(gbdt.outOfFold.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(gbdt.foldMetrics.count == 5)
        #expect(gbdt.overall.auc! > gbdt.baseline.auc! + 0.15)
        #expect(gbdt.overall.logLoss < gbdt.baseline.logLoss)

        // The same folds for a logistic regression: a comparable, weaker-or-equal reference.
        let logistic = try CrossValidation.run(labels: y, folds: folds) { (train: [Int], valid: [Int]) throws(LogisticError) -> [Double] in
            try LogisticModel.fit(x.rows(train), labels: train.map { y[$0] }).probabilities(x.rows(valid))
        }
        #expect(logistic.overall.auc! > gbdt.baseline.auc! + 0.1)

        // Calibrate on the out-of-fold predictions (cross-fitted, so an honest estimate).
        let calibrationFolds = try StratifiedFolds(labels: y, k: 2, seed: 2)
        let calibrated = try CrossValidation.run(labels: y, folds: calibrationFolds) { (train: [Int], valid: [Int]) throws(CalibrationError) -> [Double] in
            let c = try Calibrator.fit(.platt, labels: train.map { y[$0] }, probabilities: train.map { gbdt.outOfFold[$0] })
            return valid.map { c.apply(gbdt.outOfFold[$0]) }
        }
        #expect(calibrated.overall.calibration.expectedCalibrationError < 0.02)

        let analysis = try ThresholdAnalysis(labels: y, probabilities: calibrated.outOfFold)
        #expect(analysis.cost <= min(analysis.costApproveAll, analysis.costRefuseAll))
        #expect(analysis.confusion.total == y.count)
        // With calibrated probabilities, the textbook threshold fp/(fp+fn) is close to optimal.
        #expect(analysis.decisionCost <= 1.1 * analysis.cost)
        #expect(analysis.confusion.approvalRate > 0.3 && analysis.confusion.approvalRate < 1)
    }
}
