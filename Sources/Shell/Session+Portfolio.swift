import Explain
import Models
import Plots
import Tables

/// `importance shap`: the portfolio view of the explanations.
extension Session {
    func shapImportance(_ invocation: Invocation, _ state: ModelState) throws(SessionError) -> String {
        let table = try invocation.word("on") == nil ? source(state.source, offset: 0) : source(invocation, "on")
        let matrix: FeatureMatrix
        do { matrix = try state.file.features(of: table) } catch { throw invocation.error(error.message, at: "on") }
        let level = invocation.value("by") ?? "column"
        // Each contribution's group: the model's feature, its table column, or its source table.
        var blocks: [String: String] = [:]
        for feature in state.file.features { blocks[feature.source] = sourceBlock(of: feature.source) }
        let blockOf = blocks
        let group: @Sendable (Explanation.Contribution) -> String = switch level {
        case "feature": { $0.feature }
        case "table": { blockOf[$0.source] ?? "application" }
        default: { $0.source }
        }
        var names: [String] = []
        let terms = matrix.rowCount > 0 ? Explanation(model: state.file.model, row: matrix.row(0)).contributions : []
        for term in terms where !names.contains(group(term)) { names.append(group(term)) }
        let means = PortfolioImportance.meanAbsolute(state.file.model, matrix, groups: names, of: group)
        let order = names.indices.sorted { means[$0] > means[$1] }
        let top = invocation.value("top").flatMap { Int($0) } ?? 20
        guard top > 0 else { throw invocation.error("show at least 1 \(level)", at: "top") }
        let shown = Array(order.prefix(top))
        let total = means.reduce(0, +)
        let scale = state.spec.kind == .scorecard ? "points" : "log-odds"
        let w = Wording(language: language)
        let labels = shown.map { level == "table" ? w.sourceName(names[$0]) : names[$0] }
        let listing = try! Table([
            (level, Column(strings: labels)),
            ("mean_abs_contribution", Column(doubles: shown.map { NumberFormat.round(means[$0], 4) })),
            ("share_pct", Column(doubles: shown.map { total > 0 ? (means[$0] / total * 1000).rounded() / 10 : 0 })),
        ])
        let options = PlotOptions(width: renderer.width, height: max(6, min(plotHeight, shown.count + 3)), title: "mean |contribution| (\(scale))",
                                  charset: unicode ? .unicode : .ascii, color: colorOutput)
        var prose = ["mean |contribution| per \(level) over \(NumberFormat.grouped(table.rowCount)) clients (\(scale); exact contributions"
            + (level == "feature" ? ")" : level == "column" ? ", one-hot levels summed per column)" : ", summed per source table through each feature's lineage)")]
        if names.count > shown.count { prose.append("(\(shown.count) of \(names.count); `importance shap \(names.count)\(level == "column" ? "" : " by \(level)")` shows all)") }
        guard renderer.format == .aligned else { return emit(prose, renderer.render(listing)) }
        let chart: String
        if invocation.text("chart") == "beeswarm" {
            chart = beeswarm(state, table: table, matrix: matrix, groups: shown.map { names[$0] }, labels: labels, level: level, group: group, options: options)
        } else {
            chart = BarChart(labels: labels, values: shown.map { means[$0] }).render(options).text
        }
        return emit(prose, renderer.listing(listing)) + "\n" + chart
    }

    /// The beeswarm of the shown groups over at most 2,000 clients spread evenly over the table
    /// (every client below that), coloured by each client's value of the feature or column.
    private func beeswarm(_ state: ModelState, table: Table, matrix: FeatureMatrix, groups: [String], labels: [String], level: String,
                          group: @escaping @Sendable (Explanation.Contribution) -> String, options: PlotOptions) -> String {
        let n = matrix.rowCount, sample = min(n, 2_000)
        let rows = (0..<sample).map { $0 * n / max(1, sample) }
        let points = PortfolioImportance.grouped(state.file.model, matrix, rows: rows, groups: groups, of: group)
        let featureIndex = Dictionary(matrix.features.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let swarm = Beeswarm(rows: groups.indices.map { g in
            // The colour: the model's own input for a feature, the table's number for a column.
            let values: [Double] = switch level {
            case "feature": featureIndex[groups[g]].map { f in rows.map { matrix.columns[f][$0] } } ?? []
            case "column": table[groups[g]].map { column in rows.map { column.number(at: $0) ?? .nan } } ?? []
            default: []
            }
            return Beeswarm.Row(label: labels[g], contributions: points[g], values: values)
        })
        var options = options
        options.height = max(8, min(plotHeight + 6, groups.count + 5))
        options.title = "contribution per client (\(state.spec.kind == .scorecard ? "points" : "log-odds")), \(NumberFormat.grouped(sample)) clients"
        return swarm.render(options).text
    }
}
