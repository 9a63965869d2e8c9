import Testing
import Plots

/// Every kind of plot at 40 and 80 columns, in Unicode and in ASCII, against golden files in
/// `Snapshots/` (`RECORD_SNAPSHOTS=1` rewrites them).
@Suite struct SnapshotTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let title: String
        let plot: any Plot
        var testDescription: String { name }
    }

    struct Variant: Sendable, CustomTestStringConvertible {
        let width: Int
        let charset: Charset
        var height: Int { width == 40 ? 14 : 20 }
        var suffix: String { "\(width)-\(charset == .unicode ? "unicode" : "ascii")" }
        var testDescription: String { suffix }

        static let all = [Variant(width: 40, charset: .unicode), Variant(width: 40, charset: .ascii),
                          Variant(width: 80, charset: .unicode), Variant(width: 80, charset: .ascii)]
    }

    static let target0 = Fixtures.incomes(2_000, seed: 1)
    static let target1 = Fixtures.incomes(180, seed: 2, scale: 0.85)
    static let score0 = Fixtures.scores(2_000, seed: 3, mean: 0.55)
    static let score1 = Fixtures.scores(180, seed: 4, mean: 0.40)
    static let clients = Fixtures.creditAndIncome(3_000, seed: 5)

    static let cases: [Case] = [
        Case(name: "histogram", title: "AMT_INCOME_TOTAL", plot: Histogram(target0)),
        Case(name: "histogram-groups", title: "AMT_INCOME_TOTAL by TARGET",
             plot: Histogram(groups: [Series("TARGET=0", target0), Series("TARGET=1", target1)], bins: .count(12))),
        Case(name: "histogram-normalized", title: "EXT_SOURCE_2 by TARGET, share of group",
             plot: Histogram(groups: [Series("TARGET=0", score0), Series("TARGET=1", score1)], bins: .count(10),
                             normalized: true)),
        Case(name: "histogram-log", title: "AMT_INCOME_TOTAL, log scale",
             plot: Histogram(target0.map { $0 * $0 / 1e5 } + [0, -5, .nan, .infinity], logScale: true)),
        Case(name: "bar", title: "clients by NAME_INCOME_TYPE",
             plot: BarChart(labels: Fixtures.incomeTypes, values: Fixtures.incomeTypeCounts)),
        Case(name: "bar-signed", title: "mean SHAP contribution",
             plot: BarChart(labels: ["EXT_SOURCE_3", "EXT_SOURCE_2", "DAYS_EMPLOYED", "AMT_ANNUITY", "CODE_GENDER"],
                            values: [0.42, 0.31, -0.12, 0.05, -0.27])),
        Case(name: "line", title: "default rate by score decile",
             plot: LineChart(series: [XYSeries("train", x: Fixtures.deciles, y: Fixtures.defaultRateTrain),
                                      XYSeries("test", x: Fixtures.deciles, y: Fixtures.defaultRateTest)])),
        Case(name: "scatter", title: "AMT_CREDIT against AMT_INCOME_TOTAL",
             plot: ScatterPlot(x: clients.income, y: clients.credit)),
        Case(name: "scatter-sparse", title: "40 clients",
             plot: ScatterPlot(x: Array(clients.income.prefix(40)), y: Array(clients.credit.prefix(40)))),
        Case(name: "box", title: "AMT_INCOME_TOTAL by TARGET",
             plot: BoxPlot(groups: [Series("TARGET=0", target0), Series("TARGET=1", target1)])),
        Case(name: "density", title: "EXT_SOURCE_2 by TARGET",
             plot: DensityPlot(groups: [Series("TARGET=0", score0), Series("TARGET=1", score1)])),
        Case(name: "ecdf", title: "EXT_SOURCE_2 by TARGET",
             plot: ECDFPlot(groups: [Series("TARGET=0", score0), Series("TARGET=1", score1)])),
        Case(name: "heatmap", title: "correlations",
             plot: HeatMap(rowLabels: Fixtures.features, columnLabels: Fixtures.features,
                           values: Fixtures.correlations, range: -1...1)),
        Case(name: "heatmap-confusion", title: "confusion matrix at 0.09",
             plot: HeatMap(rowLabels: ["actual 0", "actual 1"], columnLabels: ["predicted 0", "predicted 1"],
                           values: [[19_870, 8_392], [648, 1_840]])),
    ]

    @Test(arguments: cases, Variant.all)
    func plot(_ c: Case, _ variant: Variant) {
        let options = PlotOptions(width: variant.width, height: variant.height, title: c.title, charset: variant.charset)
        let result = c.plot.render(options)
        Snapshot.check(result.text, named: "\(c.name)-\(variant.suffix)")
        #expect(result.lines.count <= variant.height)
        #expect(result.lines.allSatisfy { $0.unicodeScalars.count <= variant.width })
        if variant.charset == .ascii {
            #expect(result.text.unicodeScalars.allSatisfy { $0.isASCII })
        }
    }

    /// Colour is only ever added on request; these show what it adds.
    @Test(arguments: ["histogram-groups", "scatter", "line", "heatmap-confusion", "box"])
    func colour(_ name: String) throws {
        let c = try #require(SnapshotTests.cases.first { $0.name == name })
        let result = c.plot.render(PlotOptions(width: 80, height: 20, title: c.title, color: true))
        Snapshot.check(result.text, named: "\(name)-80-color")
        #expect(result.text.contains("\u{1B}["))
        #expect(!c.plot.render(PlotOptions(width: 80, height: 20, title: c.title)).text.contains("\u{1B}"))
    }
}
