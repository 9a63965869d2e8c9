/// Horizontal box plots, one per group, on a shared value axis: the distribution of
/// AMT_INCOME_TOTAL for each NAME_EDUCATION_TYPE, outliers and all.
///
/// Tukey's box: quartiles by linear interpolation, whiskers to the furthest values within
/// 1.5 IQR of the box, each value beyond marked ○ (`o` in ASCII). With room, a box takes three
/// rows (┌┬┐ / ├┤│├┤ / └┴┘); otherwise one (├──▒▒┃▒▒──┤).
public struct BoxPlot: Plot {
    public var groups: [Series]
    /// One value marked across every box (a client among the population), named in the legend.
    public var marker: (label: String, value: Double)?

    public init(groups: [Series], marker: (label: String, value: Double)? = nil) {
        self.groups = groups
        self.marker = marker
    }

    /// A single box.
    public init(_ values: [Double], name: String = "values") {
        self.init(groups: [Series(name, values)])
    }

    public func render(_ options: PlotOptions) -> PlotResult {
        let summarised = FiniteSample.summarise(groups) { BoxStatistics($0) }
        let boxes = summarised.items.map { (name: $0.name, stats: $0.value) }
        let notes = summarised.notes
        let data = table(boxes)
        guard var lo = boxes.map(\.stats.minimum).min(), var hi = boxes.map(\.stats.maximum).max() else {
            return .message("box plot: no values to plot", options, data: data, notes: notes)
        }
        let mark = marker.flatMap { $0.value.isFinite ? $0 : nil }
        if let mark { lo = min(lo, mark.value); hi = max(hi, mark.value) }
        let glyphs = Glyphs(options.charset)
        let labelLimit = max(4, options.width / 4)

        // Rows per box: three with a blank row between boxes when there is room, else one.
        var tall = false
        var shown = boxes.count
        let layout = { (rows: Int) -> [String?] in
            tall = rows >= 4 * boxes.count - 1
            shown = min(boxes.count, tall ? boxes.count : rows)
            var labels: [String?] = []
            for (index, box) in boxes.prefix(shown).enumerated() {
                let label = TextCells.truncate(box.name, to: labelLimit, ellipsis: glyphs.ellipsis)
                labels += tall ? [nil, label, nil] + (index + 1 < shown ? [nil] : []) : [label]
            }
            return labels
        }
        var frame = ChartFrame(title: options.title, notes: notes)
        frame.minimumRows = 1
        let markStyle: Style? = options.color ? Style(foreground: 196) : nil
        let markGlyph: Character = glyphs.isUnicode ? "◆" : "X"
        if let mark { frame.legend = [LegendItem(symbol: String(markGlyph), style: markStyle, name: "\(mark.label) \(NumberFormat.compact(mark.value))")] }
        func render() -> ChartFrame.Outcome {
            frame.render(options, left: .categories(layout), xAxis: { n in Axis.tight(lo, hi, about: n) }) { grid, area in
                for (index, box) in boxes.prefix(shown).enumerated() {
                    let middle = area.top + (tall ? 4 * index + 1 : index)
                    draw(box.stats, into: &grid, row: middle, tall: tall, area: area, glyphs: glyphs,
                         style: options.color ? Palette.series(index) : nil)
                }
                // The marked value, drawn over the boxes on every row.
                if let mark {
                    let column = area.left + area.xAxis.scale.index(mark.value, of: area.columns)
                    for row in area.top..<(area.top + area.rows) { grid.put(markGlyph, row: row, column: column, style: markStyle) }
                }
            }
        }
        // Groups that do not fit are counted in a note.
        let (outcome, shownNotes) = ChartFrame.renderCountingHidden(total: boxes.count, shown: { shown }, noun: "more group", notes: notes,
                                                                    setNotes: { frame.notes = $0 }, render: render)
        return PlotResult(outcome, options, data: data, notes: shownNotes)
    }

    /// One box with its middle on `row`.
    private func draw(_ stats: BoxStatistics, into grid: inout CellGrid, row: Int, tall: Bool,
                      area: ChartFrame.Area, glyphs: Glyphs, style: Style?) {
        let scale = area.xAxis.scale
        func column(_ value: Double) -> Int { area.left + scale.index(value, of: area.columns) }
        let low = column(stats.lowerWhisker), q1 = column(stats.lowerQuartile), median = column(stats.median)
        let q3 = column(stats.upperQuartile), high = column(stats.upperWhisker)
        let u = glyphs.isUnicode
        func put(_ character: Character, _ r: Int, _ c: Int) { grid.put(character, row: r, column: c, style: style) }

        for outlier in stats.outliers { put(glyphs.outlier, row, column(outlier)) }
        for c in low...high { put(glyphs.horizontal, row, c) }
        put(u ? "├" : "|", row, low)
        put(u ? "┤" : "|", row, high)
        if tall {
            for c in q1...q3 {
                put(glyphs.horizontal, row - 1, c)
                put(glyphs.horizontal, row + 1, c)
                put(" ", row, c)
            }
            put(u ? "┌" : "+", row - 1, q1); put(u ? "┐" : "+", row - 1, q3)
            put(u ? "└" : "+", row + 1, q1); put(u ? "┘" : "+", row + 1, q3)
            put(u ? "┤" : "|", row, q1); put(u ? "├" : "|", row, q3)
            if q1 == q3 { put(u ? "┼" : "|", row, q1) }
            put(u ? "┬" : "+", row - 1, median); put(glyphs.vertical, row, median); put(u ? "┴" : "+", row + 1, median)
        } else {
            for c in q1...q3 { put(u ? "▒" : "=", row, c) }
            if !u { put("[", row, q1); put("]", row, q3) }
            put(u ? "┃" : "|", row, median)
        }
    }

    /// One row per group: the five numbers, the whiskers, the outlier count and the mean.
    private func table(_ boxes: [(name: String, stats: BoxStatistics)]) -> PlotTable {
        PlotTable(columns: ["group", "n", "min", "q1", "median", "q3", "max",
                            "lower_whisker", "upper_whisker", "outliers", "mean"],
                  rows: boxes.map { box in
                      let s = box.stats
                      return [.text(box.name), .number(Double(s.count)), .number(s.minimum), .number(s.lowerQuartile),
                              .number(s.median), .number(s.upperQuartile), .number(s.maximum), .number(s.lowerWhisker),
                              .number(s.upperWhisker), .number(Double(s.outliers.count)), .number(s.mean)]
                  })
    }
}
