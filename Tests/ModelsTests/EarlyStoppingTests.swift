import Foundation
import Testing
@testable import Models

@Suite struct EarlyStoppingTests {
    /// A weak signal in much noise, and trees that overfit it quickly.
    static func setUp(metric: EarlyStoppingMetric) -> (FeatureMatrix, [Bool], EvaluationSet, GBDTParameters) {
        let all = SyntheticData.uniform(rows: 1600, features: 5, seed: 12)
        var rng = SeededGenerator(seed: 13)
        let y = (0..<1600).map { r in rng.nextUnit() < 0.2 + 0.3 * all[0][r] }
        let x = FeatureMatrix(columns: all, names: SyntheticData.names(5))
        let train = x.rows(Array(0..<800)), valid = x.rows(Array(800..<1600))
        var p = GBDTParameters()
        p.iterations = 200
        p.learningRate = 0.3
        p.numLeaves = 31
        p.minDataInLeaf = 3
        p.earlyStoppingRounds = 10
        p.earlyStoppingMetric = metric
        return (train, Array(y[0..<800]), EvaluationSet(valid, Array(y[800...])), p)
    }

    @Test(arguments: [EarlyStoppingMetric.logLoss, .auc])
    func stopsAndKeepsTheBestRound(metric: EarlyStoppingMetric) throws {
        let (x, y, valid, p) = Self.setUp(metric: metric)
        let model = try GBDTModel.train(x, labels: y, parameters: p, validation: valid)
        let best = try #require(model.bestIteration)
        #expect(best < 100)
        #expect(model.trees.count == best)
        // It ran exactly 10 rounds past the best, and the best is where the metric peaks.
        #expect(model.validationHistory.count == best + 10)
        let history = model.validationHistory
        let peak = metric == .auc ? history.max()! : history.min()!
        #expect(history.firstIndex(of: peak)! + 1 == best)

        // Keeping the best round is the same as training that many rounds in the first place.
        var shorter = p
        shorter.iterations = best
        shorter.earlyStoppingRounds = nil
        let direct = try GBDTModel.train(x, labels: y, parameters: shorter)
        #expect(direct.trees == model.trees)
        #expect(try direct.rawScores(valid.features) == model.rawScores(valid.features))
    }

    @Test func historyIsTheMetricOfThePredictions() throws {
        var (x, y, valid, p) = Self.setUp(metric: .logLoss)
        p.earlyStoppingRounds = nil
        p.iterations = 5
        let model = try GBDTModel.train(x, labels: y, parameters: p, validation: valid)
        #expect(model.bestIteration == nil && model.trees.count == 5)
        let loss = Metrics.logLoss(labels: valid.labels, probabilities: try model.probabilities(valid.features))
        #expect(abs(model.validationHistory.last! - loss) < 1e-12)
    }
}
