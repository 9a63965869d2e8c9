import Testing
import TestFixtures
@testable import Models

/// The categorical split search and `feature_pre_filter` follow LightGBM's: on rows both
/// sides generate from one integer hash, our trees make the splits of the trees Python
/// LightGBM grew (`scripts/fixtures/lightgbm-categorical.py`), with the same leaf values.
@Suite struct CategoricalParityTests {
    static func splitmix(_ value: UInt64) -> UInt64 {
        var x = value &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    /// The fixture script's rows: a 16-level category (one level too rare to be sorted, 5%
    /// missing), a 3-level one (split one level against the rest), a number 0…30 with
    /// missing values, and a flag set on 10 rows (too few for any split).
    static func data() -> (FeatureMatrix, [Bool]) {
        let cumulative = [300, 450, 550, 630, 700, 760, 810, 850, 880, 910, 930, 950, 970, 990, 998, 1000]
        let effect16 = [0, 40, -30, 80, 10, -60, 120, 5, -20, 60, 200, -80, 30, 150, 90, 300]
        let effect3 = [0, 70, -40]
        let n = 4000
        var columns = [[Double]](repeating: [], count: 4), labels: [Bool] = []
        for i in 0..<n {
            let h = (0..<6).map { splitmix(UInt64(i * 8 + $0)) }
            let u = Int(h[0] % 1000)
            let c16 = cumulative.firstIndex { u < $0 }!
            let c3 = Int(h[1] % 3), number = Int(h[2] % 31)
            let rare = h[3] % 400 == 0 ? 1.0 : 0
            let permille = 150 + effect16[c16] + effect3[c3] + 8 * number
            columns[0].append(h[4] % 20 == 0 ? .nan : Double(c16))
            columns[1].append(Double(c3))
            columns[2].append(h[4] % 50 == 7 ? .nan : Double(number))
            columns[3].append(rare)
            labels.append(Int(h[5] % 1000) < permille)
        }
        let features = [
            FeatureInfo(name: "c16", source: "c16", kind: .categorical(levels: (0..<16).map(String.init))),
            FeatureInfo(name: "c3", source: "c3", kind: .categorical(levels: (0..<3).map(String.init))),
            FeatureInfo(name: "num", source: "num", kind: .numeric),
            FeatureInfo(name: "rare", source: "rare", kind: .numeric),
        ]
        return (FeatureMatrix(columns: columns, features: features, rowCount: n, encoding: nil), labels)
    }

    static func parameters() -> GBDTParameters {
        var p = GBDTParameters()
        p.iterations = 10
        p.numLeaves = 8
        p.learningRate = 0.1
        p.minDataInLeaf = 20
        p.maxCategoriesOneVsRest = 4
        p.categorySmoothing = 10
        p.categoryL2 = 10
        p.minDataPerCategory = 50
        p.maxCategoryThreshold = 32
        return p
    }

    @Test func treesAreLightGBMs() throws {
        let (x, y) = Self.data()
        #expect(y.filter { $0 }.count == LightGBMCategoricalFixtures.positives)
        let ours = try GBDTModel.train(x, labels: y, parameters: Self.parameters())
        let theirs = try GBDTModel(lightGBMText: LightGBMCategoricalFixtures.model)
        #expect(ours.trees.count == theirs.trees.count)
        var categoricalSplits = 0, sortedSplits = 0
        for (t, (a, b)) in zip(ours.trees, theirs.trees).enumerated() {
            #expect(a.nodes.count == b.nodes.count, "tree \(t)")
            guard a.nodes.count == b.nodes.count else { continue }
            for (k, (m, l)) in zip(a.nodes, b.nodes).enumerated() {
                #expect(m.feature == l.feature, "tree \(t) node \(k)")
                #expect(m.categories == l.categories, "tree \(t) node \(k)")
                // Where the node's rows have no missing value the direction is a free
                // choice (ours: where most rows went); where they have some it must agree.
                if !m.isCategorical && Self.missingRows(reaching: k, of: a, in: x) > 0 {
                    #expect(m.defaultLeft == l.defaultLeft, "tree \(t) node \(k)")
                }
                if !m.isCategorical {
                    // Ours cut at the midpoint (0.5), LightGBM just above zero: the same rows.
                    #expect(m.threshold.rounded(.down) == l.threshold.rounded(.down), "tree \(t) node \(k)")
                } else {
                    categoricalSplits += 1
                    if m.categories.count > 1 { sortedSplits += 1 }
                }
            }
            // LightGBM's first tree holds the starting score; its gradients are 32-bit floats.
            let start = t == 0 ? ours.initialScore : 0
            for (v, w) in zip(a.leafValues, b.leafValues) {
                #expect(abs(v + start - w) <= 1e-6 * max(1, abs(w)), "tree \(t): \(v) against \(w)")
            }
        }
        #expect(categoricalSplits > 10 && sortedSplits > 5)
    }

    /// Training rows that reach node `node` of `tree` with its feature missing.
    static func missingRows(reaching node: Int, of tree: DecisionTree, in x: FeatureMatrix) -> Int {
        var count = 0
        for r in 0..<x.rowCount {
            var k = 0
            while k >= 0 {
                let n = tree.nodes[k]
                if k == node {
                    if x[r, n.feature].isNaN { count += 1 }
                    break
                }
                k = n.goesLeft(x[r, n.feature]) ? n.left : n.right
            }
        }
        return count
    }

    @Test func preFilterDropsWhatLightGBMDrops() throws {
        let (x, _) = Self.data()
        var p = Self.parameters()
        let bins = try BinnedData.learnBins(x, parameters: p)
        let data = BinnedData(matrix: x, bins: bins, threads: 1)
        // LightGBM wrote "none" as the flag's feature_infos: it kept no bin of it.
        #expect(LightGBMCategoricalFixtures.model.contains("[0:30] none"))
        #expect(FeatureScreen(data: data, parameters: p).filtered == [3])
        #expect(FeatureScreen(data: data, parameters: p).usable == [0, 1, 2])
        p.featurePreFilter = false
        #expect(FeatureScreen(data: data, parameters: p).usable == [0, 1, 2, 3])
        // One-vs-rest by the feature's bins: 3 levels plus missing is 4; 16 levels are sorted.
        #expect(FeatureScreen(data: data, parameters: p).categoryCounts == [16, 3, 0, 0])
    }
}
