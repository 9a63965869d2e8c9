/// Smooth distributions, one curve per group: Gaussian kernel density estimates, each scaled to
/// an area of 1, so a small group's shape compares directly with a large group's.
///
/// Each group gets Silverman's bandwidth unless one is given. The x axis spans every group's
/// support (its range plus three bandwidths each side).
public struct DensityPlot: Plot {
    public var groups: [Series]
    /// One bandwidth for every group; nil for Silverman's rule per group.
    public var bandwidth: Double?

    public init(groups: [Series], bandwidth: Double? = nil) {
        self.groups = groups
        self.bandwidth = bandwidth
    }

    /// The density of one sample.
    public init(_ values: [Double], name: String = "values", bandwidth: Double? = nil) {
        self.init(groups: [Series(name, values)], bandwidth: bandwidth)
    }

    /// Points per group in the data table.
    static let tablePoints = 128

    public func render(_ options: PlotOptions) -> PlotResult {
        let summarised = FiniteSample.summarise(groups) { KernelDensity($0, bandwidth: bandwidth) }
        let estimates = summarised.items.map { (name: $0.name, kde: $0.value) }
        let notes = summarised.notes
        let columns = ["group", "bandwidth", "x", "density"]
        guard let lo = estimates.map(\.kde.support.lowerBound).min(),
              let hi = estimates.map(\.kde.support.upperBound).max() else {
            return .message("density plot: no values to plot", options, data: PlotTable(columns: columns), notes: notes)
        }

        // An even grid gives the table and the peak, which sets the y axis. (A peak narrower
        // than the grid's spacing can poke above the axis; it is drawn clipped at the top.)
        let grid = Scale(lo, hi)
        var rows: [[PlotValue]] = []
        var peak = 0.0
        for estimate in estimates {
            for i in 0..<DensityPlot.tablePoints {
                let x = grid.value(at: Double(i) / Double(DensityPlot.tablePoints - 1))
                let y = estimate.kde.density(at: x)
                peak = max(peak, y.isFinite ? y : 0)
                rows.append([.text(estimate.name), .number(estimate.kde.bandwidth), .number(x), .number(y)])
            }
        }
        let data = PlotTable(columns: columns, rows: rows)
        let chart = CurveChart(
            curves: estimates.map { estimate in Curve(name: estimate.name, shape: .function { estimate.kde.density(at: $0) }) },
            notes: notes,
            yAxis: { rows in Axis.covering(0, peak > 0 ? peak : 1, about: ChartFrame.tickCount(rows: rows)) },
            xAxis: { n in Axis.tight(lo, hi, about: n) })
        return PlotResult(chart.render(options), options, data: data, notes: notes)
    }
}
