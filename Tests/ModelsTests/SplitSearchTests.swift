import Foundation
import Testing
@testable import Models

/// The trainer's first tree against exhaustive leaf-wise growth (`ExhaustiveTree`).
@Suite struct SplitSearchTests {
    /// 4 features (two with missing values), labels loosely tied to them.
    static func data(seed: UInt64, rows: Int) -> (columns: [[Double]], labels: [Bool]) {
        let columns = SyntheticData.uniform(rows: rows, features: 4, seed: seed, missingColumns: 2, missingShare: 0.2)
        var rng = SeededGenerator(seed: seed &+ 100)
        let labels = (0..<rows).map { r -> Bool in
            let a = columns[0][r].isNaN ? 0.7 : columns[0][r]
            let b = columns[2][r]
            return rng.nextUnit() < 0.15 + 0.5 * a * b + (columns[1][r].isNaN ? 0.2 : 0)
        }
        return (columns, labels)
    }

    /// Every split of the trainer's tree, as (leaf it split, feature, gain, rows sent left).
    static func splits(of tree: DecisionTree, columns: [[Double]]) -> [ExhaustiveTree.Split] {
        let rows = columns[0].indices
        var result: [ExhaustiveTree.Split] = []
        for (i, node) in tree.nodes.enumerated() {
            var left = Set<Int>()
            for r in rows {
                // Walk the row down; note whether it passes node i and which way it goes.
                var k = 0
                while k >= 0 {
                    let n = tree.nodes[k]
                    let goesLeft = n.goesLeft(columns[n.feature][r])
                    if k == i && goesLeft { left.insert(r) }
                    k = goesLeft ? n.left : n.right
                }
            }
            // The leaf this node split: its left child kept the number, and so did every
            // later left child, so it is the leaf reached by always going left.
            var leaf = node.left
            while leaf >= 0 { leaf = tree.nodes[leaf].left }
            result.append(ExhaustiveTree.Split(leaf: ~leaf, feature: node.feature, gain: node.gain, leftRows: left))
        }
        return result
    }

    /// Weighted rows have unequal hessians, so sides' rows are estimated, not counted
    /// (`RowEstimate`): the exhaustive search estimates them by its own definition.
    @Test(arguments: [(1, nil, false), (2, nil, false), (3, 2, false), (4, nil, false), (5, nil, true), (6, nil, true), (7, 3, true)] as [(UInt64, Int?, Bool)])
    func treeEqualsExhaustiveLeafWiseSearch(seed: UInt64, maxDepth: Int?, weighted: Bool) throws {
        let (columns, labels) = Self.data(seed: seed, rows: 160)
        var rng = SeededGenerator(seed: seed &+ 7)
        let weights = labels.map { _ in weighted ? 0.2 + 2.8 * rng.nextUnit() : 1 }
        var p = GBDTParameters()
        p.iterations = 1
        p.learningRate = 1
        p.numLeaves = 7
        p.maxDepth = maxDepth
        p.minDataInLeaf = 6
        p.lambdaL1 = 0.05
        p.lambdaL2 = 0.5
        p.minSumHessianInLeaf = 0.5
        let model = try GBDTModel.train(
            FeatureMatrix(columns: columns, names: SyntheticData.names(4)), labels: labels, weights: weighted ? weights : nil, parameters: p)
        let tree = model.trees[0]

        let pBar = LogisticLoss.sigmoid(model.initialScore)
        let exhaustive = ExhaustiveTree(
            columns: columns, gradients: zip(labels, weights).map { $1 * (pBar - ($0 ? 1 : 0)) },
            hessians: weights.map { $0 * pBar * (1 - pBar) }, parameters: p
        ).grow()
        let found = Self.splits(of: tree, columns: columns)
        #expect(found.count == exhaustive.count)
        #expect(exhaustive.count >= 3)
        for (a, b) in zip(found, exhaustive) {
            #expect(a.leaf == b.leaf)
            #expect(a.feature == b.feature)
            #expect(a.leftRows == b.leftRows)
            #expect(abs(a.gain - b.gain) <= 1e-9 * max(1, abs(b.gain)))
        }
    }

    /// LightGBM's rule: a leaf's children skip the features none of its splits gained more
    /// than `min_gain` from. With `min_gain`, a feature can gain too little in a leaf and
    /// enough in its children: the trainer must skip it there all the same, and does.
    /// Weighted rows, so that gains do not tie (equal rows give equal gains in small leaves).
    @Test func childrenSkipFeaturesTheirParentGainedNothingFrom() throws {
        var changedByTheRule = 0
        for seed in UInt64(20)..<UInt64(32) {
            let (columns, labels) = Self.data(seed: seed, rows: 240)
            var rng = SeededGenerator(seed: seed &+ 7)
            let weights = labels.map { _ in 0.2 + 2.8 * rng.nextUnit() }
            var p = GBDTParameters()
            p.iterations = 1
            p.learningRate = 1
            p.numLeaves = 12
            p.minDataInLeaf = 4
            p.lambdaL2 = 0.5
            p.minGainToSplit = 1.0
            let model = try GBDTModel.train(
                FeatureMatrix(columns: columns, names: SyntheticData.names(4)), labels: labels, weights: weights, parameters: p)
            let pBar = LogisticLoss.sigmoid(model.initialScore)
            var reference = ExhaustiveTree(
                columns: columns, gradients: zip(labels, weights).map { $1 * (pBar - ($0 ? 1 : 0)) },
                hessians: weights.map { $0 * pBar * (1 - pBar) }, parameters: p)
            let withRule = reference.grow()
            reference.skipsUnsplittable = false
            if reference.grow().map(\.leftRows) != withRule.map(\.leftRows) { changedByTheRule += 1 }
            let found = Self.splits(of: model.trees[0], columns: columns)
            #expect(found.map(\.feature) == withRule.map(\.feature), "seed \(seed)")
            #expect(found.map(\.leftRows) == withRule.map(\.leftRows), "seed \(seed)")
        }
        #expect(changedByTheRule > 0)
    }

    @Test func leafValuesAreTheRegularisedNewtonStep() throws {
        let (columns, labels) = Self.data(seed: 7, rows: 200)
        var p = GBDTParameters()
        p.iterations = 1
        p.numLeaves = 4
        p.learningRate = 0.3
        p.lambdaL1 = 0.2
        p.lambdaL2 = 2
        let model = try GBDTModel.train(FeatureMatrix(columns: columns, names: SyntheticData.names(4)), labels: labels, parameters: p)
        let tree = model.trees[0]
        let pBar = LogisticLoss.sigmoid(model.initialScore)
        var g = [Double](repeating: 0, count: tree.leafCount), h = g
        for r in labels.indices {
            let leaf = tree.leaf(for: columns.map { $0[r] })
            g[leaf] += pBar - (labels[r] ? 1 : 0)
            h[leaf] += pBar * (1 - pBar)
        }
        for leaf in 0..<tree.leafCount {
            let t = max(abs(g[leaf]) - 0.2, 0) * (g[leaf] < 0 ? -1 : 1)
            #expect(abs(tree.leafValues[leaf] - 0.3 * -t / (h[leaf] + 2)) < 1e-12)
        }
    }
}
