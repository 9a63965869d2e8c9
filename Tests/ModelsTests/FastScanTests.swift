import Testing
@testable import Models

/// The training loops' shortcuts against the plain definitions they replace.
@Suite struct FastScanTests {
    /// The numeric scan by its definition: every threshold between non-empty value bins,
    /// missing values right then left, each gain divided out, ties to the first. A side's
    /// rows are estimated as LightGBM does, each bin's round(hess · N/H) summed (the other
    /// side gets the rest); a bin is empty when its hessian is at most 10⁻¹² of the leaf's.
    static func referenceBest(_ finder: SplitFinder, bins: FeatureBins.Shape, histogram h: UnsafePointer<HistogramBin>, total: GradientSums) -> SplitCandidate {
        let p = finder.parameters
        var missing = GradientSums()
        missing.add(bin: bins.missingBin, of: h)
        let empty = abs(total.hessian) * 1e-12
        let hasMissing = missing.hessian > empty
        func rows(_ hessian: Double) -> Int { Int((hessian * (Double(total.count) / total.hessian)).rounded(.toNearestOrEven)) }
        let parentGain = finder.leafGain(total)
        var best = SplitCandidate()
        for missingLeft in [false, true] where !missingLeft || hasMissing {
            var left = missingLeft ? missing : GradientSums()
            if missingLeft { left.count = rows(missing.hessian) }
            let last = missingLeft || !hasMissing ? bins.valueBinCount - 1 : bins.valueBinCount
            for t in 0..<last where h[t].y > empty {
                left.add(bin: t, of: h)
                left.count += rows(h[t].y)
                let right = total - left
                guard left.count >= p.minDataInLeaf, left.hessian >= p.minSumHessianInLeaf, left.hessian > 0,
                      right.count >= p.minDataInLeaf, right.hessian >= p.minSumHessianInLeaf, right.hessian > 0 else { continue }
                let g = finder.leafGain(left) + finder.leafGain(right) - parentGain
                if g > best.gain {
                    (best.gain, best.thresholdBin, best.left, best.right) = (g, t, left, right)
                    best.defaultLeft = hasMissing ? missingLeft : left.hessian >= right.hessian
                }
            }
        }
        if best.gain > p.minGainToSplit { best.feature = 0 } else { best = SplitCandidate() }
        return best
    }

    /// A histogram of `rows` random rows over `valueBins` bins (many empty) plus a missing bin.
    static func histogram(valueBins: Int, rows: Int, missingShare: Double, rng: inout SeededGenerator) -> ([HistogramBin], GradientSums) {
        var h = [HistogramBin](repeating: .zero, count: valueBins + 1)
        var total = GradientSums()
        let used = max(1, valueBins / 3)
        for _ in 0..<rows {
            let bin = rng.nextUnit() < missingShare ? valueBins : Int(rng.nextUnit() * Double(used)) * 3 % valueBins
            let p = rng.nextUnit()
            let g = (rng.nextUnit() < p ? -1 : 0) + p, hess = p * (1 - p)
            h[bin] += HistogramBin(g, hess)
            total.gradient += g
            total.hessian += hess
            total.count += 1
        }
        return (h, total)
    }

