import Foundation
import Testing
import Tables
@testable import Models

/// The model learns what is in the data.
@Suite struct LearningTests {
    @Test func learnsANoiselessThresholdRule() throws {
        let columns = SyntheticData.uniform(rows: 7000, features: 5, seed: 21, missingColumns: 1, missingShare: 0.1)
        let y = (0..<7000).map { r in columns[1][r] > 0.6 || (columns[2][r] < 0.2 && columns[3][r] > 0.5) }
        let x = FeatureMatrix(columns: columns, names: SyntheticData.names(5))
        let train = Array(0..<5000), test = Array(5000..<7000)
        var p = GBDTParameters()
        p.iterations = 50
        let model = try GBDTModel.train(x.rows(train), labels: train.map { y[$0] }, parameters: p)
        let auc = Metrics.rocAUC(labels: test.map { y[$0] }, scores: try model.rawScores(x.rows(test)))!
        #expect(auc > 0.95)
        // The informative features carry the gain; x0 and x4 are noise.
        let top = model.featureImportance(.gain).prefix(3).map(\.feature)
        #expect(Set(top) == ["x1", "x2", "x3"])
    }

    @Test func importanceCountsSplitsAndSumsGains() throws {
        let (columns, labels) = SyntheticData.creditLike(rows: 3000, features: 10, seed: 4)
        var p = GBDTParameters()
        p.iterations = 10
        let model = try GBDTModel.train(FeatureMatrix(columns: columns, names: SyntheticData.names(10)), labels: labels, parameters: p)
        let splits = model.featureImportance(.splits)
        #expect(splits.map(\.value).reduce(0, +) == Double(model.trees.map(\.nodes.count).reduce(0, +)))
        let gains = model.featureImportance(.gain)
        let total = model.trees.flatMap(\.nodes).map(\.gain).reduce(0, +)
        #expect(abs(gains.map(\.value).reduce(0, +) - total) < 1e-9 * total)
        #expect(zip(gains, gains.dropFirst()).allSatisfy { $0.value >= $1.value })
    }

    @Test func nativeCategoricalSplitGroupsTheRiskyLevels() throws {
        var rng = SeededGenerator(seed: 17)
        let levels = ["a", "b", "c", "d", "e", "f", "g", "h"]
        let risky: Set = ["b", "e", "g"]
        var names: [String?] = [], target: [Int64?] = [], noise: [Double?] = []
        for _ in 0..<4000 {
            let level = levels[rng.next(below: 8)]
            names.append(level)
            target.append(rng.nextUnit() < (risky.contains(level) ? 0.6 : 0.05) ? 1 : 0)
            noise.append(rng.nextUnit())
        }
        let table = try Table([
            ("KIND", Column(strings: names)), ("NOISE", Column(doubles: noise)), ("TARGET", Column(ints: target)),
        ])
        let x = try FeatureMatrix(table: table, features: ["NOISE", "KIND"], options: .init(categorical: .native))
        let y = try BinaryTarget.labels(from: table, column: "TARGET")
        var p = GBDTParameters()
        p.iterations = 1
        p.numLeaves = 2
        let model = try GBDTModel.train(x, labels: y, parameters: p)
        let node = model.trees[0].nodes[0]
        #expect(node.feature == 1)
        let kindLevels = table["KIND"]!.levels
        let left = Set(node.categories.map { kindLevels[$0] })
        #expect(left == risky || left == Set(levels).subtracting(risky))
        // Scoring a new table by label: a risky level scores above a safe one.
        let new = try Table([("NOISE", Column(doubles: [0.5, 0.5])), ("KIND", Column(strings: ["e", "a"]))])
        let scores = try model.rawScores(x.encoding!.matrix(from: new))
        #expect(scores[0] > scores[1])
    }

    @Test func classWeightRaisesPredictedRisk() throws {
        let (columns, labels) = SyntheticData.creditLike(rows: 3000, features: 10, seed: 5)
        let x = FeatureMatrix(columns: columns, names: SyntheticData.names(10))
        var p = GBDTParameters()
        p.iterations = 20
        let plain = try GBDTModel.train(x, labels: labels, parameters: p).probabilities(x)
        p.scalePosWeight = 5
        let weighted = try GBDTModel.train(x, labels: labels, parameters: p).probabilities(x)
        p.scalePosWeight = 1
        p.isUnbalance = true
        let unbalanced = try GBDTModel.train(x, labels: labels, parameters: p).probabilities(x)
        let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
        #expect(mean(weighted) > mean(plain) + 0.05)
        #expect(mean(unbalanced) > mean(weighted))
    }

    @Test func refusesBadInputsWithReasons() throws {
        let x = FeatureMatrix(columns: [[1, 2, 3]], names: ["x"])
        #expect(throws: GBDTError.singleClass(positive: false)) {
            try GBDTModel.train(x, labels: [false, false, false])
        }
        #expect(throws: GBDTError.lengthMismatch(rows: 3, labels: 2)) {
            try GBDTModel.train(x, labels: [false, true])
        }
        var p = GBDTParameters()
        p.numLeaves = 1
        #expect(throws: GBDTError.invalidParameter(name: "numLeaves", reason: "must be at least 2")) {
            try GBDTModel.train(x, labels: [false, true, true], parameters: p)
        }
        p = GBDTParameters()
        p.minDataInLeaf = 1
        let model = try GBDTModel.train(x, labels: [false, true, true], parameters: p)
        let other = FeatureMatrix(columns: [[1]], names: ["z"])
        #expect(throws: GBDTError.featureMismatch(missing: ["x"], unexpected: ["z"])) {
            try model.rawScores(other)
        }
    }
}
