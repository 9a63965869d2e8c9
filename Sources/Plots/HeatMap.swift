/// A small matrix as shaded cells: correlations between features, a confusion matrix, default
/// rates by two categories.
///
/// Each cell is shaded ░▒▓█ (`.` `:` `*` `#` in ASCII) by the quarter of the range its value
/// falls in, or, with colour, filled with a colour from a dark-to-light ramp. The numbers are
/// printed in the cells when there is room. Labels that do not fit end in an ellipsis; rows
/// beyond the height are left out and counted in a note.
public struct HeatMap: Plot {
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// Rows of values, one per row label, each with one value per column label.
    public var values: [[Double]]
    /// The values the lightest and darkest shades stand for (say -1...1 for correlations);
    /// nil for the smallest and largest finite values. Values outside are clamped.
    public var range: ClosedRange<Double>?
    /// Print each value in its cell (when the cells are wide enough).
    public var showValues: Bool

    public init(rowLabels: [String], columnLabels: [String], values: [[Double]],
                range: ClosedRange<Double>? = nil, showValues: Bool = true) {
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.range = range
        self.showValues = showValues
    }

    /// The widest a cell grows for its column label.
    static let widestCell = 16

    public func render(_ options: PlotOptions) -> PlotResult {
        let glyphs = Glyphs(options.charset)
        var notes: [String] = []
        let rowCount = min(rowLabels.count, values.count)
        let columnCount = columnLabels.count
        let matrix: [[Double]] = (0..<rowCount).map { r in
            (0..<columnCount).map { c in c < values[r].count ? values[r][c] : .nan }
        }
        if rowLabels.count != values.count || values.contains(where: { $0.count != columnCount }) {
            notes.append("matrix is \(values.count) rows for \(rowLabels.count) labels, "
                         + "\(columnCount) columns; missing cells are blank")
        }
        let missing = matrix.joined().filter { !$0.isFinite }.count
        if missing > 0 { notes.append("\(Notes.count(missing, "cell")) NaN/infinite, left blank") }
        var dataRows: [[PlotValue]] = []
        for (r, row) in matrix.enumerated() {
            for (c, value) in row.enumerated() {
                dataRows.append([.text(rowLabels[r]), .text(columnLabels[c]), .number(value)])
            }
        }
        let data = PlotTable(columns: ["row", "column", "value"], rows: dataRows)
        let finite = matrix.joined().filter(\.isFinite)
        guard let smallest = finite.min(), let largest = finite.max(), columnCount > 0 else {
            return .message("heat map: no values to plot", options, data: data, notes: notes)
        }
        let (lo, hi) = range.map { Scale.widened($0.lowerBound, $0.upperBound) } ?? Scale.widened(smallest, largest)
        let scale = Scale(lo, hi)
        let texts = matrix.map { $0.map { $0.isFinite ? HeatMap.format($0, all: finite) : "" } }

        // Widths: row labels, then equal cells with a space before each.
        let numberWidth = texts.joined().map(TextCells.width).max() ?? 0
        let valuesNeed = numberWidth + 2
        func widths(_ rowLabels: [String], _ columnLabels: [String]) -> (label: Int, cell: Int) {
            let longestRow = rowLabels.map { TextCells.width(TextCells.clean($0)) }.max() ?? 0
            let longestColumn = columnLabels.map { TextCells.width(TextCells.clean($0)) }.max() ?? 0
            let label = min(longestRow, max(4, options.width / 4))
            let wanted = max(showValues ? valuesNeed : 2, min(longestColumn, HeatMap.widestCell))
            return (label, min(wanted, (options.width - label) / columnCount - 1))
        }
        var rowLabels = Array(self.rowLabels.prefix(rowCount)), columnLabels = self.columnLabels
        var (labelWidth, cellWidth) = widths(rowLabels, columnLabels)
        // A square matrix with the same names both ways (correlations) whose names, cut to the
        // cells, no longer tell columns apart is labelled by number: "1 EXT_SOURCE_1" on the
        // left, "1" on top.
        let cut = columnLabels.map { TextCells.truncate($0, to: cellWidth, ellipsis: glyphs.ellipsis) }
        if cellWidth >= 1, Set(cut).count < Set(columnLabels).count, rowLabels == columnLabels {
            rowLabels = rowLabels.enumerated().map { "\($0.offset + 1) \($0.element)" }
            columnLabels = columnLabels.indices.map { "\($0 + 1)" }
            (labelWidth, cellWidth) = widths(rowLabels, columnLabels)
        }
        guard cellWidth >= 1 else {
            return .tooSmall(width: labelWidth + 2 * columnCount, height: 3, options, data: data, notes: notes)
        }
        let printValues = showValues && cellWidth >= valuesNeed
        if showValues && !printValues { notes.append("values hidden: cells too narrow") }

        // Heights: title, header, rows, legend, notes; the title then the legend give way first.
        var showTitle = !(options.title ?? "").isEmpty
        var showLegend = true
        func fixedLines(_ withNotes: Bool) -> Int {
            (showTitle ? 1 : 0) + 1 + (showLegend ? 1 : 0) + (withNotes ? 1 : 0)
        }
        if options.height - fixedLines(!notes.isEmpty) < 1 { showTitle = false }
        if options.height - fixedLines(!notes.isEmpty) < 1 { showLegend = false }
        var shown = min(rowCount, options.height - fixedLines(!notes.isEmpty))
        if shown < rowCount && notes.isEmpty { shown = min(rowCount, options.height - fixedLines(true)) }
        guard shown >= 1 else { return .tooSmall(width: labelWidth + 2 * columnCount, height: 3, options, data: data, notes: notes) }
        if shown < rowCount { notes.append("\(Notes.count(rowCount - shown, "more row")) not shown") }

        var grid = CellGrid(columns: options.width, rows: fixedLines(!notes.isEmpty) + shown)
        var line = 0
        if showTitle, let title = options.title {
            let text = TextCells.truncate(title, to: options.width, ellipsis: glyphs.ellipsis)
            grid.write(text, row: 0, column: max(0, (options.width - TextCells.width(text)) / 2))
            line += 1
        }
        func cellStart(_ column: Int) -> Int { labelWidth + 1 + column * (cellWidth + 1) }
        for (c, label) in columnLabels.enumerated() {
            let text = TextCells.truncate(label, to: cellWidth, ellipsis: glyphs.ellipsis)
            grid.write(TextCells.padLeft(text, to: cellWidth), row: line, column: cellStart(c))
        }
        line += 1
        for r in 0..<shown {
            grid.write(TextCells.truncate(rowLabels[r], to: labelWidth, ellipsis: glyphs.ellipsis), row: line, column: 0)
            for c in 0..<columnCount {
                drawCell(matrix[r][c], text: printValues ? texts[r][c] : nil, scale: scale, into: &grid,
                         row: line, column: cellStart(c), width: cellWidth, glyphs: glyphs, color: options.color)
            }
            line += 1
        }
        if showLegend {
            drawLegend(scale, into: &grid, row: line, width: options.width, glyphs: glyphs, color: options.color)
            line += 1
        }
        if !notes.isEmpty {
            grid.write(TextCells.truncate(notes.joined(separator: "; "), to: options.width, ellipsis: glyphs.ellipsis),
                       row: line, column: 0)
        }
        return PlotResult(lines: grid.lines(color: options.color), data: data, notes: notes)
    }

