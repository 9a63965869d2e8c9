/// Horizontal bars, one per category, in the order given: counts per NAME_CONTRACT_TYPE, default
/// rate per income type, a mean per group.
///
/// Bar ends are drawn in eighths of a cell (▏▎▍▌▋▊▉█; whole `#` cells in ASCII), the value is
/// written after each bar, and labels longer than a third of the width end in an ellipsis.
/// Negative values grow to the left of a zero line. Categories beyond the height are left out
/// and counted in a note.
public struct BarChart: Plot {
    public var labels: [String]
    public var values: [Double]

    /// Bars for parallel labels and values (the shorter array decides how many).
    public init(labels: [String], values: [Double]) {
        self.labels = labels
        self.values = values
    }

    public func render(_ options: PlotOptions) -> PlotResult {
        let glyphs = Glyphs(options.charset)
        var notes: [String] = []
        var bars: [(label: String, value: Double)] = []
        var dropped = 0
        for (label, value) in zip(labels, values) {
            if value.isFinite { bars.append((label, value)) } else { dropped += 1 }
        }
        if labels.count != values.count {
            notes.append("\(labels.count) labels but \(values.count) values; extra ones ignored")
        }
        if let note = Notes.droppedNonFinite(dropped) { notes.append(note) }
        let data = PlotTable(columns: ["label", "value"], rows: bars.map { [.text($0.label), .number($0.value)] })
        guard !bars.isEmpty else { return .message("bar chart: no values to plot", options, data: data, notes: notes) }

        // Rows: the title, the bars that fit, a notes line when needed.
        var showTitle = !(options.title ?? "").isEmpty
        var shown = 0
        for _ in 0..<2 {
            let fixed = (showTitle ? 1 : 0) + (notes.isEmpty ? 0 : 1)
            shown = min(bars.count, options.height - fixed)
            if shown < bars.count && notes.isEmpty { shown = min(bars.count, options.height - fixed - 1) }
            if shown >= 1 { break }
            showTitle = false
        }
        guard shown >= 1 else { return .tooSmall(width: 12, height: 2, options, data: data, notes: notes) }
        if shown < bars.count { notes.append("\(Notes.count(bars.count - shown, "more bar")) not shown") }
        let visible = Array(bars.prefix(shown))

        // Columns: label, space, bars (and a zero line when some are negative), space, value.
        let valueTexts = visible.map { NumberFormat.compact($0.value) }
        let valueWidth = valueTexts.map(TextCells.width).max() ?? 0
        let longestLabel = visible.map { TextCells.width(TextCells.clean($0.label)) }.max() ?? 0
        let labelWidth = min(longestLabel, max(4, options.width / 3))
        let negative = visible.map { max(0, -$0.value) }.max() ?? 0
        let positive = visible.map { max(0, $0.value) }.max() ?? 0
        let zeroLine = negative > 0 ? 1 : 0
        let barArea = options.width - labelWidth - 1 - zeroLine - 1 - valueWidth
        guard barArea >= 2 else {
            return .tooSmall(width: labelWidth + zeroLine + valueWidth + 4, height: 1, options, data: data, notes: notes)
        }
        let total = negative + positive
        let leftCells = negative > 0 ? Math.floorIndex(Double(barArea) * negative / total, in: 0...barArea) : 0
        let rightCells = barArea - leftCells
        let zeroColumn = labelWidth + 1 + leftCells   // the zero line, or where positive bars start

        let top = showTitle ? 1 : 0
        var grid = CellGrid(columns: options.width, rows: top + shown + (notes.isEmpty ? 0 : 1))
        if showTitle, let title = options.title {
            let text = TextCells.truncate(title, to: options.width, ellipsis: glyphs.ellipsis)
            grid.write(text, row: 0, column: max(0, (options.width - TextCells.width(text)) / 2))
        }
        let style: Style? = options.color ? Palette.series(0) : nil
        for (index, bar) in visible.enumerated() {
            let row = top + index
            grid.write(TextCells.truncate(bar.label, to: labelWidth, ellipsis: glyphs.ellipsis), row: row, column: 0)
            if zeroLine == 1 { grid.put(glyphs.vertical, row: row, column: zeroColumn) }
            let start = zeroColumn + zeroLine
            var end = start
            if bar.value > 0 {
                let eighths = Int((bar.value / positive * Double(rightCells * 8)).rounded())
                end = start + drawRight(eighths: eighths, row: row, column: start, into: &grid, glyphs: glyphs, style: style)
            } else if bar.value < 0 {
                let eighths = Int((-bar.value / negative * Double(leftCells * 8)).rounded())
                drawLeft(eighths: eighths, row: row, column: zeroColumn - 1, into: &grid, glyphs: glyphs, style: style)
            }
            grid.write(valueTexts[index], row: row, column: end + 1)
        }
        if !notes.isEmpty {
            grid.write(TextCells.truncate(notes.joined(separator: "; "), to: options.width, ellipsis: glyphs.ellipsis),
                       row: top + shown, column: 0)
        }
        return PlotResult(lines: grid.lines(color: options.color), data: data, notes: notes)
    }

    /// A bar growing right from `column`, in eighths (Unicode) or whole cells (ASCII), at least a
    /// sliver when the value is not zero. Returns the cells used.
    private func drawRight(eighths: Int, row: Int, column: Int, into grid: inout CellGrid,
                           glyphs: Glyphs, style: Style?) -> Int {
        guard glyphs.isUnicode else {
            let cells = max(1, (eighths + 4) / 8)
            for i in 0..<cells { grid.put("#", row: row, column: column + i, style: style) }
            return cells
        }
        let eighths = max(1, eighths)
        for i in 0..<eighths / 8 { grid.put("█", row: row, column: column + i, style: style) }
        if eighths % 8 > 0 { grid.put(Glyphs.eighthsAcross[eighths % 8], row: row, column: column + eighths / 8, style: style) }
        return (eighths + 7) / 8
    }

    /// A bar growing left from `column`. Unicode has no left-growing eighths, so its tip is a
    /// half cell (▐) or a whole one.
    private func drawLeft(eighths: Int, row: Int, column: Int, into grid: inout CellGrid,
                          glyphs: Glyphs, style: Style?) {
        let halves = max(1, (eighths + 2) / 4)
        let full = glyphs.isUnicode ? halves / 2 : max(1, (eighths + 4) / 8)
        let fill: Character = glyphs.isUnicode ? "█" : "#"
        for i in 0..<full { grid.put(fill, row: row, column: column - i, style: style) }
        if glyphs.isUnicode && halves % 2 == 1 { grid.put("▐", row: row, column: column - full, style: style) }
    }
}
