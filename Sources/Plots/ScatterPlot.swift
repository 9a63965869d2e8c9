/// Points in the plane (say AMT_CREDIT against AMT_INCOME_TOTAL), at Braille resolution: each
/// cell holds 2×4 dots.
///
/// Where many points pile up, dots alone would saturate into ⣿ and hide the shape, so cells
/// holding more points than they have dots are shaded ░▒▓█ by count on a log scale (in colour:
/// every cell keeps its dots and the count picks the colour). ASCII marks each cell with
/// `.` `:` `*` `#` by its count. The legend says what the shades mean.
public struct ScatterPlot: Plot {
    public var x: [Double]
    public var y: [Double]
    /// A third value per point that colours it (shap's dependence plot coloured by a second
    /// feature): each cell takes the mean rank of its points' values, blue low to red high. Only
    /// in colour; NaN colours nothing.
    public var colorBy: (name: String, values: [Double])?

    public init(x: [Double], y: [Double], colorBy: (name: String, values: [Double])? = nil) {
        self.x = x
        self.y = y
        self.colorBy = colorBy
    }

    /// Counts up to this stay as Braille dots in Unicode (a cell has eight).
    static let dotLimit = 8

    public func render(_ options: PlotOptions) -> PlotResult {
        var notes: [String] = []
        if x.count != y.count { notes.append("\(x.count) x but \(y.count) y; extra ones ignored") }
        let pairs = zip(x, y).map { (x: $0, y: $1) }
        let kept = pairs.indices.filter { pairs[$0].x.isFinite && pairs[$0].y.isFinite }
        let points = kept.map { pairs[$0] }
        // The colour values' ranks, for the kept points only.
        let ranks: [Double?]? = colorBy.map { c in
            let all = Beeswarm.ranks(c.values)
            return kept.map { $0 < all.count ? all[$0] : nil }
        }
        if let note = Notes.droppedNonFinite(pairs.count - points.count) { notes.insert(note, at: 0) }
        let data = summary(points)
        guard let xLo = points.map(\.x).min(), let xHi = points.map(\.x).max(),
              let yLo = points.map(\.y).min(), let yHi = points.map(\.y).max() else {
            return .message("scatter plot: no points to plot", options, data: data, notes: notes)
        }
        let glyphs = Glyphs(options.charset)

        // The legend depends on the densest cell, which depends on the rows the legend leaves:
        // render until the two agree (the second pass almost always does).
        var frame = ChartFrame(title: options.title, notes: notes)
        let yAxis = { (rows: Int) in Axis.tight(yLo, yHi, about: ChartFrame.tickCount(rows: rows)) }
        let xAxis = { (n: Int) in Axis.tight(xLo, xHi, about: n) }
        var outcome = ChartFrame.Outcome.lines([])
        for _ in 0..<3 {
            var densest = 0
            outcome = frame.render(options, left: .axis(yAxis), xAxis: xAxis) { grid, area in
                var canvas = DotCanvas(columns: area.columns, rows: area.rows, braille: glyphs.isUnicode)
                let x = area.xAxis.scale, y = area.yAxis!.scale
                var rankSums = [Double](repeating: 0, count: area.columns * area.rows), ranked = [Int](repeating: 0, count: area.columns * area.rows)
                for (k, point) in points.enumerated() {
                    let dotX = x.index(point.x, of: canvas.width), dotY = canvas.height - 1 - y.index(point.y, of: canvas.height)
                    canvas.set(x: dotX, y: dotY, series: 0, point: true)
                    if let rank = ranks?[k] {
                        let cell = (dotY / canvas.down) * canvas.columns + dotX / canvas.across
                        rankSums[cell] += rank
                        ranked[cell] += 1
                    }
                }
                densest = canvas.counts.max() ?? 0
                let shading = shading(densest: densest, glyphs: glyphs)
                for row in 0..<area.rows {
                    for column in 0..<area.columns where canvas.isSet(row: row, column: column) {
                        var (character, style) = cell(level: shading.level(canvas.count(row: row, column: column)),
                                                      braille: canvas.braille(row: row, column: column),
                                                      glyphs: glyphs, options: options)
                        let index = row * area.columns + column
                        if options.color, ranks != nil {
                            // Coloured by the third value: the colour says its level, not the density.
                            let ramp = Beeswarm.lowToHigh
                            style = ranked[index] == 0 ? Style(foreground: 246)
                                : Style(foreground: ramp[Math.floorIndex(rankSums[index] / Double(ranked[index]) * Double(ramp.count), in: 0...ramp.count - 1)])
                            if glyphs.isUnicode { character = canvas.braille(row: row, column: column) }
                        }
                        grid.put(character, row: area.top + row, column: area.left + column, style: style)
                    }
                }
            }
            var legend = options.color && colorBy != nil ? [] : densityLegend(densest: densest, options: options) ?? []
            if let colorBy, options.color {
                let mark = glyphs.isUnicode ? "⣿" : "#"
                legend = [LegendItem(symbol: mark, style: Style(foreground: Beeswarm.lowToHigh[0]), name: "low"),
                          LegendItem(symbol: mark, style: Style(foreground: Beeswarm.lowToHigh[Beeswarm.lowToHigh.count - 1]), name: "high \(colorBy.name)")]
            }
            if legend.map(\.name) == frame.legend.map(\.name) { break }
            frame.legend = legend
        }
        return PlotResult(outcome, options, data: data, notes: notes)
    }

