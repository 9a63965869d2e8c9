import HomeCredit
import Models
import Tables

/// `counterfactual <client>`: what the client could ask for instead to be approved.
extension Session {
    func counterfactual(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "counterfactual")
        guard let threshold = state.file.decisionThreshold else {
            throw invocation.error("a counterfactual needs a decision threshold: `threshold cost fn=10 fp=1` sets one")
        }
        let (tableName, table, row) = try locateClient(invocation, raw: readsFeatures(state))
        let client = table.gather([row])
        let id = Int64(invocation.value("target") ?? "") ?? 0
        let before = try probability(state, client, from: tableName)
        let w = wording(invocation)
        var lines = ["client \(id) (\(tableName))" + w.colon + " " + w.pick("probability of default ", "probabilité de défaut ") + w.fixed(before, 4)
            + w.pick(", threshold ", ", seuil ") + w.fixed(threshold, 4)]
        guard before >= threshold else {
            lines.append(w.pick("already approved: nothing needs to change", "déjà accordé : rien n'a besoin de changer"))
            return lines.joined(separator: "\n")
        }
        let used = rawFieldsUsed(state)
        let actionable = ColumnRole.actionableColumns.filter { used.contains($0) && client[$0] != nil }
        guard !actionable.isEmpty else {
            lines.append(w.pick("none of the fields a client can change (\(ColumnRole.actionableColumns.joined(separator: ", "))) is used by this model: no counterfactual exists",
                                "aucun des champs qu'un client peut changer (\(ColumnRole.actionableColumns.joined(separator: ", "))) n'est utilisé par ce modèle : pas de contrefactuel"))
            return lines.joined(separator: "\n")
        }
        let training = readsFeatures(state) ? catalog["application_train"] : try? engine.table(named: state.source)
        let income = client["AMT_INCOME_TOTAL"]?.number(at: 0)

        // Candidate requests, each a set of field values, in order of how small the change is.
        struct Option { var changes: [(String, String)]; var size: Double; var pd: Double }
        var found: [Option] = []
        var closest: Option?
        func consider(_ changes: [(String, String)], size: Double) throws(SessionError) {
            var edited = client
            for (field, value) in changes { edited = try set(field, value, in: edited, invocation: invocation) }
            let pd = try probability(state, edited, from: tableName)
            let option = Option(changes: changes, size: size, pd: pd)
            if pd < threshold { found.append(option) } else if pd < (closest?.pd ?? before) { closest = option }
        }
        let factors = stride(from: 0.95, through: 0.10, by: -0.05).map { $0 } + stride(from: 1.05, through: 2.0, by: 0.05).map { $0 }
        for field in actionable {
            guard let column = client[field] else { continue }
            if column.type == .category {
                let current = column.isMissing(0) ? "" : column[0].description
                for level in (training?[field]?.levels ?? []) where level != current { try consider([(field, level)], size: 1) }
                continue
            }
            guard let value = column.number(at: 0), value > 0 else { continue }
            let (low, high) = Self.bounds(training?[field])
            for factor in factors.sorted(by: { abs($0 - 1) < abs($1 - 1) }) {
                let proposed = (value * factor).rounded()
                guard proposed >= low, proposed <= high else { continue }
                if field == "AMT_ANNUITY", let income, proposed > income { continue }
                try consider([(field, String(proposed))], size: abs(factor - 1))
                if found.contains(where: { $0.changes.map(\.0) == [field] }) { break }
            }
        }
        // Asking for less over the same term: the amounts reduced together (amount and
        // annuity; and the goods price with them, a cheaper purchase).
        for group in [["AMT_CREDIT", "AMT_ANNUITY"], ["AMT_CREDIT", "AMT_ANNUITY", "AMT_GOODS_PRICE"]] {
            let fields = group.filter { actionable.contains($0) }
            guard fields.count >= 2 else { continue }
            let values = fields.compactMap { client[$0]?.number(at: 0) }
            guard values.count == fields.count else { continue }
            for factor in stride(from: 0.95, through: 0.10, by: -0.05) {
                let changes = zip(fields, values).map { ($0.0, String(($0.1 * factor).rounded())) }
                try consider(changes, size: 1 - factor)
                if found.contains(where: { Set($0.changes.map(\.0)) == Set(fields) }) { break }
            }
        }
        // Up to three options, each changing different fields, the smallest changes first.
        var options: [Option] = []
        for option in found.sorted(by: { $0.size < $1.size }) where !options.contains(where: { Set($0.changes.map(\.0)) == Set(option.changes.map(\.0)) }) {
            options.append(option)
            if options.count == 3 { break }
        }
        if options.isEmpty {
            lines.append(w.pick("no change within the bounds turns the refusal into an approval (amounts between the training clients' 1st and 99th percentiles, annuity under the income)",
                                "aucun changement dans les bornes ne transforme le refus en accord (montants entre le 1er et le 99e centile des clients d'entraînement, annuité inférieure au revenu)"))
            if let closest {
                lines.append(w.pick("closest: ", "le plus proche : ") + describe(closest.changes, client, w) + w.pick(" gives ", " donne ") + w.fixed(closest.pd, 4)
                    + " (" + w.pick("threshold ", "seuil ") + w.fixed(threshold, 4) + ")")
            }
            return lines.joined(separator: "\n")
        }
        lines.append(w.pick("options that turn the refusal into an approval, each re-scored:", "options qui transforment le refus en accord, chacune recalculée :"))
        for (k, option) in options.enumerated() {
            lines.append("  \(k + 1). " + describe(option.changes, client, w) + w.colon + " " + w.pick("probability ", "probabilité ") + w.fixed(option.pd, 4) + " < "
                + w.fixed(threshold, 4) + " \(arrow) " + w.pick("approve", "accord"))
        }
        return lines.joined(separator: "\n")
    }

    private func describe(_ changes: [(String, String)], _ client: Table, _ w: Wording) -> String {
        changes.map { field, value in
            let old = client[field].map { $0.isMissing(0) ? w.pick("missing", "manquant") : Self.readable($0[0], w) } ?? "?"
            return "\(field) \(old) \(arrow) \(Double(value).map(w.amount) ?? value)"
        }.joined(separator: w.pick(" and ", " et "))
    }

    private static func readable(_ value: Value, _ w: Wording) -> String {
        if case .double(let x) = value { return w.amount(x) }
        if case .int(let x) = value { return w.grouped(Int(x)) }
        return value.description
    }

    /// The 1st and 99th percentiles of a training column: the amounts clients ask for.
    private static func bounds(_ column: Column?) -> (Double, Double) {
        guard let column else { return (0, .infinity) }
        let values = Self.numbers(column).sorted()
        guard !values.isEmpty else { return (0, .infinity) }
        return (values[values.count / 100], values[min(values.count - 1, values.count * 99 / 100)])
    }

    private func probability(_ state: ModelState, _ client: Table, from table: String) throws(SessionError) -> Double {
        let row = try scoringRow(state, client, from: table)
        do { return try state.file.probabilities(for: row)[0] } catch { throw SessionError(error.message) }
    }
}
