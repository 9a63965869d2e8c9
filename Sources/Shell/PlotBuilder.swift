import Plots
import Query
import Tables

/// Turns a pipeline's `plot` step into a chart of its result table:
///
///     plot hist X [by G] [bins N] [log] [normalized]   plot box X [by G]
///     plot density X [by G]     plot ecdf X [by G]      plot scatter X Y
///     plot line X Y [by G]      plot bar LABEL [VALUE]  plot heat A B C …
///
/// `data` after any of them also prints the numbers behind the shape.
struct PlotBuilder {
    let table: Table
    let request: PlotRequest

    static let kinds = ["hist", "bar", "line", "scatter", "box", "density", "ecdf", "heat"]

    func render(_ options: PlotOptions) throws(SessionError) -> String {
        var columns: [String] = []
        var group: String?
        var bins: Histogram.Bins = .auto
        var flags = Set<String>()
        var i = 0
        let args = request.arguments
        while i < args.count {
            guard let word = args[i].identifier else { throw error("expected a column name", args[i]) }
            switch word.lowercased() {
            case "by":
                guard i + 1 < args.count, let g = args[i + 1].identifier else { throw error("expected a column after `by`", args[i]) }
                group = g
                i += 2
                continue
            case "bins":
                guard i + 1 < args.count, case .number(let n, true) = args[i + 1].kind, n >= 1, n <= 500 else {
                    throw error("expected a number of bins from 1 to 500 after `bins`", args[i])
                }
                bins = .count(Int(n))
                i += 2
                continue
            case "log", "normalized", "data": flags.insert(word.lowercased())
            default: columns.append(word)
            }
            i += 1
        }
        for name in columns + (group.map { [$0] } ?? []) where table[name] == nil {
            let token = args.first { $0.identifier == name }!
            throw error("unknown column '\(name)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: name, in: table.names)), token)
        }
        var notes: [String] = []
        let plot: any Plot
        switch request.kind.lowercased() {
        case "hist", "histogram":
            let x = try one(columns, "hist X")
            plot = Histogram(groups: try series(x, by: group, &notes), bins: bins, logScale: flags.contains("log"), normalized: flags.contains("normalized"))
        case "box": plot = BoxPlot(groups: try series(try one(columns, "box X"), by: group, &notes))
        case "density": plot = DensityPlot(groups: try series(try one(columns, "density X"), by: group, &notes))
        case "ecdf": plot = ECDFPlot(groups: try series(try one(columns, "ecdf X"), by: group, &notes))
        case "scatter":
            let (x, y) = try pairs(columns, "scatter X Y", &notes)
            plot = ScatterPlot(x: x, y: y)
        case "line":
            guard columns.count == 2 else { throw error("usage: plot line X Y [by G]", nil) }
            let keys = group.map { keyLabels($0) } ?? [String](repeating: columns[1], count: table.rowCount)
            var byKey: [String: ([Double], [Double])] = [:]
            var order: [String] = []
            for r in 0..<table.rowCount {
                guard let x = table[columns[0]]!.number(at: r), let y = table[columns[1]]!.number(at: r) else { continue }
                if byKey[keys[r]] == nil { order.append(keys[r]) }
                byKey[keys[r], default: ([], [])].0.append(x)
                byKey[keys[r], default: ([], [])].1.append(y)
            }
            plot = LineChart(series: order.map { XYSeries($0, x: byKey[$0]!.0, y: byKey[$0]!.1) })
        case "bar":
            guard columns.count == 1 || columns.count == 2 else { throw error("usage: plot bar LABEL [VALUE]", nil) }
            let labels = keyLabels(columns[0])
            if columns.count == 1 {
                var counts: [String: Double] = [:]
                var order: [String] = []
                for l in labels { if counts[l] == nil { order.append(l) }; counts[l, default: 0] += 1 }
                plot = BarChart(labels: order, values: order.map { counts[$0]! })
            } else {
                let values = table[columns[1]]!
                guard values.type != .category else { throw error("bar values must be numbers", nil) }
                plot = BarChart(labels: labels, values: (0..<table.rowCount).map { values.number(at: $0) ?? .nan })
            }
        case "heat", "heatmap":
            guard columns.count >= 2 else { throw error("usage: plot heat A B [C …] (their correlation matrix)", nil) }
            let vectors = try columns.map { name throws(SessionError) -> [Double] in
                guard let v = table[name]!.doublesWithNaN() else { throw error("'\(name)' is not numeric", nil) }
                return v
            }
            let matrix = vectors.map { a in vectors.map { b in Correlation.pearsonR(a, b) ?? .nan } }
            plot = HeatMap(rowLabels: columns, columnLabels: columns, values: matrix, range: -1...1)
        default:
            let suggestions = NameSuggester.nearest(to: request.kind, in: Self.kinds)
            throw SessionError("unknown plot kind '\(request.kind)'" + NameSuggester.didYouMean(suggestions),
                               column: request.span.start + 6, length: request.kind.count, help: "kinds: \(Self.kinds.joined(separator: ", "))")
        }
        // The builder's own notes (missing values left out) go under the plot.
        var room = options
        room.height = max(options.height - notes.count, 1)
        let result = plot.render(room)
        var text = ([result.text] + notes).joined(separator: "\n")
        if flags.contains("data") { text += "\n" + dataText(result.data) }
        return text
    }

    private func error(_ message: String, _ token: Token?) -> SessionError {
        let span = token?.span ?? request.span
        return SessionError(message, column: span.start + 1, length: span.end - span.start,
                            help: "plot hist AMT_INCOME_TOTAL by TARGET bins 40 log")
    }

    private func one(_ columns: [String], _ usage: String) throws(SessionError) -> String {
        guard columns.count == 1 else { throw error("usage: plot \(usage) [by G]", nil) }
        return columns[0]
    }

    /// A column's present values, split by a group column when given.
    private func series(_ name: String, by group: String?, _ notes: inout [String]) throws(SessionError) -> [Series] {
        let column = table[name]!
        guard column.type != .category else { throw error("'\(name)' is text; plot a numeric column (or `plot bar \(name)` for counts)", nil) }
        let keys = group.map { keyLabels($0) }
        var values: [Double] = [], labels: [String] = []
        var missing = 0
        for r in 0..<table.rowCount {
            guard let x = column.number(at: r) else { missing += 1; continue }
            values.append(x)
            if let keys { labels.append(keys[r]) }
        }
        if missing > 0 { notes.append("\(missing) missing values of \(name) left out") }
        guard let group else { return [Series(name, values)] }
        return Series.grouped(values, by: labels).map { Series("\(group)=\($0.name)", $0.values) }.sorted { $0.name < $1.name }
    }

    private func pairs(_ columns: [String], _ usage: String, _ notes: inout [String]) throws(SessionError) -> ([Double], [Double]) {
        guard columns.count == 2 else { throw error("usage: plot \(usage)", nil) }
        var x: [Double] = [], y: [Double] = []
        for r in 0..<table.rowCount {
            guard let a = table[columns[0]]!.number(at: r), let b = table[columns[1]]!.number(at: r) else { continue }
            x.append(a); y.append(b)
        }
        if x.count < table.rowCount { notes.append("\(table.rowCount - x.count) rows with a missing value left out") }
        return (x, y)
    }

    private func keyLabels(_ name: String) -> [String] {
        let column = table[name]!
        return (0..<table.rowCount).map { column.isMissing($0) ? "missing" : column[$0].description }
    }

    private func dataText(_ data: PlotTable) -> String {
        var lines = [data.columns.joined(separator: "\t")]
        for row in data.rows {
            lines.append(row.map { v in
                if let n = v.number { return n.plainText }
                if case .text(let s) = v { return s }
                return ""
            }.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n")
    }
}
