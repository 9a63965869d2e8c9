import Explain
import Models
import Plots
import Tables

/// `dependence COLUMN`: shap's dependence plot, in the terminal.
extension Session {
    func dependence(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "dependence")
        let name = invocation.value("column") ?? ""
        let sources = state.file.features.map(\.source)
        guard sources.contains(name) else {
            throw invocation.error("the model does not use '\(name)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: name, in: Array(Set(sources)))), at: "column")
        }
        let table = try invocation.word("on") == nil ? source(state.source, offset: 0) : source(invocation, "on")
        guard let values = table[name], values.type != .category else {
            throw invocation.error("'\(name)' is text: `tab` shows its levels; the dependence plot needs numbers", at: "column")
        }
        let matrix: FeatureMatrix
        do { matrix = try state.file.features(of: table) } catch { throw invocation.error(error.message, at: "on") }
        var xs: [Double] = [], ys: [Double] = []
        // At most 5,000 clients drawn evenly: a terminal shows no more.
        let stride = max(1, table.rowCount / 5000)
        for r in Swift.stride(from: 0, to: table.rowCount, by: stride) {
            guard let x = values.number(at: r) else { continue }
            let contribution = Explanation(model: state.file.model, row: matrix.row(r)).contributions
                .filter { $0.source == name }.reduce(0) { $0 + $1.value }
            xs.append(x)
            ys.append(contribution)
        }
        guard !xs.isEmpty else { throw invocation.error("'\(name)' has no value to draw", at: "column") }
        let scale = state.spec.kind == .scorecard ? "points" : "log-odds"
        let options = PlotOptions(width: renderer.width, height: plotHeight, title: "contribution of \(name) (\(scale)) against its value, \(xs.count) clients",
                                  charset: unicode ? .unicode : .ascii, color: colorOutput)
        return ScatterPlot(x: xs, y: ys).render(options).text
    }
}