    @Test(arguments: [(0.0, 0.0), (0.5, 1.0), (2.0, 0.0)])
    func numericScanEqualsTheDefinitionAndARivalChangesNoWinner(l1: Double, l2: Double) {
        var p = GBDTParameters()
        p.lambdaL1 = l1
        p.lambdaL2 = l2
        p.minDataInLeaf = 5
        let finder = SplitFinder(parameters: p)
        var rng = SeededGenerator(seed: 11)
        var splittable = 0
        for trial in 0..<300 {
            let valueBins = [2, 3, 17, 255][trial % 4]
            let (h, total) = Self.histogram(valueBins: valueBins, rows: 20 + trial * 7, missingShare: trial % 3 == 0 ? 0 : 0.2, rng: &rng)
            let shape = FeatureBins.Shape(kind: .numeric, valueBinCount: valueBins)
            h.withUnsafeBufferPointer { buffer in
                let histogram = buffer.baseAddress!
                let expected = Self.referenceBest(finder, bins: shape, histogram: histogram, total: total)
                let fast = finder.bestNumeric(feature: 0, bins: shape, histogram: histogram, total: total)
                #expect(fast.isValid == expected.isValid)
                #expect(fast.gain == expected.gain || !expected.isValid)
                #expect(fast.thresholdBin == expected.thresholdBin && fast.defaultLeft == expected.defaultLeft)
                #expect(fast.left == expected.left && fast.right == expected.right)
                guard expected.isValid else { return }
                splittable += 1
                // A rival this feature can reach (or tie) leaves its best as it was…
                for rival in [expected.gain, expected.gain * 0.5, -.infinity] {
                    let withRival = finder.bestNumeric(feature: 0, bins: shape, histogram: histogram, total: total, rival: rival)
                    #expect(withRival.gain == expected.gain && withRival.thresholdBin == expected.thresholdBin)
                }
                // …and one it cannot reach can only hide splits that would lose to it.
                let stronger = finder.bestNumeric(feature: 0, bins: shape, histogram: histogram, total: total, rival: expected.gain * 1.01 + 1e-9)
                #expect(!stronger.isValid || stronger.gain <= expected.gain)
            }
        }
        #expect(splittable > 150)  // the cases above are not vacuous
    }

    @Test func radixSortEqualsComparisonSort() {
        var rng = SeededGenerator(seed: 5)
        let special: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 365243, 0.1, 0.1.nextUp]
        for n in [0, 1, 2, 50, 3000] {
            var values = (0..<n).map { i -> Double in
                switch i % 4 {
                case 0: special[Int(rng.nextUnit() * Double(special.count))]
                case 1: Double(Int(rng.nextUnit() * 5))  // small counts, many ties
                default: (rng.nextUnit() - 0.5) * 1e6
                }
            }
            let expected = values.sorted()
            RadixSort.sort(&values)
            #expect(values == expected)  // −0 == +0, so the one rewrite of the sort is invisible here
            #expect(!values.contains { $0 == 0 && $0.sign == .minus })
        }
    }

    @Test func codesOfAColumnEqualBinOfEachValue() {
        var rng = SeededGenerator(seed: 9)
        let sample = (0..<2000).map { _ in (rng.nextUnit() * 100).rounded() / 4 }.sorted()
        for bins in [FeatureBins.quantiles(sortedValues: sample, maxBins: 255), FeatureBins.quantiles(sortedValues: sample, maxBins: 7),
                     FeatureBins.quantiles(sortedValues: [3, 3], maxBins: 255), FeatureBins(categoryCount: 5)] {
            let values = (0..<1003).map { i -> Double in
                switch i % 7 {
                case 0: .nan
                case 1: i % 2 == 0 ? .infinity : -.infinity
                case 2: bins.upperBounds.isEmpty ? Double(i % 9) - 2 : bins.upperBounds[i % bins.upperBounds.count]
                default: (rng.nextUnit() - 0.1) * 30
                }
            }
            var codes = [UInt8](repeating: 0, count: values.count)
            values.withUnsafeBufferPointer { v in
                codes.withUnsafeMutableBufferPointer { c in bins.codes(of: v.baseAddress!, count: v.count, into: c.baseAddress!) }
            }
            #expect(codes == values.map { UInt8(bins.bin(of: $0)) })
        }
    }

    @Test func sharedMaximumKeepsTheLargestOffered() {
        let storage = SharedMaxima(count: 2)
        let maximum = storage[0], negative = storage[1]
        #expect(maximum.value == -.infinity)
        for value in [-3.5, -7, -0.0, 2, 1e-300, 1.5, .infinity, 4] {
            maximum.offer(value)
        }
        #expect(maximum.value == .infinity)
        for value in [-9.0, -2.25, -4] { negative.offer(value) }
        #expect(negative.value == -2.25)
        maximum.reset()
        #expect(maximum.value == -.infinity)
        #expect(negative.value == -2.25)
    }
}
