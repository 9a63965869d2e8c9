import Foundation
import Testing
@testable import Plots

/// The numbers behind the shapes, against values computed by hand.
@Suite struct StatisticsTests {
    @Test func histogramBinCountsOnATinyArray() {
        // Three bins over 1…10: [1, 4) [4, 7) [7, 10], the last closed (numpy's convention).
        let bins = HistogramBins.equalWidth(1, 10, count: 3)
        #expect(bins.edges == [1, 4, 7, 10])
        let (counts, outside) = bins.counts([1, 2, 2, 3, 4, 10, 7])
        #expect(counts == [4, 1, 2])
        #expect(outside == 0)
        #expect(bins.index(of: 4) == 1)
        #expect(bins.index(of: 10) == 2)
        #expect(bins.index(of: 0.5) == nil)
    }

    @Test func histogramTableHasTheSameCounts() {
        let result = Histogram([1, 2, 2, 3, 4, 10, 7], bins: .count(3)).render(PlotOptions(width: 60, height: 12))
        #expect(result.data.columns == ["group", "lower", "upper", "count", "share"])
        #expect(result.data.column("lower").compactMap(\.number) == [1, 4, 7])
        #expect(result.data.column("upper").compactMap(\.number) == [4, 7, 10])
        #expect(result.data.column("count").compactMap(\.number) == [4, 1, 2])
        let shares: [Double] = [4.0 / 7, 1.0 / 7, 2.0 / 7]
        #expect(result.data.column("share").compactMap(\.number) == shares)
    }

    @Test func explicitEdgesCountValuesOutside() {
        let result = Histogram([-5, 0, 1, 2, 3, 50], bins: .edges([0, 2, 4])).render(PlotOptions(width: 60, height: 12))
        #expect(result.data.column("count").compactMap(\.number) == [2, 2])
        #expect(result.notes.contains("2 values outside the bins"))
    }

    @Test func logScaleBinsPowersAndDropsNonPositive() {
        let result = Histogram([1, 10, 100, 1000, 0, -3], bins: .count(3), logScale: true)
            .render(PlotOptions(width: 60, height: 12))
        let lower = result.data.column("lower").compactMap(\.number)
        #expect(zip(lower, [1.0, 10, 100]).allSatisfy { abs($0 - $1) < 1e-9 * $1 })
        #expect(result.data.column("count").compactMap(\.number) == [1, 1, 2])
        #expect(result.notes == ["dropped 2 non-positive values (log scale)"])
    }

    @Test func allEqualValuesGetOneUnitWideBin() {
        #expect(HistogramBins.equalWidth(5, 5, count: 1).edges == [4.5, 5.5])
        #expect(HistogramBins.sturgesCount(1) == 1)
        #expect(HistogramBins.sturgesCount(1000) == 11)
    }

    @Test func quantilesInterpolateLinearlyLikeNumpy() {
        // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) == [1.75, 2.5, 3.25]
        #expect(Quantiles.linear([1, 2, 3, 4], 0.25) == 1.75)
        #expect(Quantiles.linear([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Quantiles.linear([1, 2, 3, 4], 0.75) == 3.25)
        #expect(Quantiles.linear([7], 0.3) == 7)
    }

    @Test func tukeyBoxOnATinyArray() throws {
        // 1…9 and 100. Q1 at position 9·0.25 = 2.25: 3 + 0.25·(4 − 3) = 3.25. Median at 4.5:
        // 5.5. Q3 at 6.75: 7.75. IQR 4.5, fences 3.25 − 6.75 = −3.5 and 7.75 + 6.75 = 14.5, so
        // the whiskers end at 1 and 9 and 100 is the one outlier. Mean 145 / 10 = 14.5.
        let box = try #require(BoxStatistics([5, 1, 9, 2, 8, 3, 100, 7, 4, 6]))
        #expect(box.count == 10)
        #expect(box.lowerQuartile == 3.25)
        #expect(box.median == 5.5)
        #expect(box.upperQuartile == 7.75)
        #expect(box.interquartileRange == 4.5)
        #expect(box.lowerWhisker == 1)
        #expect(box.upperWhisker == 9)
        #expect(box.outliers == [100])
        #expect(box.minimum == 1 && box.maximum == 100)
        #expect(box.mean == 14.5)
    }

    @Test func tukeyBoxWithALowOutlier() throws {
        // −20, 1, 2, 3, 4: Q1 1, median 2, Q3 3, IQR 2, fences −2 and 6.
        let box = try #require(BoxStatistics([-20, 1, 2, 3, 4, .nan]))
        #expect(box.count == 5)
        #expect([box.lowerQuartile, box.median, box.upperQuartile] == [1, 2, 3])
        #expect(box.lowerWhisker == 1 && box.upperWhisker == 4)
        #expect(box.outliers == [-20])
        #expect(BoxStatistics([]) == nil)
    }

    @Test func boxPlotTableMatches() {
        let result = BoxPlot([5, 1, 9, 2, 8, 3, 100, 7, 4, 6], name: "x").render(PlotOptions(width: 60, height: 10))
        let numbers: [Double] = [10, 1, 3.25, 5.5, 7.75, 100, 1, 9, 1, 14.5]
        let expected: [PlotValue] = [.text("x")] + numbers.map { .number($0) }
        #expect(result.data.rows.first == expected)
    }

