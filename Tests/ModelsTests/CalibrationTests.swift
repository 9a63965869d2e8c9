import Foundation
import Testing
@testable import Models

/// Isotonic regression against its min–max characterisation, Platt scaling on data with
/// known parameters, and both against a deliberately miscalibrated score.
@Suite struct CalibrationTests {
    /// The isotonic fit at i is max over j ≤ i of min over k ≥ i of the weighted mean of
    /// y[j...k] (rows sorted by x, distinct x): O(n³), straight from the theorem.
    static func minMax(_ y: [Double], _ w: [Double]) -> [Double] {
        y.indices.map { i in
            (0...i).map { j in
                (i..<y.count).map { k in
                    let ws = w[j...k].reduce(0, +)
                    return zip(y[j...k], w[j...k]).reduce(0) { $0 + $1.0 * $1.1 } / ws
                }.min()!
            }.max()!
        }
    }

    static func fitted(_ blocks: [IsotonicRegression.Block], at x: [Double]) -> [Double] {
        x.map { v in blocks.first { $0.low <= v && v <= $0.high }!.mean }
    }

    @Test func poolsAKnownSequence() {
        let x = [1.0, 2, 3, 4, 5, 6], y = [1.0, 3, 2, 4, 3, 5]
        #expect(Self.fitted(IsotonicRegression.pool(x: x, y: y, weights: nil), at: x) == [1, 2.5, 2.5, 3.5, 3.5, 5])
    }

    @Test(arguments: 1...20)
    func poolingMatchesTheMinMaxFormula(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let n = 2 + rng.next(below: 12)
        let x = (0..<n).map { _ in rng.nextUnit() }  // distinct with probability 1, unsorted
        let y = (0..<n).map { _ in Double(rng.next(below: 5)) }
        let w = (0..<n).map { _ in 0.5 + rng.nextUnit() }
        let order = x.indices.sorted { x[$0] < x[$1] }
        let expected = Self.minMax(order.map { y[$0] }, order.map { w[$0] })
        let got = Self.fitted(IsotonicRegression.pool(x: x, y: y, weights: w), at: order.map { x[$0] })
        #expect(zip(got, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        // And no monotone perturbation lowers the weighted squared error.
        let sse = { (f: [Double]) in zip(f, order).reduce(0) { $0 + w[$1.1] * pow($1.0 - y[$1.1], 2) } }
        for _ in 0..<50 {
            var f = got.map { $0 + 0.3 * (rng.nextUnit() - 0.5) }
            for i in 1..<f.count { f[i] = max(f[i], f[i - 1]) }
            #expect(sse(f) >= sse(got) - 1e-12)
        }
    }

    @Test func tiedScoresGetOneValueAndPredictionsAreMonotone() throws {
        let p = [0.1, 0.1, 0.2, 0.2, 0.2, 0.5, 0.7, 0.7, 0.9]
        let y = [true, false, false, false, true, false, true, true, true]
        for predictor in [IsotonicRegression.Predictor.interpolate, .step] {
            let iso = try IsotonicRegression.fit(labels: y, probabilities: p, predictor: predictor)
            // 0.1 (1 of 2), 0.2 (1 of 3) and 0.5 (0 of 1) violate and pool: 2 of 6; 0.7 and 0.9 are 1.
            #expect(iso.apply(0.1) == 2.0 / 6 && iso.apply(0.2) == 2.0 / 6 && iso.apply(0.5) == 2.0 / 6)
            #expect(iso.scores == [0.1, 0.5, 0.7, 0.9] && iso.values == [2.0 / 6, 2.0 / 6, 1, 1])
            let grid = (0...100).map { iso.apply(Double($0) / 100) }
            #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(iso.apply(0) == iso.values.first && iso.apply(1) == iso.values.last)
        }
        let step = try IsotonicRegression.fit(labels: y, probabilities: p, predictor: .step)
        let line = try IsotonicRegression.fit(labels: y, probabilities: p, predictor: .interpolate)
        // Halfway between the knots 0.5 and 0.7 the step holds, the line is halfway up.
        #expect(step.apply(0.6) == 2.0 / 6)
        #expect(abs(line.apply(0.6) - (2.0 / 6 + 1) / 2) < 1e-12)
    }

    /// Scores whose true default probability is σ(a·logit(s) + b).
    static func miscalibrated(rows: Int, a: Double, b: Double, seed: UInt64) -> (scores: [Double], labels: [Bool], truth: [Double]) {
        var normal = SyntheticData.Normal(seed: seed)
        var scores: [Double] = [], labels: [Bool] = [], truth: [Double] = []
        for _ in 0..<rows {
            let z = -2 + 1.2 * normal.next()
            let q = 1 / (1 + exp(-(a * z + b)))
            scores.append(1 / (1 + exp(-z)))
            truth.append(q)
            labels.append(normal.unit() < q)
        }
        return (scores, labels, truth)
    }

    @Test func plattRecoversKnownParameters() throws {
        let (s, y, _) = Self.miscalibrated(rows: 60_000, a: 0.6, b: -0.8, seed: 3)
        let platt = try PlattScaling.fit(labels: y, probabilities: s)
        #expect(abs(platt.a - 0.6) < 0.05 && abs(platt.b - -0.8) < 0.1)
        // A calibrated score is left about as it is.
        let (s2, y2, _) = Self.miscalibrated(rows: 60_000, a: 1, b: 0, seed: 4)
        let identity = try PlattScaling.fit(labels: y2, probabilities: s2)
        #expect(abs(identity.a - 1) < 0.05 && abs(identity.b) < 0.1)
    }

    @Test(arguments: Calibrator.Method.allCases)
    func calibrationReducesTheErrorOnHeldOutRows(method: Calibrator.Method) throws {
        // Overconfident and too pessimistic: true log-odds are 0.5·z − 1.
        let (s, y, _) = Self.miscalibrated(rows: 40_000, a: 0.5, b: -1, seed: 5)
        let fitRows = Array(0..<20_000), testRows = Array(20_000..<40_000)
        let calibrator = try Calibrator.fit(method, labels: fitRows.map { y[$0] }, probabilities: fitRows.map { s[$0] })
        let testY = testRows.map { y[$0] }, testS = testRows.map { s[$0] }
        let before = Metrics.expectedCalibrationError(labels: testY, probabilities: testS)
        let after = Metrics.expectedCalibrationError(labels: testY, probabilities: calibrator.apply(testS))
        #expect(before > 0.03)
        #expect(after < before / 4)
        #expect(Metrics.logLoss(labels: testY, probabilities: calibrator.apply(testS)) < Metrics.logLoss(labels: testY, probabilities: testS))
        let decoded = try JSONDecoder().decode(Calibrator.self, from: JSONEncoder().encode(calibrator))
        #expect(decoded == calibrator)
    }

    @Test func refusesBadInput() {
        #expect(throws: CalibrationError.invalidProbability(1.5)) { try Calibrator.fit(.platt, labels: [true, false], probabilities: [1.5, 0]) }
        #expect(throws: CalibrationError.singleClass(positive: true)) { try Calibrator.fit(.isotonic, labels: [true, true], probabilities: [0.1, 0.2]) }
        #expect(throws: CalibrationError.constantScores) { try Calibrator.fit(.platt, labels: [true, false], probabilities: [0.3, 0.3]) }
    }
}
