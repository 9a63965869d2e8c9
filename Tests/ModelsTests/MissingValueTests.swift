import Foundation
import Testing
@testable import Models

/// Missing values go to the side of a split that gains more, and prediction follows it.
@Suite struct MissingValueTests {
    /// x uniform with 30% missing; the label is 1 exactly when x is missing or `positive(x)`.
    static func data(_ positive: (Double) -> Bool) -> (FeatureMatrix, [Bool]) {
        var rng = SeededGenerator(seed: 3)
        let x = (0..<2000).map { _ in rng.nextUnit() < 0.3 ? Double.nan : rng.nextUnit() }
        let y = x.map { $0.isNaN || positive($0) }
        return (FeatureMatrix(columns: [x], names: ["x"]), y)
    }

    static func stump(_ x: FeatureMatrix, _ y: [Bool]) throws -> GBDTModel {
        var p = GBDTParameters()
        p.iterations = 1
        p.numLeaves = 2
        return try GBDTModel.train(x, labels: y, parameters: p)
    }

    @Test func missingJoinsTheLowValuesWhenTheyShareTheOutcome() throws {
        let (x, y) = Self.data { $0 < 0.3 }
        let node = try Self.stump(x, y).trees[0].nodes[0]
        #expect(node.defaultLeft)
        #expect(abs(node.threshold - 0.3) < 0.01)
    }

    @Test func missingJoinsTheHighValuesWhenTheyShareTheOutcome() throws {
        let (x, y) = Self.data { $0 > 0.7 }
        let model = try Self.stump(x, y)
        let node = model.trees[0].nodes[0]
        #expect(!node.defaultLeft)
        #expect(abs(node.threshold - 0.7) < 0.01)
        // Prediction routes a missing value with the defaulters.
        #expect(model.rawScore(row: [.nan]) == model.rawScore(row: [0.9]))
        #expect(model.rawScore(row: [.nan]) > model.rawScore(row: [0.1]))
    }

    @Test func missingAloneCanBeTheSplit() throws {
        // Only missingness predicts: the split is "every value" against "missing".
        let (x, y) = Self.data { _ in false }
        let model = try Self.stump(x, y)
        let node = model.trees[0].nodes[0]
        let rows = (0..<x.rowCount).map { x.row($0) }
        let missingLeaves = Set(rows.filter { $0[0].isNaN }.map { model.trees[0].leaf(for: $0) })
        let valueLeaves = Set(rows.filter { !$0[0].isNaN }.map { model.trees[0].leaf(for: $0) })
        #expect(missingLeaves.count == 1 && valueLeaves.count == 1 && missingLeaves != valueLeaves)
        #expect(node.threshold == .infinity && !node.defaultLeft)
        #expect(try Metrics.rocAUC(labels: y, scores: model.rawScores(x)) == 1)
    }

    @Test func withoutMissingInTrainingMissingFollowsTheMajority() throws {
        var rng = SeededGenerator(seed: 5)
        let x = (0..<1000).map { _ in rng.nextUnit() }
        let y = x.map { $0 > 0.8 }
        let node = try Self.stump(FeatureMatrix(columns: [x], names: ["x"]), y).trees[0].nodes[0]
        #expect(node.defaultLeft)  // 80% of rows went left
    }
}
