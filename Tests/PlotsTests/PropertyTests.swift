import Testing
import Plots

/// Whatever the data and the size, a plot fits: no line wider than the width (counted in
/// Unicode scalars, colour escapes excluded), no more lines than the height, and no trap.
@Suite struct PropertyTests {
    /// The cells a line takes on screen: its scalars less ANSI escape sequences.
    static func visibleWidth(_ line: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in line.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }

    /// Samples of every awkward shape.
    static func sample(_ g: inout SeededGenerator) -> [Double] {
        let n = [0, 1, 2, 3, 7, 50, 400][g.int(0...6)]
        switch g.int(0...9) {
        case 0: return (0..<n).map { _ in g.normal() }
        case 1: return (0..<n).map { _ in 1e5 * (1 + g.normal()) * (1 + g.normal()) }
        case 2: return Array(repeating: [0, 1, -3.5, 1e300, .leastNonzeroMagnitude][g.int(0...4)], count: n)
        case 3: return (0..<n).map { _ in [.nan, .infinity, -.infinity, g.normal()][g.int(0...3)] }
        case 4: return (0..<n).map { _ in g.int(0...1) == 0 ? -Double.greatestFiniteMagnitude : .greatestFiniteMagnitude }
        case 5: return (0..<n).map { _ in 1e-300 * g.uniform() }
        case 6: return (0..<n).map { _ in Double(g.int(-3...3)) }
        case 7: return (0..<n).map { _ in 1e16 + Double(g.int(0...4)) }
        case 8: return (0..<n).map { _ in g.uniform() < 0.1 ? 1e9 * g.uniform() : g.uniform() }
        default: return (0..<n).map { _ in g.normal() * 1e308 }
        }
    }

    static let labels = ["", "a", "TARGET=1", "Secondary / secondary special", "two\nlines", "tab\there",
                         "esc\u{1B}[31mred", "ünïcödé", String(repeating: "x", count: 200)]

    static func label(_ g: inout SeededGenerator) -> String { labels[g.int(0...labels.count - 1)] }

    static func groups(_ g: inout SeededGenerator) -> [Series] {
        (0..<g.int(0...4)).map { _ in Series(label(&g), sample(&g)) }
    }

    static func plot(_ g: inout SeededGenerator) -> any Plot {
        switch g.int(0...9) {
        case 0:
            let bins: Histogram.Bins = [.auto, .count(g.int(-2...300)), .edges(sample(&g).sorted())][g.int(0...2)]
            return Histogram(groups: groups(&g), bins: bins, logScale: g.int(0...2) == 0, normalized: g.int(0...1) == 0)
        case 1:
            let n = g.int(0...30)
            return BarChart(labels: (0..<n).map { _ in label(&g) }, values: Array(sample(&g).prefix(max(0, n + g.int(-2...2)))))
        case 2:
            return LineChart(series: (0..<g.int(0...4)).map { _ in
                let x = sample(&g)
                return XYSeries(label(&g), x: x, y: Array(sample(&g).prefix(max(0, x.count + g.int(-1...1)))))
            })
        case 3:
            let x = sample(&g)
            return ScatterPlot(x: x, y: (0..<x.count).map { _ in g.normal() * [1, 1e300, 1e-300][g.int(0...2)] })
        case 4: return BoxPlot(groups: groups(&g))
        case 5: return DensityPlot(groups: groups(&g), bandwidth: [nil, 0, -1, 0.5, .nan, 1e300][g.int(0...5)])
        case 6: return ECDFPlot(groups: groups(&g))
        case 7:
            let rows = g.int(0...8), columns = g.int(0...8)
            return HeatMap(rowLabels: (0..<rows).map { _ in label(&g) }, columnLabels: (0..<columns).map { _ in label(&g) },
                           values: (0..<max(0, rows + g.int(-1...1))).map { _ in Array(sample(&g).prefix(columns)) },
                           range: g.int(0...1) == 0 ? nil : -1...1, showValues: g.int(0...1) == 0)
        case 8: return Histogram(sample(&g))
        default: return BoxPlot(sample(&g))
        }
    }

    static func check(_ plot: any Plot, _ options: PlotOptions) -> Bool {
        let result = plot.render(options)
        let lines = result.text.isEmpty ? [] : result.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fits = lines.count <= max(0, options.height)
            && lines.allSatisfy { visibleWidth($0) <= max(0, options.width) }
            && !(lines.isEmpty && options.width > 0 && options.height > 0)
        if !fits {
            Issue.record("\(type(of: plot)) at \(options.width)×\(options.height) \(options.charset):\n\(result.text)")
        }
        return fits
    }