    /// The shading for a densest cell: Unicode shades only cells with more points than dots;
    /// ASCII, having no dots, shades every cell.
    private func shading(densest: Int, glyphs: Glyphs) -> DensityShading {
        DensityShading(densest: densest, unshaded: glyphs.isUnicode ? ScatterPlot.dotLimit : 0)
    }

    /// The colour of a shading level: the series colour unshaded, then the light half of the
    /// ramp (all of it in ASCII, where every cell is shaded).
    private func style(level: Int, glyphs: Glyphs, options: PlotOptions) -> Style? {
        guard options.color else { return nil }
        if level == 0 { return Palette.series(0) }
        return Style(foreground: Palette.rampColor(glyphs.isUnicode ? 0.5 + Double(level) / 8 - 0.01 : Double(level) / 4 - 0.01))
    }

    /// A cell's character and colour: its Braille dots, or its shade when dense (in colour,
    /// Unicode keeps the dots and lets the colour show the density).
    private func cell(level: Int, braille: Character, glyphs: Glyphs, options: PlotOptions) -> (Character, Style?) {
        let character = level == 0 || (glyphs.isUnicode && options.color) ? braille : glyphs.shades[level - 1]
        return (character, style(level: level, glyphs: glyphs, options: options))
    }

    /// What the marks mean ("⣿ ≤8  ░ ≤14  ▒ ≤26  ▓ ≤48  █ ≤88/cell", ". 1-3  : 4-9 … per cell"),
    /// when any cell is shaded.
    private func densityLegend(densest: Int, options: PlotOptions) -> [LegendItem]? {
        let glyphs = Glyphs(options.charset)
        let shading = shading(densest: densest, glyphs: glyphs)
        guard densest > max(1, shading.unshaded) else { return nil }
        var items: [LegendItem] = []
        if glyphs.isUnicode {
            items.append(LegendItem(symbol: "⣿", style: style(level: 0, glyphs: glyphs, options: options),
                                    name: "≤\(shading.unshaded)"))
        }
        for level in shading.levels(upTo: densest) {
            let symbol = glyphs.isUnicode && options.color ? "⣿" : String(glyphs.shades[level.level - 1])
            let name = glyphs.isUnicode ? "≤" + NumberFormat.compact(Double(level.to))
                : level.from == level.to ? "\(level.from)" : "\(level.from)-\(level.to)"
            items.append(LegendItem(symbol: symbol, style: style(level: level.level, glyphs: glyphs, options: options), name: name))
        }
        items[items.count - 1].name += glyphs.isUnicode ? "/cell" : " per cell"
        return items
    }

    /// Count, ranges, means and Pearson's r of the plotted points.
    private func summary(_ points: [(x: Double, y: Double)]) -> PlotTable {
        let columns = ["n", "x_min", "x_max", "y_min", "y_max", "x_mean", "y_mean", "pearson_r"]
        guard !points.isEmpty else { return PlotTable(columns: columns) }
        let xs = points.map(\.x), ys = points.map(\.y)
        let (xMean, xDeviation) = Moments.meanAndDeviation(xs)
        let (yMean, yDeviation) = Moments.meanAndDeviation(ys)
        var covariance = 0.0
        for point in points { covariance += (point.x - xMean) / xDeviation * ((point.y - yMean) / yDeviation) }
        let r = points.count > 1 && xDeviation > 0 && yDeviation > 0 ? covariance / Double(points.count - 1) : .nan
        return PlotTable(columns: columns, rows: [[
            .number(Double(points.count)), .number(xs.min()!), .number(xs.max()!), .number(ys.min()!), .number(ys.max()!),
            .number(xMean), .number(yMean), .number(r),
        ]])
    }
}
