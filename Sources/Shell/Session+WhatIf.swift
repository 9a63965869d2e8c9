import Explain
import HomeCredit
import Models
import Plots
import Tables

/// `whatif <client> FIELD=value …`: the same client with some fields changed, re-scored.
extension Session {
    func whatIf(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "whatif")
        let (tableName, table, row) = try locateClient(invocation, raw: readsFeatures(state))
        let original = table.gather([row])
        guard !invocation.freeOptions.isEmpty else {
            throw invocation.error("`whatif` needs fields to change: whatif 100004 AMT_CREDIT=300000", help: "a range draws the curve: AMT_CREDIT=100000..900000")
        }
        let ranges = invocation.freeOptions.filter { $0.value.contains("..") }
        guard ranges.count <= 1 else { throw invocation.error("one field at a time can run over a range") }
        var warnings: [String] = []
        var edited = original
        for (field, value) in invocation.freeOptions where !value.contains("..") {
            edited = try set(field, value, in: edited, invocation: invocation)
            if ColumnRole.of(field, in: "application_train") != .actionable {
                warnings.append("\(field) is not a term of the request the client can change")
            }
        }
        let before = try decision(state, original, from: tableName)
        if let (field, text) = ranges.first {
            return try whatIfRange(state, field: field, text: text, base: edited, from: tableName, before: before, invocation: invocation, warnings: warnings)
        }
        let after = try decision(state, edited, from: tableName)
        var lines = ["client \(Int64(invocation.value("target") ?? "") ?? 0) (\(tableName)), "
            + invocation.freeOptions.map { "\($0.name): \(original[$0.name].map { $0.isMissing(0) ? "missing" : $0[0].description } ?? "?") \(arrow) \($0.value)" }.joined(separator: ", ")]
        let listing = try! Table([
            ("", Column(strings: ["as it is", "what if"])),
            ("pd", Column(doubles: [before.pd, after.pd].map { NumberFormat.round($0, 4) })),
            ("decision", Column(strings: [before.verdict, after.verdict])),
            ("reasons", Column(strings: [before.reasons, after.reasons])),
        ])
        lines.append(renderer.listing(listing))
        if before.verdict != after.verdict { lines.append("the decision changes: \(before.verdict) \(arrow) \(after.verdict)") }
        lines += warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// The probability, the decision and the top three reasons for a one-row table.
    private func decision(_ state: ModelState, _ client: Table, from table: String) throws(SessionError) -> (pd: Double, verdict: String, reasons: String) {
        let matrix: FeatureMatrix
        let row = try scoringRow(state, client, from: table)
        do { matrix = try state.file.features(of: row) } catch { throw SessionError(error.message) }
        let raw: Double
        do { raw = try state.file.model.probabilities(matrix)[0] } catch { throw SessionError(error.message) }
        let pd = state.file.calibration?.apply(raw) ?? raw
        let verdict = state.file.decisionThreshold.map { pd >= $0 ? "refuse" : "approve" } ?? "no threshold"
        let reasons = Explanation(model: state.file.model, row: matrix.row(0))
            .principalReasons(limit: 3, excluding: Set(ColumnRole.protectedColumns)).map(\.source).joined(separator: ", ")
        return (pd, verdict, reasons)
    }

    /// `client` with `field` set to `text` (a number for a numeric column, a label for a text
    /// one, or `missing`): what `whatif` and `counterfactual` change.
    func set(_ field: String, _ text: String, in client: Table, invocation: Invocation) throws(SessionError) -> Table {
        guard let column = client[field] else {
            throw invocation.error("no field '\(field)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: field, in: client.names)))
        }
        let replacement: Column
        if text.lowercased() == "missing" {
            replacement = column.type == .category ? Column(strings: [nil]) : Column(doubles: [nil])
        } else if column.type == .category {
            replacement = Column(strings: [text])
        } else {
            guard let x = Double(text), x.isFinite else { throw invocation.error("\(field)=\(text): \(field) takes a number") }
            replacement = column.type == .double ? Column(doubles: [x]) : (x == x.rounded() ? Column(ints: [Int64(x)]) : Column(doubles: [x]))
        }
        do { return try client.with(field, replacement) } catch { throw invocation.error(error.description) }
    }

    /// The probability of `field` over a range of values, as a line with the threshold.
    private func whatIfRange(_ state: ModelState, field: String, text: String, base: Table, from table: String, before: (pd: Double, verdict: String, reasons: String),
                             invocation: Invocation, warnings: [String]) throws(SessionError) -> String {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]), high > low else {
            throw invocation.error("\(field)=\(text): a range is low..high, as 100000..900000")
        }
        let step = try invocation.value("step").map { (value: String) throws(SessionError) -> Double in
            guard let s = Double(value), s > 0 else { throw invocation.error("step must be a positive number", at: "step") }
            return s
        } ?? (high - low) / 10
        guard (high - low) / step <= 1000 else { throw invocation.error("at most 1,000 values: take a larger step", at: "step") }
        var xs: [Double] = [], ys: [Double] = []
        var x = low
        while x <= high + step * 1e-9 {
            xs.append(x)
            ys.append(try decision(state, try set(field, String(x), in: base, invocation: invocation), from: table).pd)
            x += step
        }
        var series = [XYSeries("pd", x: xs, y: ys)]
        if let t = state.file.decisionThreshold { series.append(XYSeries("threshold", x: [low, high], y: [t, t])) }
        let options = PlotOptions(width: renderer.width, height: max(8, plotHeight / 2), title: "probability of default against \(field)",
                                  charset: unicode ? .unicode : .ascii, color: colorOutput)
        var lines = [LineChart(series: series).render(options).text]
        let listing = try! Table([(field, Column(doubles: xs)), ("pd", Column(doubles: ys.map { NumberFormat.round($0, 4) }))])
        lines.append(renderer.listing(listing))
        if let t = state.file.decisionThreshold, let first = zip(xs, ys).first(where: { ($0.1 >= t) != (before.pd >= t) }) {
            lines.append("the decision changes from \(before.verdict) at \(field) = \(NumberFormat.grouped(Int(first.0)))")
        }
        lines += warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}
