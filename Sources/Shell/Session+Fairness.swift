import Foundation
import Models
import Tables

/// `fairness by GROUP`: how the current model's decisions fall on groups of clients.
extension Session {
    func fairness(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "fairness")
        guard let name = invocation.value("by") else { throw invocation.error("`fairness` needs a group column: fairness by CODE_GENDER") }
        let table = try trainingTable(state)
        let (p, kind, labels) = try judged(state, table)
        // A model on recipe features (`CODE_GENDER_F`…) is judged by the client's application field.
        guard let column = table[name] ?? applicationColumn(name, for: table) else {
            throw invocation.error("no column '\(name)' in \(state.source)" + NameSuggester.didYouMean(NameSuggester.nearest(to: name, in: table.names)), at: "by")
        }
        let threshold = state.file.decisionThreshold
        let groups = Self.groups(of: column, name: name)
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (i, g) in groups.enumerated() {
            if members[g] == nil { order.append(g) }
            members[g, default: []].append(i)
        }
        order.sort { Self.bandOrder($0) < Self.bandOrder($1) || (Self.bandOrder($0) == Self.bandOrder($1) && $0 < $1) }

        struct Row { var group: String; var n: Int; var defaultRate: Double; var approval: Double?; var approvedGood: Double?; var approvedBad: Double?; var auc: Double? }
        var rows: [Row] = []
        for g in order {
            let idx = members[g]!
            let y = idx.map { labels[$0] }, q = idx.map { p[$0] }
            let bad = y.filter { $0 }.count, good = y.count - bad
            var row = Row(group: g, n: idx.count, defaultRate: Double(bad) / Double(max(1, y.count)), approval: nil, approvedGood: nil, approvedBad: nil,
                          auc: Metrics.rocAUC(labels: y, scores: q))
            if let t = threshold {
                let approved = zip(q, y).filter { $0.0 < t }
                row.approval = Double(approved.count) / Double(max(1, y.count))
                row.approvedGood = good > 0 ? Double(approved.filter { !$0.1 }.count) / Double(good) : nil
                row.approvedBad = bad > 0 ? Double(approved.filter { $0.1 }.count) / Double(bad) : nil
            }
            rows.append(row)
        }
        func r(_ x: Double?) -> Double? { x.map { NumberFormat.round($0, 4) } }
        var columns: [(String, Column)] = [
            (name, Column(strings: rows.map(\.group))),
            ("clients", Column(ints: rows.map { Int64($0.n) })),
            ("default_rate", Column(doubles: rows.map { r($0.defaultRate) })),
        ]
        var lines = ["\(state.spec.kind.rawValue) decisions by \(name), on \(kind)"]
        if threshold != nil {
            let best = rows.compactMap(\.approval).max() ?? 0
            columns += [
                ("approval", Column(doubles: rows.map { r($0.approval) })),
                ("impact", Column(doubles: rows.map { row in row.approval.map { best > 0 ? NumberFormat.round($0 / best, 3) : 0 } })),
                ("approved_good", Column(doubles: rows.map { r($0.approvedGood) })),
                ("approved_bad", Column(doubles: rows.map { r($0.approvedBad) })),
            ]
        }
        columns.append(("auc", Column(doubles: rows.map { r($0.auc) })))
        lines.append(renderer.listing(try! Table(columns)))
        guard let t = threshold else {
            lines.append("no threshold yet: approval rates and the fairness rules need one (`threshold cost fn=10 fp=1`)")
            return lines.joined(separator: "\n")
        }
        _ = t
        lines.append(state.file.thresholdDescription + "; approval = share approved, impact = approval over the highest group's, approved_good/bad = approval among clients who repaid/defaulted")
        let big = rows.filter { $0.n >= 30 }
        let best = big.compactMap(\.approval).max() ?? 0
        for row in big {
            if let a = row.approval, best > 0, a / best < 0.8 {
                lines.append("warning: four-fifths rule breached: \(name) = \(row.group) is approved at \(NumberFormat.fixed(a * 100, 1))%, "
                    + "\(NumberFormat.fixed(a / best, 2)) of the highest group's rate")
            }
        }
        let good = big.compactMap(\.approvedGood), bad = big.compactMap(\.approvedBad)
        if let gMax = good.max(), let gMin = good.min() {
            let opportunity = gMax - gMin
            let odds = max(opportunity, (bad.max() ?? 0) - (bad.min() ?? 0))
            lines.append("equal-opportunity gap (approval among clients who repaid): \(NumberFormat.fixed(opportunity, 3)); "
                + "equalised-odds gap (the larger of that and the gap among defaulters): \(NumberFormat.fixed(odds, 3))")
            if opportunity > 0.1 { lines.append("warning: clients who repaid are approved at rates \(NumberFormat.fixed(opportunity * 100, 1)) points apart across groups") }
        }
        if big.count < rows.count { lines.append("(groups under 30 clients are listed but left out of the rules)") }
        return lines.joined(separator: "\n")
    }

    /// The predictions fairness is judged on, what they are, and the outcomes: the model's own
    /// (out-of-fold after `cv`); for a model loaded from a file, its scores of the labelled
    /// clients of its source table, which may include the clients it was trained on.
    private func judged(_ state: ModelState, _ table: Table) throws(SessionError) -> (probabilities: [Double], kind: String, labels: [Bool]) {
        if !state.labels.isEmpty {
            let (p, kind) = state.evaluated
            return (p, kind + " predictions", state.labels)
        }
        guard let target = table[state.spec.target], table.rowCount > 0 else { throw Self.withoutTrainingData("fairness", state) }
        let p = populationProbabilities(state, table)
        guard p.count == table.rowCount else { throw Self.withoutTrainingData("fairness", state) }
        let labels = (0..<target.count).map { target.number(at: $0) == 1 }
        return (p, "the loaded model's scores of the labelled clients of \(state.source) (its own training clients among them, if it was trained on them)", labels)
    }

    /// Each row's group: the label of a text column, age bands for DAYS_BIRTH, 0/1/2/3+ for a
    /// count, the value for few distinct numbers, else quintile bands.
    static func groups(of column: Column, name: String) -> [String] {
        let n = column.count
        if column.type == .category || column.type == .bool {
            return (0..<n).map { column.isMissing($0) ? "missing" : column[$0].description }
        }
        let values = (0..<n).map { column.number(at: $0) }
        if name == "DAYS_BIRTH" {
            return values.map { days in
                guard let days else { return "missing" }
                let age = -days / 365.25
                return age < 25 ? "age <25" : age < 35 ? "age 25-34" : age < 45 ? "age 35-44" : age < 55 ? "age 45-54" : "age 55+"
            }
        }
        let distinct = Set(values.compactMap { $0 })
        if name.hasPrefix("CNT_") {
            return values.map { v in v.map { $0 >= 3 ? "3+" : String(Int($0)) } ?? "missing" }
        }
        if distinct.count <= 8 {
            return values.map { v in v.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "missing" }
        }
        let sorted = values.compactMap { $0 }.sorted()
        let cuts = (1..<5).map { sorted[min(sorted.count - 1, $0 * sorted.count / 5)] }
        return values.map { v in
            guard let v else { return "missing" }
            let k = cuts.filter { v >= $0 }.count
            return "q\(k + 1)"
        }
    }

    /// Sorts age bands and counts in their natural order.
    private static func bandOrder(_ label: String) -> Int {
        ["age <25", "age 25-34", "age 35-44", "age 45-54", "age 55+", "0", "1", "2", "3+"].firstIndex(of: label) ?? 100
    }

    /// A column of the clients' applications (train, then test), row by row of `table` through
    /// SK_ID_CURR; nil when either side lacks it.
    func applicationColumn(_ name: String, for table: Table) -> Column? {
        guard let ids = table["SK_ID_CURR"]?.int64Values else { return nil }
        let parts = ["application_train", "application_test"].compactMap { catalog[$0] }.filter { $0[name] != nil && $0["SK_ID_CURR"] != nil }
        guard !parts.isEmpty, let applications = try? Table.concatenate(parts.map { try! $0.selecting(["SK_ID_CURR", name]) }),
              let keys = applications["SK_ID_CURR"]?.int64Values, let values = applications[name] else { return nil }
        var row: [Int64: Int] = [:]
        for (i, k) in keys.enumerated() where row[k] == nil { row[k] = i }
        let found = ids.map { row[$0] }
        guard found.allSatisfy({ $0 != nil }) else { return nil }
        return values.gather(found.map { $0! })
    }
}
