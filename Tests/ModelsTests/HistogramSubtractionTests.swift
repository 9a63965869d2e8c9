import Testing
@testable import Models

/// Parent − smaller child equals the larger child's histograms built from its rows.
@Suite struct HistogramSubtractionTests {
    static let rows = 3000, featureCount = 8

    static func data() -> FeatureMatrix {
        let (columns, _) = SyntheticData.creditLike(rows: rows, features: featureCount, seed: 31)
        return FeatureMatrix(columns: columns, names: SyntheticData.names(featureCount))
    }

    @Test func siblingBySubtractionEqualsDirectBuild() throws {
        let x = Self.data()
        var p = GBDTParameters()
        p.histogramChunkRows = 400
        let bins = try BinnedData.learnBins(x, parameters: p)
        let data = BinnedData(matrix: x, bins: bins, threads: 2)
        let builder = HistogramBuilder(data: data, parameters: p)
        var rng = SeededGenerator(seed: 1)
        let g = RawBuffer((0..<Self.rows).map { _ in rng.nextUnit() - 0.3 })
        let h = RawBuffer((0..<Self.rows).map { _ in rng.nextUnit() * 0.25 })
        // Rows of the child (x0 ≤ 0 or missing) first, then its sibling's, each in table order.
        let child = (0..<Self.rows).filter { !(x[$0, 0] > 0) }
        let sibling = (0..<Self.rows).filter { x[$0, 0] > 0 }
        let rows = RawBuffer((child + sibling).map(Int32.init))
        let features = Array(0..<Self.featureCount)
        let size = builder.setSize
        let parent = RawBuffer<HistogramBin>(count: size, repeating: HistogramBin(.nan, .nan))
        let childHistogram = RawBuffer<HistogramBin>(count: size, repeating: HistogramBin(.nan, .nan))
        let direct = RawBuffer<HistogramBin>(count: size, repeating: HistogramBin(.nan, .nan))
        func sums(_ range: Range<Int>) -> GradientSums {
            var s = GradientSums(count: range.count)
            for p in range { s.gradient += g.base[Int(rows.base[p])]; s.hessian += h.base[Int(rows.base[p])] }
            return s
        }
        let selected = [Bool](repeating: true, count: Self.featureCount)
        let columns = builder.columns(holding: features)
        func build(_ range: Range<Int>, into set: RawBuffer<HistogramBin>) {
            let leaf = HistogramBuilder.LeafRows(rows: rows, range: range, total: sums(range), target: set.shared)
            builder.prepare(leaf, gradients: g, hessians: h, threads: 1)
            columns.withUnsafeBufferPointer { builder.build(columns: $0, of: leaf, gradients: g, hessians: h, selected: selected) }
        }
        build(0..<Self.rows, into: parent)
        build(0..<child.count, into: childHistogram)
        build(child.count..<Self.rows, into: direct)
        for f in features { builder.subtract(feature: f, childHistogram.base, from: parent.base) }
        for k in 0..<size {
            #expect(abs(parent.base[k].x - direct.base[k].x) < 1e-9 && abs(parent.base[k].y - direct.base[k].y) < 1e-9)
        }
        // And the direct sibling sums its own rows.
        let siblingHessian = (0..<bins[3].binCount).map { direct.base[builder.binOffsets[3] + $0].y }.reduce(0, +)
        #expect(abs(siblingHessian - sums(child.count..<Self.rows).hessian) < 1e-9)
    }

    @Test func sameTreesWithAndWithoutSubtraction() throws {
        let x = Self.data()
        let (_, labels) = SyntheticData.creditLike(rows: Self.rows, features: Self.featureCount, seed: 31)
        var p = GBDTParameters()
        p.iterations = 5
        p.numLeaves = 20
        p.minDataInLeaf = 10
        p.histogramChunkRows = 400
        let withSubtraction = try GBDTModel.train(x, labels: labels, parameters: p)
        p.histogramSubtraction = false
        let direct = try GBDTModel.train(x, labels: labels, parameters: p)
        #expect(withSubtraction.trees.count == direct.trees.count)
        for (a, b) in zip(withSubtraction.trees, direct.trees) {
            #expect(a.nodes.count == b.nodes.count)
            for (m, n) in zip(a.nodes, b.nodes) {
                #expect(m.feature == n.feature && m.thresholdBin == n.thresholdBin && m.defaultLeft == n.defaultLeft)
                #expect(m.left == n.left && m.right == n.right && m.count == n.count)
                #expect(abs(m.gain - n.gain) < 1e-9 * max(1, abs(n.gain)))
            }
            #expect(a.leafCounts == b.leafCounts)
            for (u, v) in zip(a.leafValues, b.leafValues) { #expect(abs(u - v) < 1e-9) }
        }
    }
}
