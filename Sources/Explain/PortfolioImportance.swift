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
        let n = matrix.rowCount, groups = columns.count
        guard n > 0, groups > 0 else { return [Double](repeating: 0, count: groups) }
        var index: [String: Int] = [:]
        for (g, name) in columns.enumerated() { index[name] = g }
        let pieces = max(1, min(16, n / 64))
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: pieces * groups)
        partial.initialize(repeating: 0, count: pieces * groups)
        defer { partial.deallocate() }
        let shared = SharedSums(base: partial)
        let lookup = index
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let rows = (piece * n / pieces)..<((piece + 1) * n / pieces)
            var perGroup = [Double](repeating: 0, count: groups)
            let sums = shared.base + piece * groups
            for r in rows {
                let explanation = Explanation(model: model, row: matrix.row(r))
                for g in 0..<groups { perGroup[g] = 0 }
                for c in explanation.contributions { if let g = lookup[c.source] { perGroup[g] += c.value } }
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
        let pieces = max(1, min(16, n / 32))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            for r in (piece * n / pieces)..<((piece + 1) * n / pieces) {
                out.store(Explanation(model: model, row: matrix.row(r)).principalReasons(limit: limit, excluding: excluding), at: r)
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
