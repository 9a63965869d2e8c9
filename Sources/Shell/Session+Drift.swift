import Explain
import Plots
import Tables

/// `drift A B`: has the population moved?
extension Session {
    func drift(_ invocation: Invocation) throws(SessionError) -> String {
        let expected = try source(invocation, "expected"), actual = try source(invocation, "actual")
        var names: [String]
        if let model {
            names = []
            for feature in model.file.features where !names.contains(feature.source) { names.append(feature.source) }
        } else {
            names = expected.names.filter { !$0.hasPrefix("SK_ID_") && $0 != "TARGET" }
        }
        names = names.filter { expected[$0] != nil && actual[$0] != nil }
        guard !names.isEmpty else { throw invocation.error("the two tables have no column in common to compare", at: "actual") }
        var results: [(name: String, bins: PopulationStability.Bins)] = names.map { ($0, PopulationStability.compare(expected: expected[$0]!, actual: actual[$0]!)) }
        if let model, let p = try? model.file.probabilities(for: expected), let q = try? model.file.probabilities(for: actual) {
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
        var lines = ["population stability of \(invocation.value("actual") ?? "") against \(invocation.value("expected") ?? ""): "
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
        return lines.joined(separator: "\n")
    }
}
