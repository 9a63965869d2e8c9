import Foundation
import Testing
@testable import Models

/// Every metric against its definition (`BruteForce`) on small seeded data with many ties.
@Suite struct MetricsTests {
    /// Labels and scores; scores rounded to one decimal so that ties are common.
    static func sample(seed: UInt64, count: Int) -> (labels: [Bool], scores: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var labels: [Bool] = [], scores: [Double] = []
        for _ in 0..<count {
            let y = rng.nextUnit() < 0.3
            labels.append(y)
            scores.append(((rng.nextUnit() + (y ? 0.3 : 0)) / 1.3 * 10).rounded() / 10)
        }
        labels[0] = true
        labels[1] = false
        return (labels, scores)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func aucCountsEveryPairTiesAsHalf(seed: UInt64) {
        let (y, s) = Self.sample(seed: seed, count: 40 + Int(seed) * 37)
        let auc = Metrics.rocAUC(labels: y, scores: s)!
        #expect(abs(auc - BruteForce.auc(y, s)) < 1e-12)
        #expect(abs(Metrics.gini(labels: y, scores: s)! - (2 * auc - 1)) < 1e-12)
    }

    @Test func aucMatchesScikitLearnDocumentationExample() {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        #expect(Metrics.rocAUC(labels: [false, false, true, true], scores: [0.1, 0.4, 0.35, 0.8]) == 0.75)
        // average_precision_score of the same == 0.8333…
        let ap = Metrics.averagePrecision(labels: [false, false, true, true], scores: [0.1, 0.4, 0.35, 0.8])!
        #expect(abs(ap - 5.0 / 6.0) < 1e-12)
        // All scores tied: AUC is exactly one half.
        #expect(Metrics.rocAUC(labels: [true, false, true], scores: [1, 1, 1]) == 0.5)
    }

    @Test func rankingMetricsAreUndefinedWithOneClass() {
        #expect(Metrics.rocAUC(labels: [true, true], scores: [0.1, 0.2]) == nil)
        #expect(KSStatistic(labels: [false, false], scores: [0.1, 0.2]) == nil)
        #expect(Metrics.averagePrecision(labels: [false, false], scores: [0.1, 0.2]) == nil)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func ksIsTheLargestGapOverEveryThreshold(seed: UInt64) {
        let (y, s) = Self.sample(seed: seed, count: 30 + Int(seed) * 41)
        let ks = KSStatistic(labels: y, scores: s)!
        #expect(abs(ks.value - BruteForce.ks(y, s)) < 1e-12)
        // The reported threshold attains it.
        let m = ConfusionMatrix(labels: y, probabilities: s, threshold: ks.threshold)
        #expect(abs(abs(m.truePositiveRate - m.falsePositiveRate) - ks.value) < 1e-12)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func averagePrecisionFollowsItsDefinition(seed: UInt64) {
        let (y, s) = Self.sample(seed: seed, count: 25 + Int(seed) * 29)
        #expect(abs(Metrics.averagePrecision(labels: y, scores: s)! - BruteForce.averagePrecision(y, s)) < 1e-12)
    }

    @Test func logLossAndBrierFollowTheirDefinitions() {
        var rng = SeededGenerator(seed: 9)
        let p = (0..<200).map { _ in rng.nextUnit() }
        let y = p.map { _ in rng.nextUnit() < 0.4 }
        #expect(abs(Metrics.logLoss(labels: y, probabilities: p) - BruteForce.logLoss(y, p)) < 1e-12)
        #expect(abs(Metrics.brier(labels: y, probabilities: p) - BruteForce.brier(y, p)) < 1e-12)
        // A certain mistake is clipped at 1e-15 instead of costing infinity.
        #expect(abs(Metrics.logLoss(labels: [true], probabilities: [0]) - -log(1e-15)) < 1e-9)
        #expect(Metrics.logLoss(labels: [true, false], probabilities: [1, 0]) < 1e-14)
    }

    @Test func confusionMatrixFlagsScoresAtOrAboveTheThreshold() {
        let y: [Bool] = [true, true, false, false, true, false]
        let p = [0.9, 0.5, 0.5, 0.1, 0.2, 0.7]
        let m = ConfusionMatrix(labels: y, probabilities: p, threshold: 0.5)
        #expect(m.truePositives == 2 && m.falsePositives == 2 && m.trueNegatives == 1 && m.falseNegatives == 1)
        #expect(m.truePositiveRate == 2.0 / 3 && m.falsePositiveRate == 2.0 / 3)
        #expect(m.precision == 0.5 && m.approvalRate == 2.0 / 6)
        #expect(m.defaultRateAmongApproved == 0.5)
        #expect(m.cost(falseNegative: 10, falsePositive: 1) == 12)
    }

    @Test func calibrationTableUsesEqualGroupsAndKeepsTiesTogether() {
        var rng = SeededGenerator(seed: 4)
        let p = (0..<1000).map { _ in rng.nextUnit() }
        let y = p.map { rng.nextUnit() < $0 }
        let table = CalibrationTable(labels: y, probabilities: p)
        #expect(table.bins.count == 10)
        #expect(table.bins.allSatisfy { $0.count == 100 })
        // Bins are ordered and disjoint.
        for (a, b) in zip(table.bins, table.bins.dropFirst()) { #expect(a.maxProbability < b.minProbability) }
        // ECE by hand: sort, cut in tenths, weighted |observed − predicted|.
        let order = p.indices.sorted { p[$0] < p[$1] }
        var ece = 0.0
        for k in 0..<10 {
            let group = order[(k * 100)..<((k + 1) * 100)]
            let observed = Double(group.filter { y[$0] }.count) / 100
            let predicted = group.map { p[$0] }.reduce(0, +) / 100
            ece += 0.1 * abs(observed - predicted)
        }
        #expect(abs(table.expectedCalibrationError - ece) < 1e-12)
        // Heavy ties: 3 distinct probabilities give at most 3 bins, never a split tie.
        let tied = (0..<90).map { Double($0 % 3) / 4 }
        let tiedTable = CalibrationTable(labels: tied.map { $0 > 0.3 }, probabilities: tied)
        #expect(tiedTable.bins.map(\.count) == [30, 30, 30])
    }

    @Test func liftTableCapturesAllDefaultersAtTheEnd() {
        let (y, s) = Self.sample(seed: 11, count: 500)
        let table = LiftTable(labels: y, scores: s)
        let last = table.rows.last!
        #expect(abs(last.cumulativeGain - 1) < 1e-12 && abs(last.cumulativeShare - 1) < 1e-12)
        #expect(abs(last.cumulativeLift - 1) < 1e-12)
        #expect(table.rows.map(\.count).reduce(0, +) == 500)
        // Riskiest group first, and it is richer in defaulters than the book.
        #expect(table.rows.first!.minScore >= table.rows.last!.maxScore)
        #expect(table.rows.first!.lift > 1)
        let rate = Double(y.filter { $0 }.count) / 500
        for row in table.rows { #expect(abs(row.lift - Double(row.positives) / Double(row.count) / rate) < 1e-12) }
    }

    @Test func binaryMetricsAgreeWithTheSingleFunctions() {
        let (y, s) = Self.sample(seed: 21, count: 300)
        let report = BinaryMetrics(labels: y, probabilities: s)
        #expect(report.auc == Metrics.rocAUC(labels: y, scores: s))
        #expect(report.ks == KSStatistic(labels: y, scores: s))
        #expect(report.brier == Metrics.brier(labels: y, probabilities: s))
        #expect(report.positives == y.filter { $0 }.count)
    }
}
