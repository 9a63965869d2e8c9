/// Empirical cumulative distributions, one step curve per group: the share of each group at or
/// below every value, from 0 to 1. Medians, quantiles and how two groups differ across the
/// whole range (the gap behind a Kolmogorov–Smirnov test) read straight off it, with no bins.
public struct ECDFPlot: Plot {
    public var groups: [Series]

    public init(groups: [Series]) {
        self.groups = groups
    }

    /// The ECDF of one sample.
    public init(_ values: [Double], name: String = "values") {
        self.init(groups: [Series(name, values)])
    }

    public func render(_ options: PlotOptions) -> PlotResult {
        let summarised = FiniteSample.summarise(groups) { $0.isEmpty ? nil : EmpiricalCDF($0) }
        let functions = summarised.items.map { (name: $0.name, ecdf: $0.value) }
        let notes = summarised.notes
        let data = PlotTable(columns: ["group", "value", "proportion"], rows: functions.flatMap { f in
            f.ecdf.steps.map { [.text(f.name), .number($0.value), .number($0.proportion)] }
        })
        guard let lo = functions.compactMap(\.ecdf.steps.first?.value).min(),
              let hi = functions.compactMap(\.ecdf.steps.last?.value).max() else {
            return .message("ECDF: no values to plot", options, data: data, notes: notes)
        }
        // Sampled at every dot column, each step shows as a rise between neighbouring columns;
        // the x range is widened a little so the first step does not sit on the axis.
        let (from, to) = Scale.widened(lo, hi)
        let margin = to / 40 - from / 40
        let chart = CurveChart(
            curves: functions.map { f in Curve(name: f.name, shape: .function { f.ecdf($0) }) },
            notes: notes,
            yAxis: { rows in Axis.tight(0, 1, about: ChartFrame.tickCount(rows: rows)) },
            xAxis: { n in Axis.tight(from - margin, to + margin, about: n) })
        return PlotResult(chart.render(options), options, data: data, notes: notes)
    }
}
