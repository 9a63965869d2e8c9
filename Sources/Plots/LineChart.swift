/// One or more series over a numeric x: the default rate by score decile, applications by
/// month. Drawn as lines at Braille resolution (ASCII: one marker per cell).
///
/// Points are joined in order of x. The y axis is widened to round numbers around the data;
/// the x axis spans the data exactly.
public struct LineChart: Plot {
    public var series: [XYSeries]

    public init(series: [XYSeries]) {
        self.series = series
    }

    /// A single series.
    public init(x: [Double], y: [Double], name: String = "y") {
        self.init(series: [XYSeries(name, x: x, y: y)])
    }

    public func render(_ options: PlotOptions) -> PlotResult {
        var notes: [String] = []
        var dropped = 0
        var cleaned: [(name: String, points: [(x: Double, y: Double)])] = []
        for s in series {
            if s.x.count != s.y.count {
                notes.append("\(TextCells.clean(s.name)): \(s.x.count) x but \(s.y.count) y; extra ones ignored")
            }
            let pairs = zip(s.x, s.y).map { (x: $0, y: $1) }
            let finite = pairs.filter { $0.x.isFinite && $0.y.isFinite }
            dropped += pairs.count - finite.count
            cleaned.append((s.name, finite.sorted { $0.x < $1.x }))
        }
        if let note = Notes.droppedNonFinite(dropped) { notes.insert(note, at: 0) }
        let data = PlotTable(columns: ["series", "x", "y"], rows: cleaned.flatMap { s in
            s.points.map { [.text(s.name), .number($0.x), .number($0.y)] }
        })
        let all = cleaned.flatMap(\.points)
        guard let xLo = all.map(\.x).min(), let xHi = all.map(\.x).max(),
              let yLo = all.map(\.y).min(), let yHi = all.map(\.y).max() else {
            return .message("line chart: no points to plot", options, data: data, notes: notes)
        }
        let chart = CurveChart(
            curves: cleaned.map { Curve(name: $0.name, shape: .points($0.points)) },
            notes: notes,
            yAxis: { rows in Axis.covering(yLo, yHi, about: ChartFrame.tickCount(rows: rows)) },
            xAxis: { n in Axis.tight(xLo, xHi, about: n) })
        return PlotResult(chart.render(options), options, data: data, notes: notes)
    }
}
