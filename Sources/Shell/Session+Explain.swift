import Explain
import Foundation
import HomeCredit
import Models
import Tables

/// `explain <client>`: the current model's decision for one client, taken apart.
extension Session {
    func explain(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "explain")
        let (tableName, table, row) = try locateClient(invocation)
        let id = Int64(invocation.value("target") ?? "") ?? 0
        let client = table.gather([row])
        let matrix: FeatureMatrix
        do { matrix = try state.file.features(of: client) } catch { throw invocation.error(error.message, at: "target") }
        let explanation = Explanation(model: state.file.model, row: matrix.row(0))
        let raw: Double
        do { raw = try state.file.model.probabilities(matrix)[0] } catch { throw SessionError(error.message) }
        let calibrated = state.file.calibration?.apply(raw)
        let pd = calibrated ?? raw

        var lines: [String] = []
        lines.append("client \(id) (\(tableName)) — \(state.file.model.kind) model on \(state.source)")
        lines.append("probability of default \(NumberFormat.fixed(raw, 4))" + (calibrated.map { " (calibrated: \(NumberFormat.fixed($0, 4)))" } ?? ""))
        if let t = state.file.decisionThreshold {
            let refuse = pd >= t
            let gap = Self.logit(pd) - Self.logit(t)
            lines.append("decision: \(refuse ? "refuse" : "approve"), \(NumberFormat.fixed(abs(pd - t), 4)) \(refuse ? "above" : "below") the threshold "
                + "\(NumberFormat.fixed(t, 4)) (\(NumberFormat.fixed(abs(gap), 2)) in log-odds)")
            lines.append("  " + state.file.thresholdDescription)
        } else {
            lines.append(state.file.thresholdDescription)
        }
        let unit = explanation.scale.rawValue
        let total = explanation.contributions.reduce(0) { $0 + $1.value }
        lines.append("\(explanation.scale == .points ? "score" : "log-odds") \(Self.signed(explanation.output, 3)) = base \(Self.signed(explanation.base, 3)) "
            + "+ contributions \(Self.signed(total, 3)) (\(unit); exact to \(String(format: "%.0e", max(explanation.additivityError, 1e-15))))")
        lines.append("  base: \(explanation.baseMeaning)")
        if calibrated != nil { lines.append("  additivity holds on the raw scale; the calibrated probability maps the total, not each part") }

        // The principal reasons, in words, never a protected attribute.
        let training = try? engine.table(named: state.source)
        // Columns that say the same thing (the _AVG, _MODE and _MEDI of one building measure,
        // whose descriptions read alike) make one reason, not three.
        var reasons: [(columns: [String], weight: Double)] = []
        for (column, weight) in explanation.principalReasons(limit: 40, excluding: Set(ColumnRole.protectedColumns)) {
            let family = reasonFamily(column)
            if let k = reasons.firstIndex(where: { reasonFamily($0.columns[0]) == family }) {
                reasons[k].columns.append(column)
                reasons[k].weight += weight
            } else if reasons.count < 4 {
                reasons.append(([column], weight))
            }
        }
        lines.append("")
        if reasons.isEmpty {
            lines.append("principal reasons: none — no column raises this client's risk above the average")
        } else {
            lines.append("principal reasons (what raises the risk most\(explanation.scale == .points ? ", in points lost against the best bin" : "")):")
            for (k, reason) in reasons.enumerated() {
                var text = reasonText(reason.columns[0], table: table, row: row, training: training?[reason.columns[0]])
                let others = reason.columns.dropFirst()
                if others.count == 1 { text += "; and \(others[others.startIndex]) alike" }
                if others.count > 1 { text += "; and \(others.count) columns of the same kind (\(others.prefix(2).joined(separator: ", ")), …)" }
                lines.append("  \(k + 1). \(text) (\(explanation.scale == .points ? "−" : "+")\(NumberFormat.fixed(reason.weight, explanation.scale == .points ? 1 : 2)) \(unit))")
            }
        }

