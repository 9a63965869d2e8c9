/// shap's beeswarm summary in a terminal: one row per feature, every client a point at its
/// contribution on a shared axis, so that the spread of each feature's effect shows, not only
/// its mean.
///
/// Points that fall in the same cell stack up: a cell's mark grows with how many clients are
/// there (`·∙•●`, `.:o@` in ASCII), relative to the busiest cell of its row. With colour, each
/// cell takes the mean rank of its clients' feature values, from blue (low) to red (high),
/// which shows the direction of the effect ("high EXT_SOURCE_3 lowers the risk"); missing
/// values do not colour a cell.
public struct Beeswarm: Plot {
    public struct Row: Sendable {
        public var label: String
        /// One contribution per client.
        public var contributions: [Double]
        /// The clients' feature values in the same order (NaN for missing), for the colour.
        public var values: [Double]

        public init(label: String, contributions: [Double], values: [Double]) {
            self.label = label
            self.contributions = contributions
            self.values = values
        }
    }

    public var rows: [Row]

    public init(rows: [Row]) { self.rows = rows }

    /// Blue to red, through purple: low to high feature values.
    static let lowToHigh: [UInt8] = [33, 69, 105, 141, 176, 168, 203, 196]

    public func render(_ options: PlotOptions) -> PlotResult {
        let glyphs = Glyphs(options.charset)
        let finite = rows.flatMap { $0.contributions.filter(\.isFinite) }
        let data = PlotTable(columns: ["feature", "min", "max", "clients"], rows: rows.map { row in
            let values = row.contributions.filter(\.isFinite)
            return [.text(row.label), .number(values.min() ?? .nan), .number(values.max() ?? .nan), .number(Double(values.count))]
        })
        guard let lo = finite.min(), let hi = finite.max() else {
            return .message("beeswarm: no contributions to plot", options, data: data)
        }
        // Zero, the base value, always has a place on the axis.
        let low = min(lo, 0), high = max(hi, 0)
        let marks: [Character] = glyphs.isUnicode ? ["·", "∙", "•", "●"] : [".", ":", "o", "@"]
        let labelLimit = max(4, options.width / 3)
        var shown = rows.count
        var notes: [String] = []
        if options.color { notes.append("colour: the feature's value, blue low to red high") }
        var frame = ChartFrame(title: options.title, notes: notes)
        frame.minimumRows = 1
        func render() -> ChartFrame.Outcome {
            frame.render(options, left: .categories({ available in
                shown = min(rows.count, available)
                return rows.prefix(shown).map { TextCells.truncate($0.label, to: labelLimit, ellipsis: glyphs.ellipsis) }
            }), xAxis: { n in Axis.tight(low, high, about: n) }) { grid, area in
                let zero = area.left + area.xAxis.scale.index(0, of: area.columns)
                for (index, row) in rows.prefix(shown).enumerated() {
                    let line = area.top + index
                    grid.put(glyphs.vertical, row: line, column: zero)
                    draw(row, into: &grid, line: line, area: area, marks: marks, color: options.color)
                }
            }
        }
        let (outcome, shownNotes) = ChartFrame.renderCountingHidden(total: rows.count, shown: { shown }, noun: "more feature", notes: notes,
                                                                    setNotes: { frame.notes = $0 }, render: render)
        return PlotResult(outcome, options, data: data, notes: shownNotes)
    }

    /// One feature's clients on one line of cells.
    private func draw(_ row: Row, into grid: inout CellGrid, line: Int, area: ChartFrame.Area, marks: [Character], color: Bool) {
        let ranks = Self.ranks(row.values)
        var counts = [Int](repeating: 0, count: area.columns)
        var rankSums = [Double](repeating: 0, count: area.columns)
        var ranked = [Int](repeating: 0, count: area.columns)
        for (k, contribution) in row.contributions.enumerated() where contribution.isFinite {
            let cell = area.xAxis.scale.index(contribution, of: area.columns)
            counts[cell] += 1
            if k < ranks.count, let rank = ranks[k] {
                rankSums[cell] += rank
                ranked[cell] += 1
            }
        }
        let busiest = Double(counts.max() ?? 0)
        guard busiest > 0 else { return }
        for cell in 0..<area.columns where counts[cell] > 0 {
            // Marks grow with the logarithm of the count: one client is still seen beside 10,000.
            let level = busiest > 1 ? Math.log(Double(counts[cell])) / Math.log(busiest) : 1
            let mark = marks[Math.floorIndex(level * Double(marks.count), in: 0...marks.count - 1)]
            var style: Style?
            if color, ranked[cell] > 0 {
                let ramp = Self.lowToHigh
                style = Style(foreground: ramp[Math.floorIndex(rankSums[cell] / Double(ranked[cell]) * Double(ramp.count), in: 0...ramp.count - 1)])
            }
            grid.put(mark, row: line, column: area.left + cell, style: style)
        }
    }

    /// Each value's rank among the present ones, 0 (lowest) to 1 (highest), ties sharing their
    /// mean rank; nil for missing.
    static func ranks(_ values: [Double]) -> [Double?] {
        let present = values.indices.filter { !values[$0].isNaN }.sorted { values[$0] < values[$1] }
        var out = [Double?](repeating: nil, count: values.count)
        guard present.count > 1 else {
            for i in present { out[i] = 0.5 }
            return out
        }
        var start = 0
        while start < present.count {
            var end = start
            while end + 1 < present.count && values[present[end + 1]] == values[present[start]] { end += 1 }
            let rank = Double(start + end) / 2 / Double(present.count - 1)
            for k in start...end { out[present[k]] = rank }
            start = end + 1
        }
        return out
    }
}
