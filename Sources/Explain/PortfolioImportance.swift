import Dispatch
import Models

/// How much each column moves the model's output across a whole portfolio: the mean, over
/// clients, of the absolute contribution of that column (its one-hot levels and missing
/// indicator summed first, so that a column counts once). shap's "mean |SHAP value|"
/// summary, exact for every client.
public enum PortfolioImportance {
    /// Mean |contribution| per source column (in `columns` order), on the model's own scale,
    /// over every row of `matrix`; rows are shared between threads, and the figures are the
    /// same on one thread or two (pieces are added in order).
    public static func meanAbsolute(_ model: ModelPayload, _ matrix: FeatureMatrix, columns: [String]) -> [Double] {
        meanAbsolute(model, matrix, groups: columns, of: \.source)
    }

    /// Mean |contribution| per group (in `groups` order), each contribution counted in the group
    /// `of` names (a feature, its source column, its source table); contributions of no listed
    /// group are left out.
    public static func meanAbsolute(_ model: ModelPayload, _ matrix: FeatureMatrix, groups names: [String],
                                    of group: @escaping @Sendable (Explanation.Contribution) -> String) -> [Double] {
        let n = matrix.rowCount, groups = names.count
        guard n > 0, groups > 0 else { return [Double](repeating: 0, count: groups) }
        var index: [String: Int] = [:]
        for (g, name) in names.enumerated() { index[name] = g }
        let pieces = max(1, min(16, n / 64))
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: pieces * groups)
        partial.initialize(repeating: 0, count: pieces * groups)
        defer { partial.deallocate() }
        let shared = SharedSums(base: partial)
        let lookup = index
        let explainer = Explainer(model)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let rows = (piece * n / pieces)..<((piece + 1) * n / pieces)
            var perGroup = [Double](repeating: 0, count: groups)
            let sums = shared.base + piece * groups
            for r in rows {
                let explanation = explainer.explain(row: matrix.row(r))
                for g in 0..<groups { perGroup[g] = 0 }
                for c in explanation.contributions { if let g = lookup[group(c)] { perGroup[g] += c.value } }
                for g in 0..<groups { sums[g] += abs(perGroup[g]) }
            }
        }
        var total = [Double](repeating: 0, count: groups)
        for piece in 0..<pieces { for g in 0..<groups { total[g] += partial[piece * groups + g] } }
        return total.map { $0 / Double(n) }
    }

    /// The per-piece sums: each piece writes only its own `groups` slots, so sharing the
    /// pointer between threads is safe.
    private struct SharedSums: @unchecked Sendable {
        let base: UnsafeMutablePointer<Double>
    }
}

extension PortfolioImportance {
    /// Every row's principal reasons (see `Explanation.principalReasons`), computed on both
    /// cores; row order is kept.
    public static func reasons(_ model: ModelPayload, _ matrix: FeatureMatrix, limit: Int, excluding: Set<String>) -> [[(source: String, weight: Double)]] {
        let n = matrix.rowCount
        let out = ReasonSlots(count: n)
        let explainer = Explainer(model)
        let pieces = max(1, min(16, n / 32))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            for r in (piece * n / pieces)..<((piece + 1) * n / pieces) {
                out.store(explainer.explain(row: matrix.row(r)).principalReasons(limit: limit, excluding: excluding), at: r)
            }
        }
        return out.values()
    }

    /// One slot per row, each written by one thread only.
    private final class ReasonSlots: @unchecked Sendable {
        private let base: UnsafeMutablePointer<[(source: String, weight: Double)]>
        private let count: Int
        init(count: Int) {
            self.count = count
            base = .allocate(capacity: max(1, count))
            base.initialize(repeating: [], count: count)
        }
        func store(_ value: [(source: String, weight: Double)], at index: Int) { base[index] = value }
        func values() -> [[(source: String, weight: Double)]] { Array(UnsafeBufferPointer(start: base, count: count)) }
        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }
}

extension PortfolioImportance {
    /// Every row's contribution to every term of the model (features; for a logistic model,
    /// missing indicators too), column-major (`columns[term][row]`), with the base value as one
    /// more column named `base` at the end: the layout of LightGBM's `pred_contrib`, so that
    /// each row sums to the raw score. Rows are shared between both cores.
    public static func contributionColumns(_ model: ModelPayload, _ matrix: FeatureMatrix) -> (names: [String], columns: [[Double]]) {
        let n = matrix.rowCount
        guard n > 0 else { return ([], []) }
        let explainer = Explainer(model)
        // The terms are the same for every row of one model.
        let names = explainer.explain(row: matrix.row(0)).contributions.map(\.feature) + ["base"]
        let width = names.count
        let out = UnsafeMutablePointer<Double>.allocate(capacity: n * width)
        defer { out.deallocate() }
        let shared = SharedSums(base: out)
        let pieces = max(1, min(64, n / 16))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let rows = (piece * n / pieces)..<((piece + 1) * n / pieces)
            if let layout = explainer.layout {
                // Trees: straight from the layout's walk, no Contribution values per client.
                var row = [Double](repeating: 0, count: matrix.featureCount)
                var phi = [Double](repeating: 0, count: layout.featureCount)
                for r in rows {
                    for f in 0..<row.count { row[f] = matrix.columns[f][r] }
                    for f in 0..<phi.count { phi[f] = 0 }
                    row.withUnsafeBufferPointer { x in phi.withUnsafeMutableBufferPointer { layout.add(row: x.baseAddress!, into: $0.baseAddress!) } }
                    for f in 0..<phi.count { shared.base[f * n + r] = phi[f] }
                    shared.base[(width - 1) * n + r] = layout.base
                }
                return
            }
            for r in rows {
                let explanation = explainer.explain(row: matrix.row(r))
                for (f, c) in explanation.contributions.enumerated() { shared.base[f * n + r] = c.value }
                shared.base[(width - 1) * n + r] = explanation.base
            }
        }
        return (names, (0..<width).map { f in Array(UnsafeBufferPointer(start: out + f * n, count: n)) })
    }
}

extension PortfolioImportance {
    /// The contributions of the rows at `rows`, summed per group: `result[group][k]` for row
    /// `rows[k]` (a beeswarm's points). Rows are shared between both cores.
    public static func grouped(_ model: ModelPayload, _ matrix: FeatureMatrix, rows: [Int], groups names: [String],
                               of group: @escaping @Sendable (Explanation.Contribution) -> String) -> [[Double]] {
        let n = rows.count, groups = names.count
        guard n > 0, groups > 0 else { return [[Double]](repeating: [], count: groups) }
        var index: [String: Int] = [:]
        for (g, name) in names.enumerated() { index[name] = g }
        let lookup = index
        let explainer = Explainer(model)
        let out = UnsafeMutablePointer<Double>.allocate(capacity: n * groups)
        out.initialize(repeating: 0, count: n * groups)
        defer { out.deallocate() }
        let shared = SharedSums(base: out)
        let pieces = max(1, min(16, n / 8))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            for k in (piece * n / pieces)..<((piece + 1) * n / pieces) {
                for c in explainer.explain(row: matrix.row(rows[k])).contributions {
                    if let g = lookup[group(c)] { shared.base[g * n + k] += c.value }
                }
            }
        }
        return (0..<groups).map { g in Array(UnsafeBufferPointer(start: out + g * n, count: n)) }
    }
}
