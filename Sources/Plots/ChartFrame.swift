/// A legend entry: the mark a series is drawn with, its colour, and its name.
struct LegendItem {
    var symbol: String
    var style: Style?
    var name: String
}

/// The frame shared by the kinds with two axes (histogram, line, scatter, box plot, density,
/// ECDF): a title, labels and an axis on the left, the plot area, the x axis with its tick
/// labels, a legend and a line of notes.
///
/// The frame decides the layout from the size; the kind supplies its axes as functions of the
/// space they get, and draws the plot area. When the height is short the title goes first,
/// then the legend, then the notes (they stay in `PlotResult.notes`).
struct ChartFrame {
    var title: String?
    var legend: [LegendItem] = []
    var notes: [String] = []
    /// Below this many plot rows or columns the frame gives up with a message.
    var minimumRows = 3
    var minimumColumns = 8

    /// What is on the left of the plot area.
    enum LeftSide {
        /// A numeric axis, built for the number of rows it gets; labels at its ticks.
        case axis((Int) -> Axis)
        /// One label per row (nil for none), for at most the given number of rows; the plot
        /// area is as tall as the array returned (box plots: one group per row or three).
        case categories((Int) -> [String?])
    }

    /// The plot area, in the grid's coordinates, and the axes it is drawn against.
    struct Area {
        let top: Int
        let left: Int
        let rows: Int
        let columns: Int
        let yAxis: Axis?
        let xAxis: Axis
    }

    enum Outcome {
        case lines([String])
        case tooSmall(width: Int, height: Int)
    }

    /// Lays out and draws the frame; `xAxis(n)` builds an x axis with about `n` ticks (the frame
    /// tries fewer until the labels fit), `draw` fills the plot area.
    func render(_ options: PlotOptions, left: LeftSide, xAxis: (Int) -> Axis,
                draw: (inout CellGrid, Area) -> Void) -> Outcome {
        let glyphs = Glyphs(options.charset)
        let axisLines = 2
        var showTitle = !(title ?? "").isEmpty
        var showLegend = !legend.isEmpty
        var showNotes = !notes.isEmpty
        func available() -> Int {
            options.height - axisLines - (showTitle ? 1 : 0) - (showLegend ? 1 : 0) - (showNotes ? 1 : 0)
        }
        if available() < minimumRows { showTitle = false }
        if available() < minimumRows { showLegend = false }
        if available() < minimumRows { showNotes = false }
        guard available() >= minimumRows else {
            return .tooSmall(width: minimumColumns + 4, height: minimumRows + axisLines)
        }

        // The left side decides the plot's rows and the labels' width.
        var rows = available()
        var yAxis: Axis?
        var rowLabels: [String?]
        switch left {
        case .axis(let make):
            let axis = make(rows)
            yAxis = axis
            rowLabels = ChartFrame.rowLabels(axis, rows: rows)
        case .categories(let make):
            rowLabels = Array(make(rows).prefix(rows))
            rows = rowLabels.count
        }
        guard rows > 0 else { return .tooSmall(width: minimumColumns + 4, height: minimumRows + axisLines) }
        let labelWidth = rowLabels.map { TextCells.width($0 ?? "") }.max() ?? 0
        let axisColumn = labelWidth + 1
        let columns = options.width - axisColumn - 1
        guard columns >= minimumColumns else {
            return .tooSmall(width: axisColumn + 1 + minimumColumns, height: minimumRows + axisLines)
        }
        let (x, placed) = ChartFrame.fitXAxis(columns: columns, plotLeft: axisColumn + 1, width: options.width, make: xAxis)

        // Draw, top to bottom.
        let top = showTitle ? 1 : 0
        let totalRows = top + rows + axisLines + (showLegend ? 1 : 0) + (showNotes ? 1 : 0)
        var grid = CellGrid(columns: options.width, rows: totalRows)
        if showTitle, let title {
            let text = TextCells.truncate(title, to: options.width, ellipsis: glyphs.ellipsis)
            grid.write(text, row: 0, column: max(0, (options.width - TextCells.width(text)) / 2))
        }
        for row in 0..<rows {
            let label = rowLabels[row]
            if let label { grid.write(TextCells.padLeft(label, to: labelWidth), row: top + row, column: 0) }
            grid.put(label == nil ? glyphs.vertical : glyphs.yTick, row: top + row, column: axisColumn)
        }
        let axisRow = top + rows
        grid.put(glyphs.corner, row: axisRow, column: axisColumn)
        for column in 0..<columns { grid.put(glyphs.horizontal, row: axisRow, column: axisColumn + 1 + column) }
        for tick in x.ticks {
            grid.put(glyphs.xTick, row: axisRow, column: axisColumn + 1 + x.scale.index(tick, of: columns))
        }
        for label in placed { grid.write(label.text, row: axisRow + 1, column: label.column) }
        var row = axisRow + 2
        if showLegend {
            ChartFrame.drawLegend(legend, into: &grid, row: row, width: options.width, glyphs: glyphs)
            row += 1
        }
        if showNotes {
            grid.write(TextCells.truncate(notes.joined(separator: "; "), to: options.width, ellipsis: glyphs.ellipsis),
                       row: row, column: 0)
        }
        draw(&grid, Area(top: top, left: axisColumn + 1, rows: rows, columns: columns, yAxis: yAxis, xAxis: x))
        return .lines(grid.lines(color: options.color))
    }