    @Test func ecdfSteps() {
        let ecdf = EmpiricalCDF([3, 1, 2, 2, .nan])
        #expect(ecdf.count == 4)
        #expect(ecdf.steps == [.init(value: 1, proportion: 0.25), .init(value: 2, proportion: 0.75),
                               .init(value: 3, proportion: 1)])
        #expect(ecdf(0) == 0)
        #expect(ecdf(1) == 0.25)
        #expect(ecdf(1.5) == 0.25)
        #expect(ecdf(2) == 0.75)
        #expect(ecdf(99) == 1)
    }

    @Test func silvermanBandwidthByHand() throws {
        // 1…5: s = √2.5 ≈ 1.581, IQR = 4 − 2 = 2, 2 / 1.34 ≈ 1.493 is the smaller;
        // h = 0.9 · 1.493 · 5^(−1/5).
        let kde = try #require(KernelDensity([1, 2, 3, 4, 5]))
        #expect(abs(kde.bandwidth - 0.9 * (2 / 1.34) * pow(5, -0.2)) < 1e-12)
        // All equal: both spreads are 0, so |x₀| stands in: 0.9 · 7 · 3^(−1/5).
        let equal = try #require(KernelDensity([7, 7, 7]))
        #expect(abs(equal.bandwidth - 0.9 * 7 * pow(3, -0.2)) < 1e-12)
        #expect(KernelDensity([0])?.bandwidth == 0.9)
        #expect(KernelDensity([]) == nil)
    }

    @Test func kernelDensityIntegratesToOne() throws {
        var g = SeededGenerator(seed: 11)
        let samples: [[Double]] = [
            (0..<500).map { _ in g.normal() },
            (0..<300).map { _ in 1e5 * (1 + abs(g.normal())) },
            [3],
            [1, 1, 1, 50],
        ]
        for sample in samples {
            let kde = try #require(KernelDensity(sample))
            let lo = sample.min()! - 9 * kde.bandwidth, hi = sample.max()! + 9 * kde.bandwidth
            let steps = 20_000
            let dx = (hi - lo) / Double(steps)
            var integral = 0.0
            for i in 0...steps {
                let weight = i == 0 || i == steps ? 0.5 : 1
                integral += weight * kde.density(at: lo + Double(i) * dx) * dx
            }
            #expect(abs(integral - 1) < 1e-3, "integral \(integral) for \(sample.count) values")
        }
    }

    @Test func kernelDensityOfOnePointIsAGaussian() throws {
        let kde = try #require(KernelDensity([0], bandwidth: 2))
        #expect(abs(kde.density(at: 0) - 1 / (2 * (2 * Double.pi).squareRoot())) < 1e-12)
        #expect(abs(kde.density(at: 2) - exp(-0.5) / (2 * (2 * Double.pi).squareRoot())) < 1e-12)
    }

    @Test func momentsSurviveHugeValues() {
        let (mean, deviation) = Moments.meanAndDeviation([-1e308, 1e308])
        #expect(mean == 0)
        #expect(deviation.isFinite && deviation > 1e308)
        #expect(Moments.meanAndDeviation([2, 4, 4, 4, 5, 5, 7, 9]).mean == 5)
    }

    @Test func scatterSummaryHasPearsonR() {
        let result = ScatterPlot(x: [1, 2, 3, 4], y: [2, 4, 6, 8.5]).render(PlotOptions(width: 40, height: 12))
        let r = result.data.column("pearson_r").first?.number ?? 0
        #expect(r > 0.99 && r < 1)
        #expect(result.data.column("n").first == .number(4))
    }
}

/// A marked value on box plots (a client among the population) and the beeswarm's ranks.
@Suite struct MarkerAndRankTests {
    @Test func theMarkCrossesEveryBoxAndIsNamed() {
        let plot = BoxPlot(groups: [Series("all", (1...100).map(Double.init)), Series("near", (40...60).map(Double.init))], marker: ("the client", 150))
        for charset in [Charset.unicode, .ascii] {
            let text = plot.render(PlotOptions(width: 60, height: 7, charset: charset)).lines
            let mark: Character = charset == .unicode ? "◆" : "X"
            // The axis widens to the mark, which sits in the same column on both box rows.
            let columns = text.prefix(2).compactMap { line in line.firstIndex(of: mark).map { line.distance(from: line.startIndex, to: $0) } }
            #expect(columns.count == 2 && columns[0] == columns[1], "\(text)")
            #expect(text.contains { $0.contains("the client 150") })
            if charset == .ascii { #expect(text.allSatisfy { $0.allSatisfy(\.isASCII) }) }
        }
    }

    @Test func ranksShareTiesAndSkipMissing() {
        let ranks = Beeswarm.ranks([3, .nan, 1, 3, 2])
        #expect(ranks[0] == 2.5 / 3 && ranks[1] == nil && ranks[2] == 0 && ranks[3] == 2.5 / 3 && ranks[4] == 1.0 / 3)
    }
}
