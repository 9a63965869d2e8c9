import Foundation
import Testing
@testable import Models

/// Folds, held-out splits, the cross-validation driver and the base-rate baseline.
@Suite struct ValidationTests {
    static func labels(count: Int, rate: Double, seed: UInt64) -> [Bool] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in rng.nextUnit() < rate }
    }

    @Test(arguments: [(1000, 5), (997, 5), (103, 3), (50, 10), (12345, 7)])
    func foldsHaveEqualSizesAndPositiveCounts(count: Int, k: Int) throws {
        let y = Self.labels(count: count, rate: 0.2, seed: UInt64(count))
        let folds = try StratifiedFolds(labels: y, k: k, seed: 3)
        var sizes = [Int](repeating: 0, count: k), positives = sizes
        for (row, f) in folds.fold.enumerated() {
            sizes[f] += 1
            if y[row] { positives[f] += 1 }
        }
        #expect(sizes.max()! - sizes.min()! <= 1)
        #expect(positives.max()! - positives.min()! <= 1)
        #expect(sizes.reduce(0, +) == count)
        // Train and valid rows of each fold partition the rows.
        for f in 0..<k {
            let train = folds.trainRows(f), valid = folds.validRows(f)
            #expect(train.count + valid.count == count)
            #expect(Set(train).isDisjoint(with: valid))
        }
    }

    @Test func foldsAreDeterministicBySeed() throws {
        let y = Self.labels(count: 500, rate: 0.1, seed: 1)
        let a = try StratifiedFolds(labels: y, k: 5, seed: 11)
        let b = try StratifiedFolds(labels: y, k: 5, seed: 11)
        let c = try StratifiedFolds(labels: y, k: 5, seed: 12)
        #expect(a == b)
        #expect(a.fold != c.fold)
    }

    @Test func foldsRefuseTooFewOfAClass() {
        #expect(throws: ValidationError.tooFewInClass(positive: true, count: 2, folds: 3)) {
            try StratifiedFolds(labels: [true, true, false, false, false], k: 3)
        }
        #expect(throws: ValidationError.self) { try StratifiedFolds(labels: [true, false], k: 1) }
    }

    @Test func holdoutIsStratifiedAndDeterministic() throws {
        let y = Self.labels(count: 1003, rate: 0.08, seed: 2)
        let split = try HoldoutSplit(labels: y, fraction: 0.25, seed: 5)
        let p = y.filter { $0 }.count, n = y.count - p
        let heldPositives = split.testRows.filter { y[$0] }.count
        #expect(heldPositives == Int((Double(p) * 0.25).rounded()))
        #expect(split.testRows.count - heldPositives == Int((Double(n) * 0.25).rounded()))
        #expect(Set(split.trainRows).union(split.testRows).count == y.count)
        #expect(Set(split.trainRows).isDisjoint(with: split.testRows))
        #expect(split == (try HoldoutSplit(labels: y, fraction: 0.25, seed: 5)))
        #expect(split.testRows != (try HoldoutSplit(labels: y, fraction: 0.25, seed: 6)).testRows)
        #expect(throws: ValidationError.self) { try HoldoutSplit(labels: y, fraction: 1) }
    }

    @Test func crossValidationPredictsEveryRowExactlyOnce() throws {
        let y = Self.labels(count: 400, rate: 0.3, seed: 4)
        let folds = try StratifiedFolds(labels: y, k: 4, seed: 1)
        var timesPredicted = [Int](repeating: 0, count: y.count)
        // A "model" that predicts a row-specific value, to see where each prediction lands.
        let cv = try CrossValidation.run(labels: y, folds: folds) { (train: [Int], valid: [Int]) throws(ValidationError) -> [Double] in
            #expect(Set(train).isDisjoint(with: valid))
            for r in valid { timesPredicted[r] += 1 }
            return valid.map { Double($0) / 1000 }
        }
        #expect(timesPredicted.allSatisfy { $0 == 1 })
        #expect(cv.outOfFold == (0..<400).map { Double($0) / 1000 })
        #expect(cv.foldMetrics.count == 4)
        #expect(cv.foldMetrics.map(\.count).reduce(0, +) == 400)
        #expect(cv.overall == BinaryMetrics(labels: y, probabilities: cv.outOfFold))
        // Fold metrics are those of the fold's rows alone.
        let valid0 = folds.validRows(0)
        #expect(cv.foldMetrics[0] == BinaryMetrics(labels: valid0.map { y[$0] }, probabilities: valid0.map { Double($0) / 1000 }))
    }

    @Test func crossValidationPassesTheClosuresErrorThrough() throws {
        struct Stop: Error {}
        let y = Self.labels(count: 100, rate: 0.3, seed: 4)
        let folds = try StratifiedFolds(labels: y, k: 2)
        #expect(throws: Stop.self) {
            try CrossValidation.run(labels: y, folds: folds) { (_: [Int], _: [Int]) throws(Stop) -> [Double] in throw Stop() }
        }
    }

    @Test func baseRateBaselineByHand() {
        // 2 defaulters in 8: rate 1/4.
        let y = [true, false, false, true, false, false, false, false]
        let baseline = BaseRateBaseline(labels: y)
        #expect(baseline.rate == 0.25)
        let m = baseline.metrics(labels: y)
        #expect(m.auc == 0.5)
        #expect(abs(m.logLoss - -(0.25 * log(0.25) + 0.75 * log(0.75))) < 1e-12)
        #expect(abs(m.brier - 0.25 * 0.75) < 1e-12)
        // On other labels (a held-out part with 1 in 2) the training rate is still predicted.
        let other = baseline.metrics(labels: [true, false])
        #expect(abs(other.logLoss - -(log(0.25) + log(0.75)) / 2) < 1e-12)
        #expect(abs(other.brier - (0.75 * 0.75 + 0.25 * 0.25) / 2) < 1e-12)
    }

    @Test func crossValidationBaselineUsesEachFoldsTrainingRate() throws {
        let y = Self.labels(count: 300, rate: 0.2, seed: 8)
        let folds = try StratifiedFolds(labels: y, k: 3, seed: 2)
        let cv = try CrossValidation.run(labels: y, folds: folds) { (_: [Int], valid: [Int]) throws(ValidationError) -> [Double] in
            valid.map { _ in 0.5 }
        }
        var expected = [Double](repeating: 0, count: y.count)
        for f in 0..<3 {
            let rate = BaseRateBaseline(labels: folds.trainRows(f).map { y[$0] }).rate
            for r in folds.validRows(f) { expected[r] = rate }
        }
        #expect(cv.baseline == BinaryMetrics(labels: y, probabilities: expected))
        #expect(cv.baseline.auc! > 0.45 && cv.baseline.auc! < 0.55)
    }
}
