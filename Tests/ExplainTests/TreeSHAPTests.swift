import Testing
import TestFixtures
import Tables
@testable import Explain
@testable import Models

/// TreeSHAP against the definition: Shapley values by enumeration of every coalition, where a
/// coalition's value is the tree's output with its features at the client's values and the
/// others averaged along the tree by the training rows of each branch.
@Suite struct TreeSHAPTests {
    /// 600 clients: a number with missing values, an integer, a category (native splits, with
    /// missing levels) and a noisy number; the default risk depends on all of them.
    static func data(seed: UInt64) throws -> (matrix: FeatureMatrix, labels: [Bool]) {
        var random = SplitMix64(state: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        let n = 600
        var a: [Double?] = [], b: [Int64?] = [], c: [String?] = [], d: [Double?] = [], y: [Int64?] = []
        let levels = ["alpha", "beta", "gamma", "delta", "eps"]
        for _ in 0..<n {
            let x1 = uniform() < 0.2 ? nil : uniform() * 10
            let x2 = Int64(uniform() * 6)
            let x3 = uniform() < 0.1 ? nil : levels[Int(uniform() * 5)]
            let x4 = uniform()
            let logit = -1 + 0.3 * (x1 ?? 7) - 0.4 * Double(x2) + (x3 == "gamma" ? 1.5 : x3 == nil ? -1 : 0) + x4
            a.append(x1); b.append(x2); c.append(x3); d.append(x4)
            y.append(uniform() < 1 / (1 + (-logit / 3).exp2()) ? 1 : 0)
        }
        let table = try Table([("a", Column(doubles: a)), ("b", Column(ints: b)), ("c", Column(strings: c)), ("d", Column(doubles: d)), ("y", Column(ints: y))])
        var options = FeatureEncoding.Options()
        options.categorical = .native
        let matrix = try FeatureMatrix(table: table, features: ["a", "b", "c", "d"], options: options)
        return (matrix, y.map { $0 == 1 })
    }

    static func model(seed: UInt64, trees: Int = 6, leaves: Int = 8) throws -> (GBDTModel, FeatureMatrix) {
        let (x, y) = try data(seed: seed)
        var p = GBDTParameters()
        p.iterations = trees
        p.numLeaves = leaves
        p.minDataInLeaf = 5
        p.minDataPerCategory = 5
        p.categorySmoothing = 1
        p.seed = seed
        return (try GBDTModel.train(x, labels: y, parameters: p), x)
    }

    /// E[tree | features in `known` at the row's values], the rest averaged by cover.
    static func conditional(_ tree: DecisionTree, _ node: Int, _ row: [Double], _ known: Set<Int>) -> Double {
        if node < 0 { return tree.leafValues[~node] }
        let split = tree.nodes[node]
        if known.contains(split.feature) {
            return conditional(tree, split.goesLeft(row[split.feature]) ? split.left : split.right, row, known)
        }
        func cover(_ c: Int) -> Double { c >= 0 ? Double(tree.nodes[c].count) : Double(tree.leafCounts[~c]) }
        let l = cover(split.left), r = cover(split.right)
        return (l * conditional(tree, split.left, row, known) + r * conditional(tree, split.right, row, known)) / (l + r)
    }

    /// Exact Shapley values of the whole model by enumerating every subset of features.
    static func bruteForce(_ model: GBDTModel, _ row: [Double]) -> [Double] {
        let m = model.features.count
        func value(_ s: Set<Int>) -> Double {
            model.trees.reduce(0) { $0 + ($1.nodes.isEmpty ? $1.leafValues[0] : conditional($1, 0, row, s)) }
        }
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
        var phi = [Double](repeating: 0, count: m)
        for mask in 0..<(1 << m) {
            let s = Set((0..<m).filter { mask & (1 << $0) != 0 })
            let base = value(s)
            for i in 0..<m where !s.contains(i) {
                let weight = factorial(s.count) * factorial(m - s.count - 1) / factorial(m)
                phi[i] += weight * (value(s.union([i])) - base)
            }
        }
        return phi
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func equalsEnumerationOfEveryCoalition(seed: UInt64) throws {
        let (model, x) = try Self.model(seed: seed)
        #expect(model.trees.contains { $0.nodes.contains(where: \.isCategorical) }, "a categorical split is exercised")
        #expect(model.trees.contains { $0.nodes.contains { !$0.defaultLeft } }, "a default direction is exercised")
        let base = TreeSHAP.baseValue(model)
        for r in stride(from: 0, to: x.rowCount, by: 13) {
            let row = x.row(r)
            let phi = TreeSHAP.contributions(model, row: row)
            let exact = Self.bruteForce(model, row)
            for (p, e) in zip(phi, exact) { #expect(abs(p - e) < 1e-9, "row \(r): \(phi) vs \(exact)") }
            // Additivity: base + contributions = the raw score.
            #expect(abs(base + phi.reduce(0, +) - model.rawScore(row: row)) < 1e-9)
        }
    }

    @Test func missingAndUnseenValuesFollowTheDefaultDirection() throws {
        let (model, x) = try Self.model(seed: 4)
        var row = x.row(0)
        row[0] = .nan  // a missing number
        row[2] = 99    // a level the model never saw
        let phi = TreeSHAP.contributions(model, row: row)
        let exact = Self.bruteForce(model, row)
        for (p, e) in zip(phi, exact) { #expect(abs(p - e) < 1e-9) }
        #expect(abs(TreeSHAP.baseValue(model) + phi.reduce(0, +) - model.rawScore(row: row)) < 1e-9)
    }

    @Test func deeperEnsemblesStayAdditive() throws {
        let (model, x) = try Self.model(seed: 5, trees: 40, leaves: 31)
        let base = TreeSHAP.baseValue(model)
        for r in 0..<50 {
            let row = x.row(r)
            #expect(abs(base + TreeSHAP.contributions(model, row: row).reduce(0, +) - model.rawScore(row: row)) < 1e-9)
        }
    }
}

private extension Double {
    /// e^x through exp2, to keep the test free of Foundation.
    func exp2() -> Double {
        var result = 1.0, term = 1.0
        for k in 1..<40 { term *= self / Double(k); result += term }
        return result
    }
}

/// The portfolio view: mean |contribution| per column equals the mean over rows of each
/// row's own explanation, column by column.
@Suite struct PortfolioImportanceTests {
    @Test func meanAbsoluteContributionsPerColumn() throws {
        let (model, x) = try TreeSHAPTests.model(seed: 9, trees: 12, leaves: 8)
        let columns = ["a", "b", "c", "d"]
        let means = PortfolioImportance.meanAbsolute(.gbdt(model), x, columns: columns)
        var expected = [Double](repeating: 0, count: 4)
        for r in 0..<x.rowCount {
            let e = Explanation(model: .gbdt(model), row: x.row(r))
            for (g, name) in columns.enumerated() {
                expected[g] += abs(e.contributions.filter { $0.source == name }.reduce(0) { $0 + $1.value })
            }
        }
        for g in 0..<4 { #expect(abs(means[g] - expected[g] / Double(x.rowCount)) < 1e-12) }
        #expect(means.allSatisfy { $0 >= 0 } && means.contains { $0 > 0 })
    }
}

/// Our TreeSHAP on LightGBM's own trees (imported from its text format) equals LightGBM's
/// `pred_contrib`, feature by feature and for the bias, with missing values and categories,
/// and for zero-as-missing splits, which the reader expands into three of ours.
@Suite struct LightGBMContributionTests {
    @Test(arguments: [
        (LightGBMFixtures.mixedModel, LightGBMContributionFixtures.contributions),
        (LightGBMFixtures.zeroAsMissingModel, LightGBMContributionFixtures.zeroAsMissingContributions),
    ])
    func equalsPredContribOnLightGBMsTrees(text: String, contributions: [[Double]]) throws {
        let model = try GBDTModel(lightGBMText: text)
        let base = TreeSHAP.baseValue(model)
        for (row, expected) in zip(LightGBMFixtures.inputs, contributions) {
            let phi = TreeSHAP.contributions(model, row: row)
            for f in 0..<4 { #expect(abs(phi[f] - expected[f]) < 1e-9, "row \(row): feature \(f) \(phi[f]) vs \(expected[f])") }
            #expect(abs(base - expected[4]) < 1e-9, "bias \(base) vs \(expected[4])")
            #expect(abs(base + phi.reduce(0, +) - model.rawScore(row: row)) < 1e-9, "additivity \(base + phi.reduce(0, +)) vs \(model.rawScore(row: row))")
        }
    }
}
