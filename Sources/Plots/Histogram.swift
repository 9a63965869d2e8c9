/// A histogram: how many values fall in each bin, drawn as vertical bars over a value axis.
///
/// Bars rise in eighths of a cell (▁▂▃▄▅▆▇█), so even 10 rows show 80 levels. Several groups
/// (say TARGET 0 and 1) stand side by side within each bin, told apart by colour or, without
/// colour, by fill (█ then ▒ ░ ▓; # = o + in ASCII). With `normalized`, each group's bars show
/// its share of that group in percent, so a group of 25,000 defaulters compares with one of
/// 280,000 repayers. A log scale bins log10 of the positive values.
public struct Histogram: Plot {
    /// How the value range is cut into bins.
    public enum Bins: Sendable, Equatable {
        /// Sturges' rule (⌈log₂ n⌉ + 1), fewer if the width cannot show them.
        case auto
        /// This many equal bins from the smallest to the largest value (fewer, with a note, if
        /// the width cannot show them).
        case count(Int)
        /// Explicit ascending edges (in the data's units even with a log scale); values
        /// outside them are left out and counted in a note.
        case edges([Double])
    }

    public var groups: [Series]
    public var bins: Bins
    public var logScale: Bool
    public var normalized: Bool

    /// A histogram of one sample.
    public init(_ values: [Double], bins: Bins = .auto, logScale: Bool = false) {
        self.init(groups: [Series("values", values)], bins: bins, logScale: logScale)
    }

    /// Groups side by side within each bin; `normalized` shows each group's share per bin.
    public init(groups: [Series], bins: Bins = .auto, logScale: Bool = false, normalized: Bool = false) {
        self.groups = groups
        self.bins = bins
        self.logScale = logScale
        self.normalized = normalized
    }

    /// Widest y labels ("12.5k", "37.5%") and the axis, which the bins must leave room for.
    private static let gutterEstimate = 8

    public func render(_ options: PlotOptions) -> PlotResult {
        let columnsNames = ["group", "lower", "upper", "count", "share"]
        var (samples, notes) = cleanedSamples()
        let all = samples.flatMap { $0 }
        guard let lo = all.min(), let hi = all.max() else {
            return .message("histogram: no values to plot", options, data: PlotTable(columns: columnsNames), notes: notes)
        }

        // The bins, no more than the width can show side by side.
        let groupCount = max(1, samples.count)
        let fitting = max(1, (options.width - Histogram.gutterEstimate) / groupCount)
        let binning: HistogramBins
        switch bins {
        case .auto:
            binning = .equalWidth(lo, hi, count: min(HistogramBins.sturgesCount(all.count), fitting))
        case .count(let asked):
            let k = min(max(1, asked), 10_000)
            if k > fitting { notes.append("\(k) bins reduced to \(fitting) to fit the width") }
            binning = .equalWidth(lo, hi, count: min(k, fitting))
        case .edges(let edges):
            let positive = !logScale || edges.allSatisfy { $0 > 0 }
            guard positive, let explicit = HistogramBins(edges: logScale ? edges.map(Math.log10) : edges) else {
                return .message("histogram: bin edges must be finite, ascending\(logScale ? " and positive" : "")",
                                options, data: PlotTable(columns: columnsNames), notes: notes)
            }
            binning = explicit
        }

        // Counts, and the bar heights: counts, or percentages of each group.
        var counts: [[Int]] = []
        var outside = 0
        for sample in samples {
            let result = binning.counts(sample)
            counts.append(result.counts)
            outside += result.outside
        }
        if outside > 0 { notes.append("\(Notes.count(outside, "value")) outside the bins") }
        let heights: [[Double]] = zip(counts, samples).map { row, sample in
            row.map { normalized ? (sample.isEmpty ? 0 : 100 * Double($0) / Double(sample.count)) : Double($0) }
        }
        let data = table(binning, counts, samples, columnsNames)
        let top = max(1e-9, heights.flatMap { $0 }.max() ?? 0)

        let looks = (0..<groups.count).map { BarLook(group: $0, options: options) }
        var frame = ChartFrame(title: options.title, notes: notes)
        if groups.count > 1 {
            frame.legend = zip(groups, looks).map { LegendItem(symbol: String($1.legendSymbol), style: $1.style, name: $0.name) }
        }
        let suffix = normalized ? "%" : ""
        let first = binning.edges[0], last = binning.edges[binning.count]
        let outcome = frame.render(
            options,
            left: .axis { rows in Axis.covering(0, top, about: ChartFrame.tickCount(rows: rows), suffix: suffix) },
            xAxis: { n in logScale ? Axis.log10(first, last, about: n) : Axis.tight(first, last, about: n) },
            draw: { grid, area in
                drawBars(binning, heights: heights, counts: counts, looks: looks, into: &grid, area: area)
            })
        return PlotResult(outcome, options, data: data, notes: notes)
    }

