import Testing
@testable import Models

/// Exclusive feature bundling changes how histograms are summed, never what they hold:
/// models trained with and without it are identical bit for bit.
@Suite struct FeatureBundlingTests {
    static let rows = 6000

    /// One-hot groups (one of them with an all-zero "missing" level), sparse flags with
    /// missing values that never meet, a flag mostly 1 (its default bin is not the first),
    /// a native categorical with a dominant level, and dense numeric columns with missing
    /// values; the label depends on several of them.
    static func data() -> (FeatureMatrix, [Bool]) {
        var rng = SeededGenerator(seed: 77)
        let n = rows
        var columns: [[Double]] = []
        var features: [FeatureInfo] = []
        func add(_ name: String, _ column: [Double], kind: FeatureInfo.Kind = .numeric) {
            columns.append(column)
            features.append(FeatureInfo(name: name, source: name, kind: kind))
        }
        // A 6-level categorical, one-hot: exactly one indicator is 1 per row.
        let colour = (0..<n).map { _ in min(5, Int(rng.nextUnit() * rng.nextUnit() * 7)) }
        for level in 0..<6 { add("colour_\(level)", colour.map { $0 == level ? 1 : 0 }) }
        // A 4-level categorical whose missing rows (15%) are all-zero.
        let size = (0..<n).map { _ in rng.nextUnit() < 0.15 ? -1 : Int(rng.nextUnit() * 4) }
        for level in 0..<4 { add("size_\(level)", size.map { $0 == level ? 1 : 0 }) }
        // Sparse flags with missing values, each set or missing only in its own third of the rows.
        for k in 0..<3 {
            add("flag_\(k)", (0..<n).map { r in
                let u = rng.nextUnit()
                guard r % 3 == k else { return 0 }
                return u < 0.2 ? 1 : u < 0.26 ? .nan : 0
            })
        }
        add("mostly_one", (0..<n).map { _ in rng.nextUnit() < 0.9 ? 1 : 0 })
        let region = (0..<n).map { _ in rng.nextUnit() < 0.7 ? 0.0 : Double(Int(rng.nextUnit() * 5)) }
        add("region", region, kind: .categorical(levels: ["a", "b", "c", "d", "e"]))
        let income = (0..<n).map { _ in rng.nextUnit() < 0.1 ? .nan : rng.nextUnit() * 100 }
        add("income", income)
        add("age", (0..<n).map { _ in Double(20 + Int(rng.nextUnit() * 50)) })
        let labels = (0..<n).map { r in
            var score = Double(colour[r]) * 0.4 - (size[r] < 0 ? 0.8 : Double(size[r]) * 0.3)
            score += income[r].isNaN ? 0.7 : income[r] / 60
            score += region[r] == 3 ? 0.9 : 0
            if columns[10][r] == 1 || columns[11][r].isNaN { score += 1.2 }
            return score + rng.nextUnit() * 2.5 > 3.2
        }
        return (FeatureMatrix(columns: columns, features: features, rowCount: n, encoding: nil), labels)
    }

    static func parameters(bundling: Bool, threads: Int = 2) -> GBDTParameters {
        var p = GBDTParameters()
        p.iterations = 20
        p.numLeaves = 15
        p.minDataInLeaf = 10
        p.maxCategoriesOneVsRest = 2  // the sorted categorical search, too
        p.minDataPerCategory = 20
        p.baggingFraction = 0.8
        p.baggingFreq = 1
        p.featureFraction = 0.8  // bundles with some members left out
        p.histogramChunkRows = 1500  // several chunks, and chunks both above and below 1024 rows
        p.threads = threads
        p.featureBundling = bundling
        return p
    }

    @Test func theDataIsActuallyBundled() throws {
        let (x, _) = Self.data()
        let p = Self.parameters(bundling: true)
        let data = BinnedData(matrix: x, bins: try BinnedData.learnBins(x, parameters: p), threads: 1)
        let bundles = FeatureBundles(data: data, enabled: true, threads: 2)
        let grouped = bundles.bundles.filter { !$0.isSingle }.map { $0.features }
        // Each one-hot group, and the three flags (with their missing bins), share a column.
        #expect(grouped.contains { Set(0..<6).isSubset(of: $0) })
        #expect(grouped.contains { Set(6..<10).isSubset(of: $0) })
        #expect(grouped.contains { Set(10..<13).isSubset(of: $0) })
        #expect(bundles.bundles.count <= x.featureCount - 10)
        // The mostly-1 flag's default bin is its second value bin.
        #expect(bundles.defaultBins[13] == 1)
        let unbundled = FeatureBundles(data: data, enabled: false, threads: 2)
        #expect(unbundled.bundles.allSatisfy { $0.isSingle })
    }

    @Test func sameTreesAndPredictionsWithAndWithoutBundling() throws {
        let (x, labels) = Self.data()
        let bundled = try GBDTModel.train(x, labels: labels, parameters: Self.parameters(bundling: true))
        let plain = try GBDTModel.train(x, labels: labels, parameters: Self.parameters(bundling: false))
        let oneThread = try GBDTModel.train(x, labels: labels, parameters: Self.parameters(bundling: true, threads: 1))
        #expect(bundled.trees.count == 20)
        #expect(bundled.trees == plain.trees)  // features, thresholds, default directions, gains, values: every bit
        #expect(oneThread.trees == bundled.trees)
        #expect(try bundled.rawScores(x) == plain.rawScores(x))
        // The trees do use the bundled features, missing values and the categorical.
        let used = Set(bundled.trees.flatMap { tree in tree.nodes.map { $0.feature } })
        #expect(!used.isDisjoint(with: 0..<13) && used.contains(15))
    }
}