    /// Renders until the note counting what did not fit agrees with what `render` showed:
    /// the note takes a row of its own, which may leave out one more (a second pass at most).
    /// `setNotes` puts the notes on the frame `render` draws; the final notes come back.
    static func renderCountingHidden(total: Int, shown: () -> Int, noun: String, notes: [String],
                                     setNotes: ([String]) -> Void, render: () -> Outcome) -> (outcome: Outcome, notes: [String]) {
        var outcome = render()
        var hidden = 0
        var current = notes
        while total - shown() != hidden {
            hidden = total - shown()
            current = notes + ["\(Notes.count(hidden, noun)) not shown"]
            setNotes(current)
            outcome = render()
        }
        return (outcome, current)
    }

    /// About one tick every other row, at least two: the covering range then stays close to
    /// the data, and labels on neighbouring rows remain readable.
    static func tickCount(rows: Int) -> Int { max(2, rows / 2 + 1) }

    /// The tick labels of a numeric axis on the rows they fall in (the first wins a row).
    static func rowLabels(_ axis: Axis, rows: Int) -> [String?] {
        var labels = [String?](repeating: nil, count: rows)
        for (tick, label) in zip(axis.ticks, axis.labels) {
            let row = rows - 1 - axis.scale.index(tick, of: rows)
            if labels[row] == nil { labels[row] = label }
        }
        return labels
    }

    /// The x axis with the most ticks whose labels, centred under their ticks, stay two cells
    /// apart (the last may go unlabelled). Asking for more ticks does not always give more, as
    /// steps are rounded up to 1, 2 or 5, so every request from a quarter of the columns (at
    /// most 60) down to two is tried. When not even two fit, colliding labels are left out.
    static func fitXAxis(columns: Int, plotLeft: Int, width: Int,
                         make: (Int) -> Axis) -> (Axis, [(text: String, column: Int)]) {
        func place(_ axis: Axis) -> [(text: String, column: Int)] {
            var placed: [(text: String, column: Int)] = []
            var free = 0
            for (tick, label) in zip(axis.ticks, axis.labels) {
                let w = TextCells.width(label)
                let center = plotLeft + axis.scale.index(tick, of: columns)
                let start = min(max(0, center - (w - 1) / 2), width - w)
                if start >= free, start >= 0 {
                    placed.append((label, start))
                    free = start + w + 2
                }
            }
            return placed
        }
        var best: (axis: Axis, labels: [(text: String, column: Int)])?
        for target in stride(from: min(60, max(2, columns / 4)), through: 2, by: -1) {
            let axis = make(target)
            let labels = place(axis)
            // Every label placed, or all but the last (pushed left by the edge into its neighbour).
            let complete = labels.count == axis.ticks.count
                || (labels.count == axis.ticks.count - 1 && labels.count >= 2
                    && labels.map(\.text) == Array(axis.labels.dropLast()))
            if complete, labels.count > (best?.labels.count ?? -1) {
                best = (axis, labels)
            }
        }
        if let best { return best }
        let axis = make(2)
        return (axis, place(axis))
    }

    /// Legend items left to right, two spaces apart; the last one that fits is cut short.
    static func drawLegend(_ items: [LegendItem], into grid: inout CellGrid, row: Int, width: Int, glyphs: Glyphs) {
        var column = 0
        for item in items {
            let symbolWidth = TextCells.width(item.symbol)
            let room = width - column - symbolWidth - 1
            guard room >= 1 else { return }
            grid.write(item.symbol, row: row, column: column, style: item.style)
            let name = TextCells.truncate(item.name, to: room, ellipsis: glyphs.ellipsis)
            grid.write(name, row: row, column: column + symbolWidth + 1)
            column += symbolWidth + 1 + TextCells.width(name) + 2
        }
    }
}