    @Test func randomPlotsFitRandomSizes() {
        var g = SeededGenerator(seed: 2024)
        for _ in 0..<2_000 {
            let plot = PropertyTests.plot(&g)
            let options = PlotOptions(width: g.int(-1...130), height: g.int(-1...45),
                                      title: g.int(0...1) == 0 ? nil : PropertyTests.label(&g),
                                      charset: g.int(0...1) == 0 ? .unicode : .ascii, color: g.int(0...3) == 0)
            if !PropertyTests.check(plot, options) { return }
        }
    }

    /// ASCII renderings are ASCII: anything else comes from the one non-ASCII label.
    @Test func asciiRenderingsAreAscii() {
        var g = SeededGenerator(seed: 7)
        let allowed = Set("ünïcödé".unicodeScalars)
        for _ in 0..<400 {
            let plot = PropertyTests.plot(&g)
            let text = plot.render(PlotOptions(width: g.int(20...120), height: g.int(5...40), charset: .ascii)).text
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII || allowed.contains($0) }, "\(type(of: plot)): \(text)")
        }
    }

    static let edgeSamples: [[Double]] = [
        [], [42], [7, 7, 7, 7], [0, 0], [.nan], [.nan, .infinity, -.infinity], [1, .nan, 2, .infinity],
        [-.greatestFiniteMagnitude, .greatestFiniteMagnitude], [.greatestFiniteMagnitude, .greatestFiniteMagnitude],
        [.leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude], [1e-300, 2e-300, 3e-300], [-1, 0, 1e300], [1e16, 1e16 + 2, 1e16 + 4], [-5, -4, -3],
    ]

    static let edgeSizes = [(0, 0), (1, 1), (3, 1), (5, 2), (10, 3), (12, 4), (20, 5), (30, 8), (40, 12), (80, 24)]

    @Test(arguments: edgeSamples)
    func edgeCasesNeverTrapAndFit(_ values: [Double]) {
        let xs = Array(values.indices.map(Double.init))
        let plots: [any Plot] = [
            Histogram(values), Histogram(values, logScale: true), Histogram(values, bins: .count(1_000_000)),
            Histogram(groups: [Series("a", values), Series("b", [])], normalized: true),
            BarChart(labels: values.map { _ in "label" }, values: values),
            LineChart(x: xs, y: values), LineChart(x: values, y: xs),
            ScatterPlot(x: values, y: values), ScatterPlot(x: xs, y: values),
            BoxPlot(values), BoxPlot(groups: [Series("a", values), Series("empty", [])]),
            DensityPlot(values), ECDFPlot(values),
            HeatMap(rowLabels: ["r"], columnLabels: values.map { _ in "c" }, values: [values]),
        ]
        for plot in plots {
            for (width, height) in PropertyTests.edgeSizes {
                for charset in [Charset.unicode, .ascii] {
                    _ = PropertyTests.check(plot, PlotOptions(width: width, height: height, title: "t", charset: charset))
                }
            }
        }
    }

    @Test func nonFiniteValuesAreDroppedAndCounted() {
        let result = Histogram([1, 2, .nan, .infinity, 3]).render(PlotOptions(width: 60, height: 12))
        #expect(result.notes == ["dropped 2 NaN/infinite values"])
        #expect(result.text.contains("dropped 2 NaN/infinite values"))
        #expect(result.data.column("count").compactMap(\.number).reduce(0, +) == 3)
    }

    @Test func emptyInputGivesOneLine() {
        for plot in [Histogram([]), BoxPlot([]), DensityPlot([]), ECDFPlot([])] as [any Plot] {
            let result = plot.render(PlotOptions(width: 40, height: 10))
            #expect(result.lines.count == 1)
            #expect(result.text.contains("no values"))
        }
    }

    @Test func tooSmallGivesOneLineMessage() {
        let result = Histogram([1, 2, 3]).render(PlotOptions(width: 30, height: 3))
        #expect(result.lines.count == 1)
        #expect(result.text.hasPrefix("plot needs at least"))
        #expect(PropertyTests.visibleWidth(result.text) <= 30)
        #expect(Histogram([1, 2, 3]).render(PlotOptions(width: 0, height: 5)).lines.isEmpty)
    }
}