        // One line per table column (one-hot levels summed), the largest first.
        let top = invocation.has("top") ? invocation.integer("top") : 10
        let groups = explanation.bySource()
        let shown = Array(groups.prefix(top))
        var columns: [String] = [], values: [String] = [], percentiles: [String] = [], contributions: [Double] = [], meanings: [String] = []
        // A scorecard's reason codes: the points each characteristic loses against its best bin.
        let lost: [String: Double] = explanation.scale == .points
            ? Dictionary(explanation.contributions.compactMap { c in c.best.map { (c.source, $0 - c.value) } }, uniquingKeysWith: +) : [:]
        var pointsLost: [Double?] = []
        for (source, value) in shown {
            let protected = ColumnRole.of(source, in: "application_train") == .protected
            columns.append(source + (protected ? " (protected)" : ""))
            contributions.append(NumberFormat.round(value, 4))
            let cell = table[source].map { $0.isMissing(row) ? "missing" : $0[row].description } ?? "—"
            values.append(cell)
            percentiles.append(Self.standing(of: table[source], row: row, among: training?[source]))
            meanings.append(meaning(of: source) ?? "")
            pointsLost.append(lost[source].map { NumberFormat.round($0, 2) })
        }
        if groups.count > shown.count {
            let rest = groups.dropFirst(shown.count).reduce(0) { $0 + $1.value }
            columns.append("\(groups.count - shown.count) other columns")
            contributions.append(NumberFormat.round(rest, 4))
            values.append(""); percentiles.append(""); meanings.append(""); pointsLost.append(nil)
        }
        // The meaning sits in the middle: on a narrow screen it is the column left out.
        var listing = try! Table([
            ("contribution", Column(doubles: contributions)),
            ("column", Column(strings: columns)),
            ("meaning", Column(strings: meanings)),
            ("client_value", Column(strings: values)),
            ("standing", Column(strings: percentiles)),
        ])
        if explanation.scale == .points { listing = try! listing.with("points_lost", Column(doubles: pointsLost)) }
        let direction = explanation.scale == .points ? "points: + makes the score safer" : "log-odds: + raises the risk of default"
        lines.append("")
        lines.append("the largest contributions (\(direction)), by column:")
        var renderer = self.renderer
        renderer.maxRows = 0
        renderer.maxCellWidth = 32
        lines.append(renderer.listing(listing))
        // Every Home Credit feature of an application-only model comes from the application.
        lines.append("by source table: application \(Self.signed(total, 3)) (every feature of this model is a column of \(state.source))")
        let protectedShare = groups.filter { ColumnRole.of($0.source, in: "application_train") == .protected }
        if !protectedShare.isEmpty {
            let sum = protectedShare.reduce(0) { $0 + $1.value }
            lines.append("protected attributes (\(protectedShare.map(\.source).joined(separator: ", "))) carry \(Self.signed(sum, 3)) \(unit) of this decision: "
                + "never given as reasons; `fit … exclude \(protectedShare.map(\.source).joined(separator: ","))` refits without them")
        }
        return lines.joined(separator: "\n")
    }

    /// The client named by the invocation's `target`, in its `in` table or else in
    /// application_test, then application_train.
    func locateClient(_ invocation: Invocation, raw: Bool = false) throws(SessionError) -> (name: String, table: Table, row: Int) {
        let id = Int64(invocation.value("target") ?? "") ?? 0
        // A model fitted on another table (`features`) reads its clients there first, unless
        // the application as the client gave it is wanted (what-if edits the raw fields).
        let own = raw ? nil : model.map(\.source).flatMap { ["application_test", "application_train"].contains($0) ? nil : $0 }
        let tables = invocation.value("in").map { [$0] } ?? ((own.map { [$0] } ?? []) + ["application_test", "application_train"])
        for name in tables {
            let table: Table
            do { table = try engine.table(named: name) } catch { throw invocation.error(error.message, at: "in") }
            if let row = table["SK_ID_CURR"]?.rows(where: { $0 == id }).first { return (name, table, row) }
        }
        throw invocation.error("no client \(id) in \(tables.joined(separator: " or "))", at: "target")
    }

    /// `explain <table> [as name]`: every client's probability, decision and three principal
    /// reasons (columns and weights), kept as a table for audit and export.
    func explainTable(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "explain")
        let table = try source(invocation, "target")
        let matrix: FeatureMatrix
        do { matrix = try state.file.features(of: table) } catch { throw invocation.error(error.message, at: "target") }
        let detail = invocation.text("detail")
        if detail != "reasons" { return try explainMatrix(invocation, table: table, matrix: matrix, contributions: detail == "contributions", state: state) }
        let raw: [Double]
        do { raw = try state.file.model.probabilities(matrix) } catch { throw SessionError(error.message) }
        let pd = state.file.calibration.map { $0.apply(raw) } ?? raw
        let reasons = PortfolioImportance.reasons(state.file.model, matrix, limit: 3, excluding: Set(ColumnRole.protectedColumns))
        var columns: [(String, Column)] = []
        if let ids = table["SK_ID_CURR"] { columns.append(("SK_ID_CURR", ids)) }
        columns.append(("pd", Column(doubles: pd)))
        if let t = state.file.decisionThreshold { columns.append(("decision", Column(strings: pd.map { $0 >= t ? "refuse" : "approve" }))) }
        for k in 0..<3 {
            columns.append(("reason_\(k + 1)", Column(strings: reasons.map { $0.count > k ? $0[k].source : nil })))
            columns.append(("weight_\(k + 1)", Column(doubles: reasons.map { $0.count > k ? $0[k].weight : nil })))
        }
        let result = try! Table(columns)
        let name = invocation.value("as") ?? "reasons"
        do { try engine.bind(name, result) } catch { throw invocation.error(error.message, at: "as") }
        let scale = state.spec.kind == .scorecard ? "points lost against the best bin" : "log-odds added"
        // On screen the reasons themselves; the weights are in the table (`from NAME`).
        let shown = (try? result.selecting(result.names.filter { !$0.hasPrefix("weight_") })) ?? result
        return emit(["\(name): the principal reasons of \(NumberFormat.grouped(result.rowCount)) clients, with their weights (\(scale)) in weight_1…3 (`from \(name)`); protected attributes are never a reason"],
                    renderer.format == .aligned ? renderer.preview(shown, rows: 10) : renderer.render(result))
    }

    /// `explain TABLE detail=contributions|inputs`: every client's exact contribution per model
    /// term with the base value last (each row sums to the raw score), or the encoded values
    /// the model reads (one-hot levels, missing as missing), for audit and for other tools.
    private func explainMatrix(_ invocation: Invocation, table: Table, matrix: FeatureMatrix, contributions: Bool,
                               state: ModelState) throws(SessionError) -> String {
        var columns: [(String, Column)] = []
        if let ids = table["SK_ID_CURR"] { columns.append(("SK_ID_CURR", ids)) }
        if contributions {
            let (names, values) = PortfolioImportance.contributionColumns(state.file.model, matrix)
            for (name, column) in zip(names, values) { columns.append((name, Column(doubles: column))) }
        } else {
            for (feature, column) in zip(matrix.features, matrix.columns) { columns.append((feature.name, Column(doubles: column.map { $0.isNaN ? nil : $0 }))) }
        }
        let result: Table
        do { result = try Table(columns) } catch { throw invocation.error("\(error)", at: "target") }
        let name = invocation.value("as") ?? (contributions ? "contributions" : "inputs")
        do { try engine.bind(name, result) } catch { throw invocation.error(error.message, at: "as") }
        let scale = state.spec.kind == .scorecard ? "points" : "log-odds"
        let what = contributions
            ? "every term's exact contribution (\(scale)) and the base value; each row sums to the model's raw output"
            : "the \(matrix.featureCount) encoded values the model reads (one-hot levels as 0/1)"
        return emit(["\(name): \(NumberFormat.grouped(result.rowCount)) clients × \(result.columnCount) columns, \(what) (`from \(name)`)"],
                    renderer.format == .aligned ? renderer.preview(result, rows: 5) : renderer.render(result))
    }

    /// One reason in words, from the dictionary's description and where the client's value
    /// stands: "Normalized score from external data source (EXT_SOURCE_3) is 0.156, lower than
    /// 91% of clients".
    func reasonText(_ column: String, table: Table, row: Int, training: Column?) -> String {
        let subject = shortMeaning(of: column).map { "\($0) (\(column))" } ?? column
        guard let values = table[column] else { return subject }
        if values.isMissing(row) {
            let share = training.map { Double($0.missingCount) / Double(max(1, $0.count)) }
            return "\(subject) is not known" + (share.map { " (unknown for \(Int(($0 * 100).rounded()))% of clients)" } ?? "")
        }
        if let x = values.number(at: row) {
            var text = "\(subject) is \(Self.plain(x))"
            if let training, let share = Self.share(Self.numbers(training), below: x, strictly: true) {
                text += share >= 0.5 ? ", higher than \(Int((share * 100).rounded()))% of clients" : ", lower than \(Int(((1 - share) * 100).rounded()))% of clients"
            }
            return text
        }
        let level = values[row].description
        let standing = Self.standing(of: values, row: row, among: training)
        return "\(subject) is \(level)" + (standing.isEmpty ? "" : " (\(standing.replacingOccurrences(of: "of clients", with: "of clients share it")))")
    }

    /// The dictionary's description as the start of a sentence: its first clause (the
    /// building measures' descriptions run on for three lines), without a final full stop.
    private static func sentence(_ text: String) -> String {
        var t = text
        if t.count > 70 {
            // The first comma outside parentheses ends the first clause.
            var depth = 0
            for index in t.indices {
                switch t[index] {
                case "(": depth += 1
                case ")": depth -= 1
                case "," where depth == 0: t = String(t[..<index])
                default: continue
                }
                if t.endIndex == index || t.count < text.count { break }
            }
        }
        while t.hasSuffix(".") { t.removeLast() }
        return t.prefix(1).uppercased() + t.dropFirst()
    }

    /// What a reason is about: the short meaning when the dictionary has one (columns that
    /// share it say the same thing), else the column itself.
    func reasonFamily(_ column: String) -> String {
        shortMeaning(of: column) ?? column
    }

    /// What a column means: a built feature's sentence (from its lineage), else the official
    /// dictionary's description.
    func meaning(of column: String) -> String? {
        if let set = featureSet, set.lineage[column] != nil, let m = metadata(set, column) { return m.english }
        return dictionary?.entry(column: column)?.description.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The meaning as the subject of a sentence: a feature's whole sentence, or the first clause
    /// of the dictionary's description.
    func shortMeaning(of column: String) -> String? {
        if let set = featureSet, set.lineage[column] != nil, let m = metadata(set, column) { return m.english }
        return dictionary?.entry(column: column).map { Self.sentence($0.description) }
    }

    /// A number as people write it: whole numbers without decimals, others to 3 significant digits.
    private static func plain(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return NumberFormat.grouped(Int(x)) }
        return String(NumberFormat.round(x, significant: 3))
    }

    private static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-12), 1 - 1e-12)
        return log(q / (1 - q))
    }

    private static func signed(_ x: Double, _ decimals: Int) -> String {
        (x >= 0 ? "+" : "−") + NumberFormat.fixed(abs(x), decimals)
    }

    /// Where the client's value stands among the training clients: a percentile for numbers,
    /// the share of clients with the same level for categories.
    static func standing(of column: Column?, row: Int, among training: Column?) -> String {
        guard let column, let training, !column.isMissing(row) else { return "" }
        if let x = column.number(at: row) {
            return share(numbers(training), below: x).map { "percentile \(Int(($0 * 100).rounded()))" } ?? ""
        }
        let level = column[row].description
        var same = 0, present = 0
        for i in 0..<training.count where !training.isMissing(i) {
            present += 1
            if training[i].description == level { same += 1 }
        }
        guard present > 0 else { return "" }
        return "\(Int((Double(same) / Double(present) * 100).rounded()))% of clients"
    }

    /// The share of `values` at or below `x` (strictly below when `strictly`); nil for none.
    static func share(_ values: [Double], below x: Double, strictly: Bool = false) -> Double? {
        guard !values.isEmpty else { return nil }
        return Double(values.filter { strictly ? $0 < x : $0 <= x }.count) / Double(values.count)
    }

    /// A column's present numbers.
    static func numbers(_ column: Column) -> [Double] {
        (0..<column.count).compactMap { column.number(at: $0) }
    }
}
