import Foundation
import Testing
@testable import Models

/// Sample weights mean what scikit-learn and LightGBM mean by them: a row of weight k
/// weighs as k copies of it. Each kind of model is checked against the same data with the
/// rows copied; class weights against their definitions.
@Suite struct SampleWeightTests {
    /// Rows with few distinct values (so that bins do not depend on the copies), integer
    /// weights 0…3, and the same rows repeated by their weights.
    static func data() -> (x: FeatureMatrix, y: [Bool], w: [Double], copies: FeatureMatrix, copiedLabels: [Bool]) {
        var rng = SeededGenerator(seed: 21)
        let n = 1500
        var columns = [[Double]](repeating: [], count: 3), labels: [Bool] = [], weights: [Double] = []
        for _ in 0..<n {
            let a = Double(rng.next(below: 40)), b = Double(rng.next(below: 7)), c = rng.next(below: 10) == 0 ? Double.nan : Double(rng.next(below: 25))
            columns[0].append(a)
            columns[1].append(b)
            columns[2].append(c)
            let logit = -2 + 0.05 * a - 0.3 * b + (c.isNaN ? 0.8 : 0.02 * c)
            labels.append(rng.nextUnit() < 1 / (1 + exp(-logit)))
            weights.append(Double(rng.next(below: 4)))
        }
        let names = ["a", "b", "c"]
        var copied = [[Double]](repeating: [], count: 3), copiedLabels: [Bool] = []
        for r in 0..<n {
            for _ in 0..<Int(weights[r]) {
                for f in 0..<3 { copied[f].append(columns[f][r]) }
                copiedLabels.append(labels[r])
            }
        }
        return (FeatureMatrix(columns: columns, names: names), labels, weights, FeatureMatrix(columns: copied, names: names), copiedLabels)
    }

    @Test func gbdtWeighsARowAsItsCopies() throws {
        let d = Self.data()
        var p = GBDTParameters()
        p.iterations = 20
        p.numLeaves = 6
        // Leaves are judged by rows, not weight: with one row enough, copies and weights agree.
        p.minDataInLeaf = 1
        p.minSumHessianInLeaf = 1
        p.featurePreFilter = false
        let weighted = try GBDTModel.train(d.x, labels: d.y, weights: d.w, parameters: p)
        let copied = try GBDTModel.train(d.copies, labels: d.copiedLabels, parameters: p)
        #expect(abs(weighted.initialScore - copied.initialScore) < 1e-12)
        let a = try weighted.rawScores(d.x), b = try copied.rawScores(d.x)
        let gap: Double = zip(a, b).map { abs($0 - $1) }.max()!
        #expect(gap < 1e-9)
        // And the weights matter: unweighted, the scores differ.
        let plain = try GBDTModel.train(d.x, labels: d.y, parameters: p).rawScores(d.x)
        let effect: Double = zip(a, plain).map { abs($0 - $1) }.max()!
        #expect(effect > 1e-3)
    }

    /// A weight scales a row's hessian, from which leaves estimate their rows: one that is
    /// not a finite, non-negative number is refused rather than trained on.
    @Test(arguments: [-1.0, .nan, .infinity]) func gbdtRefusesAWeightItCannotUse(bad: Double) {
        let d = Self.data()
        var w = d.w
        w[3] = bad
        #expect(throws: GBDTError.self) { try GBDTModel.train(d.x, labels: d.y, weights: w) }
    }

    /// Penalised too: means and standard deviations of the design are weighted as well.
    @Test(arguments: [0.0, 1.0]) func logisticWeighsARowAsItsCopies(l2: Double) throws {
        let d = Self.data()
        let p = LogisticParameters(l2: l2)
        let weighted = try LogisticModel.fit(d.x, labels: d.y, weights: d.w, parameters: p)
        let copied = try LogisticModel.fit(d.copies, labels: d.copiedLabels, parameters: p)
        #expect(abs(weighted.originalIntercept - copied.originalIntercept) < 1e-7)
        for (u, v) in zip(weighted.coefficientTable, copied.coefficientTable) {
            #expect(abs(u.originalCoefficient - v.originalCoefficient) < 1e-7, "\(u.name)")
        }
    }

    @Test func scorecardWoEWeighsARowAsItsCopies() throws {
        let d = Self.data()
        var p = ScorecardParameters()
        p.manualBins["a"] = .cuts([10, 20, 30])
        let weighted = FeatureBinning.learn(d.x.columns[0], info: d.x.features[0], labels: d.y, weights: d.w, parameters: p)
        let copied = FeatureBinning.learn(d.copies.columns[0], info: d.copies.features[0], labels: d.copiedLabels, parameters: p)
        for (u, v) in zip(weighted.bins, copied.bins) { #expect(abs(u.woe - v.woe) < 1e-12) }
        #expect(abs(weighted.informationValue - copied.informationValue) < 1e-12)
        // The table still counts rows.
        let rows: Int = weighted.bins.reduce(0) { $0 + $1.count }
        #expect(rows == d.x.rowCount)
        let card = try Scorecard.fit(d.x, labels: d.y, weights: d.w, parameters: p)
        #expect(card.binnings[0].bins.map(\.woe) == weighted.bins.map(\.woe))
    }

    @Test func balancedClassWeightsAreScikitLearns() {
        var spec = ModelSpec(kind: .logistic, columns: [])
        spec.classWeight = .balanced
        let labels = [true, false, false, false]
        let w = spec.rowWeights(labels: labels, sample: nil)!
        // n / (2 · count): 4 / 2 for the default, 4 / 6 for each good client.
        let good: Double = 4.0 / 6
        #expect(w == [2, good, good, good])
        spec.classWeight = .positive(3)
        let expected: [Double] = [3, 2, 0, 1]
        #expect(spec.rowWeights(labels: labels, sample: [1, 2, 0, 1]) == expected)
        spec.classWeight = .none
        #expect(spec.rowWeights(labels: labels, sample: nil) == nil)
    }
}
