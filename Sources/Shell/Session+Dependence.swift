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
        // At most 5,000 clients drawn evenly: a terminal shows no more.
        let step = max(1, table.rowCount / 5000)
        let rows = Array(Swift.stride(from: 0, to: table.rowCount, by: step)).filter { !values.isMissing($0) }
        let ys = PortfolioImportance.grouped(state.file.model, matrix, rows: rows, groups: [name], of: \.source).first ?? []
        let xs = rows.map { values.number(at: $0) ?? .nan }
        // `by COLUMN`: each point coloured by a second column's value (in colour terminals).
        var colour: (name: String, values: [Double])?
        if let by = invocation.value("by") {
            guard let second = table[by] else {
                throw invocation.error("no column '\(by)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: by, in: table.names)), at: "by")
            }
            let codes: [Double] = second.type == .category
                ? rows.map { r in second.isMissing(r) ? .nan : Double(second.levels.firstIndex(of: second[r].description) ?? 0) }
                : rows.map { second.number(at: $0) ?? .nan }
            colour = (by, codes)
        }
        guard !xs.isEmpty else { throw invocation.error("'\(name)' has no value to draw", at: "column") }
        let scale = state.spec.kind == .scorecard ? "points" : "log-odds"
        let options = PlotOptions(width: renderer.width, height: plotHeight, title: "contribution of \(name) (\(scale)) against its value, \(xs.count) clients",
                                  charset: unicode ? .unicode : .ascii, color: colorOutput)
        let note = colour != nil && !colorOutput ? "\n(`by \(colour!.name)` colours the points in a colour terminal: `.color on`)" : ""
        return ScatterPlot(x: xs, y: ys, colorBy: colour).render(options).text + note
    }
}
