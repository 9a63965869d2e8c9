import Testing
@testable import Plots

/// Ticks, number formats, glyph encodings and the terminal-size policy.
@Suite struct FormatTests {
    @Test func niceSteps() {
        #expect(NiceTicks.niceStep(0.3) == 0.5)
        #expect(NiceTicks.niceStep(1) == 1)
        #expect(NiceTicks.niceStep(1.1) == 2)
        #expect(NiceTicks.niceStep(4.2) == 5)
        #expect(NiceTicks.niceStep(7) == 10)
        #expect(NiceTicks.niceStep(0.0012) == 0.002)
        #expect(NiceTicks.niceStep(180_000) == 200_000)
    }

    /// Equal within a few units in the last place.
    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
    }

    @Test func ticksInsideRanges() {
        #expect(NiceTicks.inside(0, 100, about: 6).values == [0, 20, 40, 60, 80, 100])
        #expect(close(NiceTicks.inside(0.013, 0.087, about: 5).values, [0.02, 0.04, 0.06, 0.08]))
        #expect(NiceTicks.inside(-3.2, 4.9, about: 6).values == [-2, 0, 2, 4])
        #expect(NiceTicks.inside(-3.2, 4.9, about: 5).values == [0])   // the step rounds up to 5
        #expect(NiceTicks.inside(1_234, 98_765, about: 4).values == [50_000])
        #expect(NiceTicks.inside(1_234, 98_765, about: 6).values == [20_000, 40_000, 60_000, 80_000])
    }

    @Test func ticksCoveringRanges() {
        let covered = NiceTicks.covering(3, 97, about: 6)
        #expect(covered.lo == 0 && covered.hi == 100)
        #expect(covered.ticks.values == [0, 20, 40, 60, 80, 100])
        let rates = NiceTicks.covering(0.021, 0.212, about: 5)
        #expect(rates.lo == 0 && abs(rates.hi - 0.25) < 1e-12)
    }

    @Test func ticksOnExtremeRanges() {
        let huge = NiceTicks.inside(-.greatestFiniteMagnitude, .greatestFiniteMagnitude, about: 5)
        #expect(!huge.values.isEmpty && huge.values.allSatisfy(\.isFinite))
        #expect(huge.values.count <= 5)
        // A step far below the values' precision still ends (by index, not by addition).
        let precise = NiceTicks.inside(1e16, 1e16 + 4, about: 3)
        #expect(precise.values.count <= NiceTicks.limit)
        let tiny = NiceTicks.inside(1e-300, 3e-300, about: 3)
        #expect(tiny.values.count >= 2)
    }

    @Test func compactNumbers() {
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(987) == "987")
        #expect(NumberFormat.compact(1_200) == "1.2k")
        #expect(NumberFormat.compact(1_234) == "1.23k")
        #expect(NumberFormat.compact(-2_500) == "-2.5k")
        #expect(NumberFormat.compact(3_400_000) == "3.4M")
        #expect(NumberFormat.compact(999_999) == "1M")
        #expect(NumberFormat.compact(2.5e9) == "2.5B")
        #expect(NumberFormat.compact(7e12) == "7T")
        #expect(NumberFormat.compact(1e18) == "1e18")
        #expect(NumberFormat.compact(0.05) == "0.05")
        #expect(NumberFormat.compact(0.012345) == "0.0123")
        #expect(NumberFormat.compact(12.345) == "12.3")
        #expect(NumberFormat.compact(4.2e-7) == "4.2e-7")
        #expect(NumberFormat.compact(.nan) == "NaN")
        #expect(NumberFormat.compact(-.infinity) == "-inf")
    }

    @Test func fixedDecimals() {
        #expect(NumberFormat.fixed(0.125, decimals: 2) == "0.13")
        #expect(NumberFormat.fixed(-0.004, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(-1.5, decimals: 0) == "-2")
        #expect(NumberFormat.fixed(0.05, decimals: 3) == "0.050")
        #expect(NumberFormat.fixed(19_870, decimals: 0) == "19870")
    }

    @Test func tickLabels() {
        #expect(NumberFormat.tickLabels([0, 500, 1_000, 1_500], step: 500) == ["0", "500", "1k", "1.5k"])
        #expect(NumberFormat.tickLabels([0.02, 0.04, 0.06], step: 0.02) == ["0.02", "0.04", "0.06"])
        #expect(NumberFormat.tickLabels([0, 0.5, 1], step: 0.5) == ["0", "0.5", "1"])
        #expect(NumberFormat.tickLabels([100_000, 150_000, 200_000], step: 50_000) == ["100k", "150k", "200k"])
        #expect(NumberFormat.tickLabels([0, 5, 10], step: 5, suffix: "%") == ["0%", "5%", "10%"])
        #expect(NumberFormat.tickLabels([-2e6, 0, 2e6], step: 2e6) == ["-2M", "0", "2M"])
    }

    @Test func logAxisTicks() {
        let wide = Axis.log10(0, 6, about: 4)
        #expect(wide.labels == ["1", "100", "10k", "1M"])
        let dense = Axis.log10(4, 6, about: 8)
        #expect(dense.labels == ["10k", "20k", "50k", "100k", "200k", "500k", "1M"])
    }

    @Test func brailleDots() {
        var canvas = DotCanvas(columns: 2, rows: 1, braille: true)
        #expect(canvas.width == 4 && canvas.height == 4)
        canvas.set(x: 0, y: 0, series: 0)
        #expect(canvas.braille(row: 0, column: 0) == "\u{2801}")
        canvas.set(x: 1, y: 3, series: 0)
        #expect(canvas.braille(row: 0, column: 0) == "\u{2881}")
        for x in 2...3 { for y in 0...3 { canvas.set(x: x, y: y, series: 0) } }
        #expect(canvas.braille(row: 0, column: 1) == "⣿")
        canvas.set(x: 9, y: 9, series: 0)   // outside: ignored
        var line = DotCanvas(columns: 1, rows: 1, braille: true)
        line.line(from: (0, 0), to: (0, 3), series: 0)
        #expect(line.braille(row: 0, column: 0) == "⡇")
    }

    @Test func barsInEighths() {
        // Label 1 cell, a space, 10 cells of bar, a space, 4 of value: 1 fills 10 cells, 0.55
        // is 44 eighths: five full cells and a half.
        let result = BarChart(labels: ["a", "b"], values: [1, 0.55]).render(PlotOptions(width: 17, height: 5))
        #expect(result.lines == ["a ██████████ 1", "b █████▌ 0.55"])
        let ascii = BarChart(labels: ["a", "b"], values: [1, 0.55]).render(PlotOptions(width: 17, height: 5, charset: .ascii))
        #expect(ascii.lines == ["a ########## 1", "b ###### 0.55"])
    }

    @Test func longLabelsEndInAnEllipsis() {
        let result = BarChart(labels: ["Commercial associate"], values: [3]).render(PlotOptions(width: 30, height: 3))
        #expect(result.lines[0].hasPrefix("Commercia… █"))
        #expect(TextCells.truncate("abcdef", to: 4, ellipsis: "…") == "abc…")
        #expect(TextCells.truncate("abcdef", to: 4, ellipsis: "...") == "a...")
        #expect(TextCells.truncate("two\nlines", to: 20, ellipsis: "…") == "two lines")
    }

    @Test func terminalSizePolicy() {
        #expect(TerminalSize.resolve(terminal: nil, environment: [:]) == TerminalSize(columns: 80, lines: 24))
        #expect(TerminalSize.resolve(terminal: (0, 0), environment: ["COLUMNS": "120", "LINES": "40"])
                == TerminalSize(columns: 120, lines: 40))
        #expect(TerminalSize.resolve(terminal: (100, 30), environment: ["COLUMNS": "120"])
                == TerminalSize(columns: 100, lines: 30))
        #expect(TerminalSize.resolve(terminal: (100, 0), environment: ["COLUMNS": "abc", "LINES": " 50 "])
                == TerminalSize(columns: 100, lines: 50))
        #expect(TerminalSize.resolve(terminal: nil, environment: ["COLUMNS": "-3", "LINES": "999999"])
                == TerminalSize.fallback)
        let size = TerminalSize(columns: 100, lines: 30).plotSize()
        #expect(size.width == 100 && size.height == 28)
        #expect(TerminalSize(columns: 10, lines: 1).plotSize(reservingLines: 2).height == 1)
        #expect(TerminalSize(columns: 90, lines: 40).options(title: "t").height == 38)
    }

    @Test func colourOnlyWhenAskedAndAllowed() {
        #expect(TerminalSize.colorAllowed(requested: true, isTerminal: true, environment: [:]))
        #expect(!TerminalSize.colorAllowed(requested: false, isTerminal: true, environment: [:]))
        #expect(!TerminalSize.colorAllowed(requested: true, isTerminal: false, environment: [:]))
        #expect(!TerminalSize.colorAllowed(requested: true, isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(TerminalSize.colorAllowed(requested: true, isTerminal: true, environment: ["NO_COLOR": ""]))
    }
}

extension FormatTests {
    @Test func densityShadingLevels() {
        let ascii = DensityShading(densest: 100, unshaded: 0)
        #expect(ascii.bounds == [3, 10, 31, 100])
        #expect([1, 3, 4, 10, 11, 100].map(ascii.level) == [1, 1, 2, 2, 3, 4])
        let braille = DensityShading(densest: 88, unshaded: 8)
        #expect(braille.bounds == [14, 26, 48, 88])
        #expect(braille.level(8) == 0 && braille.level(9) == 1 && braille.level(88) == 4)
        // Barely above the dots: the bounds still rise by at least one, and only one level is needed.
        let light = DensityShading(densest: 9, unshaded: 8)
        #expect(light.bounds == [9, 10, 11, 12])
        #expect(light.levels(upTo: 9).map(\.level) == [1])
    }
}
