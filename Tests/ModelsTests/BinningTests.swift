import Testing
@testable import Models

@Suite struct BinningTests {
    @Test func manyDistinctValuesGiveEqualCountQuantileBins() {
        let values = (0..<10_000).map { Double($0) * 0.37 }
        let bins = FeatureBins.quantiles(sortedValues: values, maxBins: 255)
        #expect(bins.valueBinCount == 255)
        #expect(bins.upperBounds.last == .infinity)
        var counts = [Int](repeating: 0, count: bins.binCount)
        for v in values { counts[bins.bin(of: v)] += 1 }
        #expect(counts.dropLast().allSatisfy { $0 >= 38 && $0 <= 41 })  // 10000 / 255 ≈ 39.2
        #expect(counts.last == 0)
    }

    @Test func fewDistinctValuesGetABinEach() {
        let bins = FeatureBins.quantiles(sortedValues: [1, 1, 2, 5, 5, 5], maxBins: 255)
        #expect(bins.upperBounds == [1.5, 3.5, .infinity])
        #expect([1, 2, 5, 0, 7, 1.5].map(bins.bin(of:)) == [0, 1, 2, 0, 2, 0])
        #expect(bins.bin(of: .nan) == bins.missingBin && bins.missingBin == 3)
    }

    @Test func aHeavyValueFillsABinAloneAndTheRestShareEvenly() {
        let values = ([Double](repeating: 0, count: 6000) + (1...4000).map { Double($0) }).sorted()
        let bins = FeatureBins.quantiles(sortedValues: values, maxBins: 50)
        #expect(bins.bin(of: 0) == 0 && bins.bin(of: 1) == 1)
        var counts = [Int](repeating: 0, count: bins.binCount)
        for v in values { counts[bins.bin(of: v)] += 1 }
        #expect(counts[0] == 6000)
        // 49 bins for 4000 values: 81 or 82 each.
        #expect(counts[1..<50].allSatisfy { $0 == 81 || $0 == 82 })
    }

    @Test func adjacentDoublesStayApart() {
        let a = 1.0, b = a.nextUp
        let bins = FeatureBins.quantiles(sortedValues: [a, b], maxBins: 255)
        #expect(bins.bin(of: a) == 0 && bins.bin(of: b) == 1)
    }

    @Test func constantAndEmptyColumnsGiveOneValueBin() {
        #expect(FeatureBins.quantiles(sortedValues: [3, 3, 3], maxBins: 255).valueBinCount == 1)
        #expect(FeatureBins.quantiles(sortedValues: [], maxBins: 255).valueBinCount == 1)
    }

    @Test func binCodesAgreeWithRawThresholds() throws {
        let (columns, _) = SyntheticData.creditLike(rows: 5000, features: 5, seed: 2)
        let x = FeatureMatrix(columns: columns, names: SyntheticData.names(5))
        var p = GBDTParameters()
        p.binSampleSize = 1000
        let bins = try BinnedData.learnBins(x, parameters: p)
        let data = BinnedData(matrix: x, bins: bins, threads: 2)
        for f in 0..<5 {
            for r in 0..<5000 {
                let code = Int(data.codes.base[f * 5000 + r]), v = columns[f][r]
                if v.isNaN {
                    #expect(code == bins[f].missingBin)
                } else {
                    // Bin b holds exactly the values in (bound[b−1], bound[b]].
                    #expect(v <= bins[f].upperBounds[code])
                    if code > 0 { #expect(v > bins[f].upperBounds[code - 1]) }
                }
            }
        }
        #expect(data.binCounts(threads: 1)[4].last == columns[4].filter(\.isNaN).count)
    }
}
