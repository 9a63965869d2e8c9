import Foundation
import Explain
import Plots
import Tables

/// `drift A B`: has the population moved?
extension Session {
    func drift(_ invocation: Invocation) throws(SessionError) -> String {
        let (expected, actual) = try driftWindows(invocation)
        var names: [String]
        if let model {
            names = []
            for feature in model.file.features where !names.contains(feature.source) { names.append(feature.source) }
        } else {
            names = expected.names.filter { !$0.hasPrefix("SK_ID_") && $0 != "TARGET" }
        }
        names = names.filter { expected[$0] != nil && actual[$0] != nil }
        guard !names.isEmpty else { throw invocation.error("the two tables have no column in common to compare", at: "actual") }
        // Columns are independent: both cores.
        let bins = Parallel.map(names.count) { [names] k in PopulationStability.compare(expected: expected[names[k]]!, actual: actual[names[k]]!) }
        var results: [(name: String, bins: PopulationStability.Bins)] = Array(zip(names, bins))
        if let model, let p = try? preparedScores.probabilities(model.file, for: expected), let q = try? preparedScores.probabilities(model.file, for: actual) {
            results.append(("score (model pd)", PopulationStability.compare(expected: Column(doubles: p), actual: Column(doubles: q))))
        }
        results.sort { $0.bins.index > $1.bins.index }
        let top = invocation.has("top") ? invocation.integer("top") : 15
        let shown = Array(results.prefix(top))
        let listing = try! Table([
            ("column", Column(strings: shown.map(\.name))),
            ("psi", Column(doubles: shown.map { NumberFormat.round($0.bins.index, 4) })),
            ("reading", Column(strings: shown.map { PopulationStability.band($0.bins.index) })),
        ])
        let names2 = windowNames(invocation)
        var lines = ["population stability of \(names2.actual) against \(names2.expected): "
            + "\(results.count) columns, worst first (bins: the expected table's deciles or levels, missing apart)"]
        lines.append(renderer.listing(listing))
        let moderate = results.filter { $0.bins.index > 0.10 }.count, significant = results.filter { $0.bins.index > 0.25 }.count
        lines.append(significant > 0 ? "warning: \(significant) column\(significant == 1 ? "" : "s") shifted significantly (PSI > 0.25)"
                     : moderate > 0 ? "\(moderate) column\(moderate == 1 ? "" : "s") shifted moderately (0.10 < PSI ≤ 0.25); none significantly" : "every column is stable (PSI < 0.10)")
        if let worst = results.first {
            // The worst column's bins side by side.
            let shares = try! Table([
                ("bin", Column(strings: worst.bins.labels)),
                ("expected_pct", Column(doubles: worst.bins.expected.map { NumberFormat.round($0 * 100, 1) })),
                ("actual_pct", Column(doubles: worst.bins.actual.map { NumberFormat.round($0 * 100, 1) })),
            ])
            lines.append("")
            lines.append("the worst, \(worst.name), bin by bin:")
            lines.append(renderer.listing(shares))
        }
        // The two worst numeric columns' distributions side by side, each as shares of its table.
        if renderer.format == .aligned {
            let numeric = results.filter { expected[$0.name].map { $0.type != .category } ?? false && $0.bins.index > 0.10 }.prefix(2)
            for worst in numeric {
                let a = expected[worst.name]!, b = actual[worst.name]!
                let groups = [Series(names2.expected, (0..<a.count).compactMap { a.number(at: $0) }),
                              Series(names2.actual, (0..<b.count).compactMap { b.number(at: $0) })]
                let options = PlotOptions(width: renderer.width, height: max(8, min(plotHeight, 14)), title: "\(worst.name): PSI \(NumberFormat.fixed(worst.bins.index, 3))",
                                          charset: unicode ? .unicode : .ascii, color: colorOutput)
                lines.append(Histogram(groups: groups, bins: .count(20), normalized: true).render(options).text)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The two populations: two tables (each restricted by an `if` condition when there is
    /// one), or two windows of one table, `drift TABLE if A vs B`.
    private func driftWindows(_ invocation: Invocation) throws(SessionError) -> (Table, Table) {
        guard let (condition, at) = rowFilter, let split = Self.versus(condition) else {
            guard invocation.word("actual") != nil else {
                throw invocation.error("drift compares two tables, or two windows of one: `drift application_train if DAYS_BIRTH > -12000 vs DAYS_BIRTH <= -12000`",
                                       at: "expected")
            }
            return (try source(invocation, "expected"), try source(invocation, "actual"))
        }
        guard invocation.word("actual") == nil else {
            throw invocation.error("two windows (`if A vs B`) are of one table: leave out the second table", at: "actual")
        }
        rowFilter = nil
        defer { rowFilter = (condition, at) }
        let table = try source(invocation, "expected")
        var windows: [Table] = []
        for (part, offset) in [(split.before, 0), (split.after, split.afterOffset)] {
            rowFilter = (part, at + offset)
            windows.append(try source(table: table, restrictedBy: part, at: at + offset))
        }
        return (windows[0], windows[1])
    }

    private func source(table: Table, restrictedBy condition: String, at offset: Int) throws(SessionError) -> Table {
        let rows: Table
        do { rows = try engine.rows(of: table, where: condition) } catch {
            throw SessionError(error.message, column: offset + 1 + (error.span?.start ?? 0), length: error.span.map { $0.end - $0.start } ?? condition.count, help: error.help)
        }
        guard rows.rowCount > 0 else { throw SessionError("no row satisfies `\(condition)`: the window is empty", column: offset + 1, length: condition.count) }
        return rows
    }

    /// What the two populations are called in the output.
    private func windowNames(_ invocation: Invocation) -> (expected: String, actual: String) {
        let table = invocation.value("expected") ?? ""
        if invocation.word("actual") == nil, let (condition, _) = rowFilter ?? nil, let split = Self.versus(condition) {
            return ("\(table) if \(split.before)", "\(table) if \(split.after)")
        }
        return (table, invocation.value("actual") ?? "")
    }

    /// `A vs B`: the two conditions, split at the first ` vs ` outside quotes, with where the
    /// second starts in the text.
    static func versus(_ condition: String) -> (before: String, after: String, afterOffset: Int)? {
        let chars = Array(condition)
        var quote: Character?
        var i = 0
        while i + 4 <= chars.count {
            let c = chars[i]
            if let q = quote { if c == q { quote = nil } } else if c == "'" || c == "\"" { quote = c } else if String(chars[i..<(i + 4)]) == " vs " {
                let before = String(chars[..<i]).trimmingCharacters(in: .whitespaces)
                var start = i + 4
                while start < chars.count && chars[start] == " " { start += 1 }
                let after = String(chars[start...]).trimmingCharacters(in: .whitespaces)
                return before.isEmpty || after.isEmpty ? nil : (before, after, start)
            }
            i += 1
        }
        return nil
    }
}
