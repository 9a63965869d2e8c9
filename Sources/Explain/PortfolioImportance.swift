import Dispatch
import Models

/// Explanations over a whole portfolio: mean |contribution| per feature, column or table
/// (shap's "mean |SHAP value|"), every client's principal reasons, every client's
/// contributions as a matrix. Exact for every client, on both cores.
///
/// A model's terms are the same for every client, so each is resolved to its group once; per
/// client only numbers move (`Explainer.values`), never names. Pieces of rows are added in
/// order, so the figures are the same on one thread or two.
public enum PortfolioImportance {
    /// Mean |contribution| per source column (in `columns` order), on the model's own scale.
    public static func meanAbsolute(_ model: ModelPayload, _ matrix: FeatureMatrix, columns: [String]) -> [Double] {
        meanAbsolute(model, matrix, groups: columns, of: \.source)
    }

    /// Mean |contribution| per group (in `groups` order), each term counted in the group `of`
    /// names (a feature, its source column, its source table); terms of no listed group are
    /// left out. A group's terms are summed per client before the absolute value is taken.
    public static func meanAbsolute(_ model: ModelPayload, _ matrix: FeatureMatrix, groups names: [String],
                                    of group: (Explanation.Contribution) -> String) -> [Double] {
        let n = matrix.rowCount, groups = names.count
        guard n > 0, groups > 0 else { return [Double](repeating: 0, count: groups) }
        let explainer = Explainer(model)
        let groupOf = termGroups(explainer, matrix, names, group)
        let pieces = max(1, min(16, n / 64))
        let partial = Slots<Double>(count: pieces * groups, repeating: 0)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            var values: [Double] = [], perGroup = [Double](repeating: 0, count: groups)
            var row = [Double](repeating: 0, count: matrix.featureCount)
            for r in (piece * n / pieces)..<((piece + 1) * n / pieces) {
                matrix.copyRow(r, into: &row)
                _ = explainer.values(row: row, into: &values)
                for g in 0..<groups { perGroup[g] = 0 }
                for (t, v) in values.enumerated() where groupOf[t] >= 0 { perGroup[groupOf[t]] += v }
                for g in 0..<groups { partial[piece * groups + g] += abs(perGroup[g]) }
            }
        }
        var total = [Double](repeating: 0, count: groups)
        for piece in 0..<pieces { for g in 0..<groups { total[g] += partial[piece * groups + g] } }
        return total.map { $0 / Double(n) }
    }

    /// The contributions of the rows at `rows`, summed per group: `result[group][k]` for row
    /// `rows[k]` (a beeswarm's points).
    public static func grouped(_ model: ModelPayload, _ matrix: FeatureMatrix, rows: [Int], groups names: [String],
                               of group: (Explanation.Contribution) -> String) -> [[Double]] {
        let n = rows.count, groups = names.count
        guard n > 0, groups > 0 else { return [[Double]](repeating: [], count: groups) }
        let explainer = Explainer(model)
        let groupOf = termGroups(explainer, matrix, names, group)
        let out = Slots<Double>(count: n * groups, repeating: 0)
        let pieces = max(1, min(16, n / 8))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            var values: [Double] = [], row = [Double](repeating: 0, count: matrix.featureCount)
            for k in (piece * n / pieces)..<((piece + 1) * n / pieces) {
                matrix.copyRow(rows[k], into: &row)
                _ = explainer.values(row: row, into: &values)
                for (t, v) in values.enumerated() where groupOf[t] >= 0 { out[groupOf[t] * n + k] += v }
            }
        }
        return (0..<groups).map { g in (0..<n).map { out[g * n + $0] } }
    }

    /// Every row's principal reasons (see `Explanation.principalReasons`): the `limit` columns
    /// that push the decision most towards a refusal, protected ones (`excluding`) never.
    public static func reasons(_ model: ModelPayload, _ matrix: FeatureMatrix, limit: Int, excluding: Set<String>) -> [[(source: String, weight: Double)]] {
        let n = matrix.rowCount
        guard n > 0 else { return [] }
        let explainer = Explainer(model)
        let first = explainer.explain(row: matrix.row(0))
        let terms = first.contributions
        var listed: [String] = []
        var index: [String: Int] = [:]
        for c in terms where !excluding.contains(c.source) && index[c.source] == nil {
            index[c.source] = listed.count
            listed.append(c.source)
        }
        let sources = listed
        let sourceOf = terms.map { index[$0.source] ?? -1 }
        let points = first.scale == .points
        let best = terms.map { $0.best }
        let out = Slots<[(source: String, weight: Double)]>(count: n, repeating: [])
        let pieces = max(1, min(16, n / 32))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            var values: [Double] = [], weights = [Double](repeating: 0, count: sources.count)
            var row = [Double](repeating: 0, count: matrix.featureCount)
            for r in (piece * n / pieces)..<((piece + 1) * n / pieces) {
                matrix.copyRow(r, into: &row)
                _ = explainer.values(row: row, into: &values)
                for s in 0..<weights.count { weights[s] = 0 }
                for (t, v) in values.enumerated() where sourceOf[t] >= 0 {
                    weights[sourceOf[t]] += points ? (best[t] ?? v) - v : v
                }
                // The strongest first; ties keep the model's order, as `principalReasons` does.
                let top = weights.indices.filter { weights[$0] > 1e-12 }
                    .sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }.prefix(limit)
                out[r] = top.map { (sources[$0], weights[$0]) }
            }
        }
        return (0..<n).map { out[$0] }
    }

    /// Every row's contribution to every term of the model (features; for a logistic model,
    /// missing indicators too), column-major (`columns[term][row]`), with the base value as one
    /// more column named `base` at the end: the layout of LightGBM's `pred_contrib`, so that
    /// each row sums to the raw score.
    public static func contributionColumns(_ model: ModelPayload, _ matrix: FeatureMatrix) -> (names: [String], columns: [[Double]]) {
        let n = matrix.rowCount
        guard n > 0 else { return ([], []) }
        let explainer = Explainer(model)
        let names = explainer.explain(row: matrix.row(0)).contributions.map(\.feature) + ["base"]
        let width = names.count
        let out = Slots<Double>(count: n * width, repeating: 0)
        let pieces = max(1, min(64, n / 16))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            var values: [Double] = [], row = [Double](repeating: 0, count: matrix.featureCount)
            for r in (piece * n / pieces)..<((piece + 1) * n / pieces) {
                matrix.copyRow(r, into: &row)
                let base = explainer.values(row: row, into: &values)
                for (t, v) in values.enumerated() { out[t * n + r] = v }
                out[(width - 1) * n + r] = base
            }
        }
        return (names, (0..<width).map { f in Array(out.buffer(from: f * n, count: n)) })
    }

    /// Each term's group index in `names` (-1: none), from one client's terms, which are
    /// every client's.
    private static func termGroups(_ explainer: Explainer, _ matrix: FeatureMatrix, _ names: [String],
                                   _ group: (Explanation.Contribution) -> String) -> [Int] {
        var index: [String: Int] = [:]
        for (g, name) in names.enumerated() where index[name] == nil { index[name] = g }
        return explainer.explain(row: matrix.row(0)).contributions.map { index[group($0)] ?? -1 }
    }
}

/// A fixed buffer shared by the workers of one `concurrentPerform`, each writing only its own
/// slots; freed with the last reference.
final class Slots<Element>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    func buffer(from start: Int, count: Int) -> UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base + start, count: count) }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
