import Foundation
import Testing
@testable import Models

/// The cost-optimal threshold against a brute-force search over every candidate.
@Suite struct ThresholdTests {
    /// Refuse p ≥ t: fn per approved defaulter, fp per refused good, times the row's weight.
    static func cost(_ y: [Bool], _ p: [Double], _ w: [Double]?, _ t: Double, _ c: DecisionCosts) -> Double {
        var total = 0.0
        for i in y.indices {
            let weight = w?[i] ?? 1
            if p[i] >= t { total += y[i] ? 0 : c.falsePositive * weight } else { total += y[i] ? c.falseNegative * weight : 0 }
        }
        return total
    }

    /// The cheapest of +∞ and every distinct score, the higher threshold on equal cost.
    static func bruteForce(_ y: [Bool], _ p: [Double], _ w: [Double]?, _ c: DecisionCosts) -> (Double, Double) {
        var best = (Double.infinity, cost(y, p, w, .infinity, c))
        for t in Set(p).sorted(by: >) {
            let value = cost(y, p, w, t, c)
            if value < best.1 { best = (t, value) }
        }
        return best
    }

    /// Rounded probabilities (many ties) and integer weights (exact sums, so that equal
    /// costs are equal in both computations).
    static func sample(seed: UInt64, count: Int) -> ([Bool], [Double], [Double]) {
        var rng = SeededGenerator(seed: seed)
        var y: [Bool] = [], p: [Double] = [], w: [Double] = []
        for _ in 0..<count {
            let q = (rng.nextUnit() * 0.4 * 100).rounded() / 100
            p.append(q)
            y.append(rng.nextUnit() < q)
            w.append(Double(1 + rng.next(below: 50)))
        }
        return (y, p, w)
    }

    @Test(arguments: 1...8)
    func optimumMatchesBruteForce(seed: Int) throws {
        let (y, p, w) = Self.sample(seed: UInt64(seed), count: 50 + seed * 40)
        for weights in [nil, w] {
            for costs in [DecisionCosts(), DecisionCosts(falseNegative: 3, falsePositive: 2), DecisionCosts(falseNegative: 40, falsePositive: 1)] {
                let a = try ThresholdAnalysis(labels: y, probabilities: p, costs: costs, weights: weights)
                let (t, c) = Self.bruteForce(y, p, weights, costs)
                #expect(a.threshold == t)
                #expect(abs(a.cost - c) < 1e-9 * max(1, c))
                #expect(a.confusion == ConfusionMatrix(labels: y, probabilities: p, threshold: t))
                #expect(abs(a.costApproveAll - Self.cost(y, p, weights, .infinity, costs)) < 1e-9)
                #expect(abs(a.costRefuseAll - Self.cost(y, p, weights, -.infinity, costs)) < 1e-9)
                #expect(abs(a.decisionCost - Self.cost(y, p, weights, costs.decisionThreshold, costs)) < 1e-9)
                #expect(a.cost <= min(a.costApproveAll, a.costRefuseAll, a.decisionCost))
            }
        }
    }

    @Test func curveAndSensitivityFollowTheirDefinitions() throws {
        let (y, p, w) = Self.sample(seed: 11, count: 400)
        let a = try ThresholdAnalysis(labels: y, probabilities: p, weights: w, sensitivityRatios: [2, 5, 20])
        #expect(a.curve.count == 101 && a.curve.first!.threshold == 0 && a.curve.last!.threshold == 1)
        for point in a.curve {
            #expect(abs(point.cost - Self.cost(y, p, w, point.threshold, a.costs)) < 1e-9)
            let m = ConfusionMatrix(labels: y, probabilities: p, threshold: point.threshold)
            #expect(point.approvalRate == m.approvalRate)
            #expect(point.defaultRateAmongApproved == m.defaultRateAmongApproved || m.approvalRate == 0)
        }
        #expect(a.sensitivity.map(\.ratio) == [2, 5, 20])
        for row in a.sensitivity {
            let (t, c) = Self.bruteForce(y, p, w, DecisionCosts(falseNegative: row.ratio, falsePositive: 1))
            #expect(row.threshold == t && abs(row.cost - c) < 1e-9)
            #expect(row.decisionThreshold == 1 / (1 + row.ratio))
        }
        // Dearer defaults lower the threshold (refuse more).
        #expect(a.sensitivity[0].threshold >= a.sensitivity[1].threshold && a.sensitivity[1].threshold >= a.sensitivity[2].threshold)
        #expect(a.decisionThreshold == 1.0 / 11)
    }

    @Test func extremeCostsApproveOrRefuseEveryone() throws {
        var (y, p, _) = Self.sample(seed: 3, count: 300)
        y[p.indices.min { p[$0] < p[$1] }!] = true  // a defaulter among the lowest scores: refusing them all pays
        let approveAll = try ThresholdAnalysis(labels: y, probabilities: p, costs: DecisionCosts(falseNegative: 0.001, falsePositive: 1000))
        #expect(approveAll.threshold == .infinity && approveAll.confusion.approvalRate == 1)
        #expect(approveAll.cost == approveAll.costApproveAll)
        let refuseAll = try ThresholdAnalysis(labels: y, probabilities: p, costs: DecisionCosts(falseNegative: 1000, falsePositive: 0.001))
        #expect(refuseAll.threshold == p.min()! && refuseAll.confusion.approvalRate == 0)
        #expect(refuseAll.cost == refuseAll.costRefuseAll)
        // Refusing is free: every threshold at or below the lowest defaulter's score costs
        // 0, and the tie goes to the highest of them.
        let free = try ThresholdAnalysis(labels: y, probabilities: p, costs: DecisionCosts(falseNegative: 1, falsePositive: 0))
        #expect(free.cost == 0)
        #expect(free.threshold == y.indices.filter { y[$0] }.map { p[$0] }.min()!)
    }

    @Test func tiedScoresAreDecidedTogether() throws {
        // Three rows share 0.3: a threshold cannot refuse some of them and approve others.
        let y = [true, false, false, true, false]
        let p = [0.3, 0.3, 0.3, 0.9, 0.1]
        let a = try ThresholdAnalysis(labels: y, probabilities: p, costs: DecisionCosts(falseNegative: 3, falsePositive: 1))
        // Candidates: ∞ → 6, 0.9 → 3, 0.3 → 2, 0.1 → 3.
        #expect(a.threshold == 0.3 && a.cost == 2)
        let allTied = try ThresholdAnalysis(labels: [true, false], probabilities: [0.5, 0.5], costs: DecisionCosts(falseNegative: 1, falsePositive: 1))
        #expect(allTied.threshold == .infinity && allTied.cost == 1)  // equal cost: approve
    }

    @Test func refusesBadInput() {
        #expect(throws: ThresholdError.invalidWeight(row: 1, value: -1)) {
            try ThresholdAnalysis(labels: [true, false], probabilities: [0.2, 0.1], weights: [1, -1])
        }
        #expect(throws: ThresholdError.self) { try ThresholdAnalysis(labels: [true], probabilities: [.nan]) }
        #expect(throws: ThresholdError.self) { try ThresholdAnalysis(labels: [true], probabilities: [0.1], costs: DecisionCosts(falseNegative: -1)) }
    }
}