    /// The shade (0…3) of a value: which quarter of the range it falls in.
    static func level(_ value: Double, _ scale: Scale) -> Int {
        Math.floorIndex(scale.fraction(value) * 4, in: 0...3)
    }

    /// One cell: shades (or a colour) filling it, the number right-aligned after a space.
    private func drawCell(_ value: Double, text: String?, scale: Scale, into grid: inout CellGrid,
                          row: Int, column: Int, width: Int, glyphs: Glyphs, color: Bool) {
        guard value.isFinite else { return }
        if color {
            let background = Palette.rampColor(Math.clamp(scale.fraction(value), 0...1))
            let style = Style(foreground: Palette.textColor(onRamp: background), background: background)
            for i in 0..<width { grid.put(" ", row: row, column: column + i, style: style) }
            if let text { grid.write(text, row: row, column: column + width - 1 - TextCells.width(text), style: style) }
            return
        }
        let shade = glyphs.shades[HeatMap.level(value, scale)]
        let shaded = text.map { width - TextCells.width($0) - 1 } ?? width
        for i in 0..<shaded { grid.put(shade, row: row, column: column + i) }
        if let text { grid.write(text, row: row, column: column + shaded + 1) }
    }

    /// "░ <-0.5  ▒ <0  ▓ <0.5  █ ≤1", or with colour the ramp between its two ends.
    private func drawLegend(_ scale: Scale, into grid: inout CellGrid, row: Int, width: Int, glyphs: Glyphs, color: Bool) {
        if color {
            let ends = (NumberFormat.compact(scale.lo), NumberFormat.compact(scale.hi))
            let items = [LegendItem(symbol: ends.0, style: nil, name: "")]
            ChartFrame.drawLegend(items, into: &grid, row: row, width: width, glyphs: glyphs)
            var column = TextCells.width(ends.0) + 1
            for color in Palette.ramp {
                grid.put(" ", row: row, column: column, style: Style(background: color))
                column += 1
            }
            grid.write(" " + ends.1, row: row, column: column)
            return
        }
        let items = (0..<4).map { level in
            let bound = NumberFormat.compact(scale.value(at: Double(level + 1) / 4))
            return LegendItem(symbol: String(glyphs.shades[level]), style: nil,
                              name: (level == 3 ? (glyphs.isUnicode ? "≤" : "<=") : "<") + bound)
        }
        ChartFrame.drawLegend(items, into: &grid, row: row, width: width, glyphs: glyphs)
    }

    /// Values as the matrix needs them: counts below a million exactly (a confusion matrix),
    /// larger ones compactly (1.2M), small fractions such as correlations with two decimals,
    /// anything else with three significant digits.
    static func format(_ value: Double, all: [Double]) -> String {
        if all.allSatisfy({ $0.rounded() == $0 }) {
            return all.allSatisfy({ abs($0) < 1e6 }) ? NumberFormat.fixed(value, decimals: 0) : NumberFormat.compact(value)
        }
        if all.allSatisfy({ abs($0) < 10 }) {
            let text = NumberFormat.fixed(value, decimals: 2)
            return text == "-0.00" ? "0.00" : text
        }
        return NumberFormat.compact(value)
    }
}
