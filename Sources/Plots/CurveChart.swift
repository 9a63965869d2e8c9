/// One curve of a line, density or ECDF plot.
struct Curve {
    /// What the curve is made of.
    enum Shape {
        /// Vertices joined by straight lines, in order (line charts).
        case points([(x: Double, y: Double)])
        /// A function sampled at every dot column (densities, ECDFs).
        case function((Double) -> Double)
    }

    var name: String
    var shape: Shape
}

/// Draws curves at Braille resolution (2×4 dots per cell) or, in ASCII, one cell per dot with
/// each series' marker character. Shared by `LineChart`, `DensityPlot` and `ECDFPlot`.
///
/// Several curves are told apart by colour when colour is on; without colour, Unicode curves
/// carry their series' marker (• × + …) at their vertices or every few columns, since Braille
/// lines all look alike.
struct CurveChart {
    var curves: [Curve]
    var notes: [String]
    /// The y axis for a number of rows.
    var yAxis: (Int) -> Axis
    /// The x axis for about a number of ticks.
    var xAxis: (Int) -> Axis

    /// Columns between markers of one curve drawn from a function.
    private static let markerSpacing = 6

    func render(_ options: PlotOptions) -> ChartFrame.Outcome {
        let glyphs = Glyphs(options.charset)
        let marked = glyphs.isUnicode && !options.color && curves.count > 1
        var frame = ChartFrame(title: options.title, notes: notes)
        if curves.count > 1 {
            frame.legend = curves.indices.map { index in
                let symbol = glyphs.isUnicode && options.color ? "──" : String(glyphs.markers[index % glyphs.markers.count])
                return LegendItem(symbol: symbol, style: options.color ? Palette.series(index) : nil, name: curves[index].name)
            }
        }
        return frame.render(options, left: .axis(yAxis), xAxis: xAxis) { grid, area in
            guard let yScale = area.yAxis?.scale else { return }
            let xScale = area.xAxis.scale
            var canvas = DotCanvas(columns: area.columns, rows: area.rows, braille: glyphs.isUnicode)
            func dot(_ x: Double, _ y: Double) -> (x: Int, y: Int) {
                (xScale.index(x, of: canvas.width), canvas.height - 1 - yScale.index(y, of: canvas.height))
            }
            var markers: [(row: Int, column: Int, series: Int)] = []
            for (series, curve) in curves.enumerated() {
                let dots: [(x: Int, y: Int)]
                switch curve.shape {
                case .points(let points):
                    dots = points.map { dot($0.x, $0.y) }
                case .function(let f):
                    dots = (0..<canvas.width).compactMap { d in
                        let x = xScale.value(at: (Double(d) + 0.5) / Double(canvas.width))
                        let y = f(x)
                        return y.isFinite ? dot(x, y) : nil
                    }
                }
                for (from, to) in zip(dots, dots.dropFirst()) { canvas.line(from: from, to: to, series: series) }
                if let only = dots.first, dots.count == 1 { canvas.set(x: only.x, y: only.y, series: series) }
                if marked {
                    var sampled = false
                    if case .function = curve.shape { sampled = true }
                    markers += markerCells(dots, sampled: sampled, series: series, canvas: canvas)
                        .map { ($0.row, $0.column, series) }
                }
            }
            for row in 0..<area.rows {
                for column in 0..<area.columns where canvas.isSet(row: row, column: column) {
                    let owner = canvas.owner(row: row, column: column) ?? 0
                    let character = glyphs.isUnicode ? canvas.braille(row: row, column: column)
                                                     : glyphs.markers[owner % glyphs.markers.count]
                    grid.put(character, row: area.top + row, column: area.left + column,
                             style: options.color ? Palette.series(owner) : nil)
                }
            }
            // A marker where curves overlap would name only one of them: leave those cells be.
            for marker in markers where !canvas.isShared(row: marker.row, column: marker.column) {
                grid.put(glyphs.markers[marker.series % glyphs.markers.count],
                         row: area.top + marker.row, column: area.left + marker.column)
            }
        }
    }

    /// Where a curve's markers go: its vertices (two columns apart at least) for a line chart,
    /// or every few columns along a sampled function, shifted per series so that curves running
    /// together do not put all their markers in the same cells.
    private func markerCells(_ dots: [(x: Int, y: Int)], sampled: Bool, series: Int,
                             canvas: DotCanvas) -> [(row: Int, column: Int)] {
        let spacing = sampled ? CurveChart.markerSpacing : 2
        var next = sampled ? series * CurveChart.markerSpacing / curves.count : 0
        var cells: [(row: Int, column: Int)] = []
        for dot in dots where dot.x / canvas.across >= next {
            cells.append((dot.y / canvas.down, dot.x / canvas.across))
            next = dot.x / canvas.across + spacing
        }
        return cells
    }
}