    /// The finite values of each group (log10 of the positive ones with a log scale), and notes
    /// on what was dropped.
    private func cleanedSamples() -> (samples: [[Double]], notes: [String]) {
        var samples: [[Double]] = []
        var nonFinite = 0, nonPositive = 0
        for group in groups {
            let finite = FiniteSample(group.values)
            nonFinite += finite.dropped
            if logScale {
                let positive = finite.values.filter { $0 > 0 }
                nonPositive += finite.values.count - positive.count
                samples.append(positive.map(Math.log10))
            } else {
                samples.append(finite.values)
            }
        }
        return (samples, [Notes.droppedNonFinite(nonFinite), Notes.droppedNonPositive(nonPositive)].compactMap { $0 })
    }

    /// Each bin covers the columns between its edges on the x axis; with several groups those
    /// columns are shared out among them, with a blank column after each bin when there is room.
    private func drawBars(_ binning: HistogramBins, heights: [[Double]], counts: [[Int]], looks: [BarLook],
                          into grid: inout CellGrid, area: ChartFrame.Area) {
        guard let y = area.yAxis?.scale else { return }
        let x = area.xAxis.scale
        let groupCount = heights.count
        for bin in 0..<binning.count {
            let start = x.index(binning.edges[bin], of: area.columns)
            let end = bin + 1 == binning.count ? area.columns : x.index(binning.edges[bin + 1], of: area.columns)
            let gap = groupCount > 1 && end - start > groupCount ? 1 : 0
            let width = end - start - gap
            for group in 0..<groupCount {
                let from = start + group * width / groupCount, to = start + (group + 1) * width / groupCount
                let eighths = Math.floorIndex((y.fraction(heights[group][bin]) * Double(area.rows * 8)).rounded(),
                                              in: 0...area.rows * 8)
                for column in from..<max(from, to) {
                    looks[group].drawBar(eighths: eighths, nonZero: counts[group][bin] > 0, into: &grid,
                                         column: area.left + column, bottom: area.top + area.rows - 1, rows: area.rows)
                }
            }
        }
    }

    /// One row per group and bin, edges back in the data's units.
    private func table(_ binning: HistogramBins, _ counts: [[Int]], _ samples: [[Double]], _ columns: [String]) -> PlotTable {
        var rows: [[PlotValue]] = []
        for (group, (row, sample)) in zip(groups, zip(counts, samples)) {
            for (bin, count) in row.enumerated() {
                let lower = binning.edges[bin], upper = binning.edges[bin + 1]
                rows.append([.text(group.name),
                             .number(logScale ? Math.pow(10, lower) : lower),
                             .number(logScale ? Math.pow(10, upper) : upper),
                             .number(Double(count)),
                             .number(sample.isEmpty ? 0 : Double(count) / Double(sample.count))])
            }
        }
        return PlotTable(columns: columns, rows: rows)
    }
}

/// How one group's vertical bars are filled: eighth blocks where the charset and colours allow
/// (the first group, or every group when coloured), otherwise a whole-cell fill of its own.
struct BarLook {
    let fill: Character?     // nil: eighth blocks
    let style: Style?
    let sliver: Character

    init(group: Int, options: PlotOptions) {
        let glyphs = Glyphs(options.charset)
        style = options.color ? Palette.series(group) : nil
        sliver = glyphs.sliver
        if !glyphs.isUnicode {
            fill = (["#", "=", "o", "+", "x", "@"] as [Character])[group % 6]
        } else if options.color || group == 0 {
            fill = nil
        } else {
            fill = (["▒", "░", "▓"] as [Character])[(group - 1) % 3]
        }
    }

    var legendSymbol: Character { fill ?? "█" }

    /// A bar `eighths` high whose base is at row `bottom`; a bin with values but too few to
    /// reach the first step still shows a sliver.
    func drawBar(eighths: Int, nonZero: Bool, into grid: inout CellGrid, column: Int, bottom: Int, rows: Int) {
        if let fill {
            let cells = min(rows, (eighths + 4) / 8)
            for row in 0..<cells { grid.put(fill, row: bottom - row, column: column, style: style) }
            if cells == 0 && nonZero { grid.put(sliver, row: bottom, column: column, style: style) }
        } else {
            let full = min(rows, eighths / 8), part = eighths % 8
            for row in 0..<full { grid.put("█", row: bottom - row, column: column, style: style) }
            if full < rows && part > 0 {
                grid.put(Glyphs.eighthsUp[part], row: bottom - full, column: column, style: style)
            }
            if eighths == 0 && nonZero { grid.put(sliver, row: bottom, column: column, style: style) }
        }
    }
}
