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
        var columns: [String] = []
        for feature in state.file.features where !columns.contains(feature.source) { columns.append(feature.source) }
        let means = PortfolioImportance.meanAbsolute(state.file.model, matrix, columns: columns)
        let order = columns.indices.sorted { means[$0] > means[$1] }
        let top = invocation.value("top").flatMap { Int($0) } ?? 20
        guard top > 0 else { throw invocation.error("show at least 1 column", at: "top") }
        let shown = Array(order.prefix(top))
        let total = means.reduce(0, +)
        let scale = state.spec.kind == .scorecard ? "points" : "log-odds"
        let listing = try! Table([
            ("column", Column(strings: shown.map { columns[$0] })),
            ("mean_abs_contribution", Column(doubles: shown.map { NumberFormat.round(means[$0], 4) })),
            ("share_pct", Column(doubles: shown.map { total > 0 ? (means[$0] / total * 1000).rounded() / 10 : 0 })),
        ])
        let options = PlotOptions(width: renderer.width, height: max(6, min(plotHeight, shown.count + 2)), title: "mean |contribution| (\(scale))",
                                  charset: unicode ? .unicode : .ascii, color: colorOutput)
        let chart = BarChart(labels: shown.map { columns[$0] }, values: shown.map { means[$0] }).render(options).text
        var prose = ["mean |contribution| per column over \(NumberFormat.grouped(table.rowCount)) clients (\(scale); exact contributions, one-hot levels summed per column)"]
        if columns.count > shown.count { prose.append("(\(shown.count) of \(columns.count) columns; `importance shap \(columns.count)` shows all)") }
        return emit(prose, renderer.listing(listing)) + (renderer.format == .aligned ? "\n" + chart : "")
    }
}
