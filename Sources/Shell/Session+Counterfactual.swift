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
        var lines = ["client \(id) (\(tableName)): probability of default \(NumberFormat.fixed(before, 4)), threshold \(NumberFormat.fixed(threshold, 4))"]
        guard before >= threshold else {
            lines.append("already approved: nothing needs to change")
            return lines.joined(separator: "\n")
        }
        let used = rawFieldsUsed(state)
        let actionable = ColumnRole.actionableColumns.filter { used.contains($0) && client[$0] != nil }
        guard !actionable.isEmpty else {
            lines.append("none of the fields a client can change (\(ColumnRole.actionableColumns.joined(separator: ", "))) is used by this model: no counterfactual exists")
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
            lines.append("no change within the bounds turns the refusal into an approval (amounts between the training clients' 1st and 99th percentiles, annuity under the income)")
            if let closest {
                lines.append("closest: " + describe(closest.changes, client) + " gives \(NumberFormat.fixed(closest.pd, 4)) (threshold \(NumberFormat.fixed(threshold, 4)))")
            }
            return lines.joined(separator: "\n")
        }
        lines.append("options that turn the refusal into an approval, each re-scored:")
        for (k, option) in options.enumerated() {
            lines.append("  \(k + 1). " + describe(option.changes, client) + ": probability \(NumberFormat.fixed(option.pd, 4)) < \(NumberFormat.fixed(threshold, 4)) → approve")
        }
        return lines.joined(separator: "\n")
    }

    private func describe(_ changes: [(String, String)], _ client: Table) -> String {
        changes.map { field, value in
            let old = client[field].map { $0.isMissing(0) ? "missing" : Self.readable($0[0]) } ?? "?"
            return "\(field) \(old) → \(Double(value).map { NumberFormat.grouped(Int($0)) } ?? value)"
        }.joined(separator: " and ")
    }

    private static func readable(_ value: Value) -> String {
        if case .double(let x) = value, x == x.rounded(), abs(x) < 1e15 { return NumberFormat.grouped(Int(x)) }
        if case .int(let x) = value { return NumberFormat.grouped(Int(x)) }
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
