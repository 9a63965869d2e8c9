/// Rows sorted by descending score with running totals, so that the outcome of "refuse
/// every row scoring at or above t" is a binary search away for any t.
struct CostSweep {
    /// Scores, highest first.
    let scores: [Double]
    /// After the first i rows (index i): weighted bads and goods refused, and their counts.
    let badWeight: [Double]
    let goodWeight: [Double]
    let badCount: [Int]
    let rowCount: Int

    init(labels: [Bool], scores: [Double], weights: [Double]?) {
        // Ties by row index: running sums then always add in the same order.
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        self.scores = order.map { scores[$0] }
        var bad = [0.0], good = [0.0], count = [0]
        for r in order {
            let w = weights?[r] ?? 1
            bad.append(bad.last! + (labels[r] ? w : 0))
            good.append(good.last! + (labels[r] ? 0 : w))
            count.append(count.last! + (labels[r] ? 1 : 0))
        }
        (badWeight, goodWeight, badCount, rowCount) = (bad, good, count, order.count)
    }

    /// How many rows score at or above t (are refused).
    func refused(at t: Double) -> Int {
        var low = 0, high = rowCount
        while low < high {
            let mid = (low + high) / 2
            if scores[mid] >= t { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The cost when the first `refused` rows are refused and the rest approved.
    func cost(refused i: Int, _ costs: DecisionCosts) -> Double {
        costs.falseNegative * (badWeight[rowCount] - badWeight[i]) + costs.falsePositive * goodWeight[i]
    }

    /// The cheapest threshold among +∞ (approve all) and every distinct score. Equal costs
    /// go to the higher threshold: refuse no one without a saving.
    func optimum(_ costs: DecisionCosts) -> (threshold: Double, cost: Double) {
        var best = (threshold: Double.infinity, cost: cost(refused: 0, costs))
        var i = 0
        while i < rowCount {
            var end = i + 1
            while end < rowCount && scores[end] == scores[i] { end += 1 }
            let c = cost(refused: end, costs)
            if c < best.cost { best = (scores[i], c) }
            i = end
        }
        return best
    }

    /// Approval rate and default rate among the approved (by count) for `refused` rows refused.
    func rates(refused i: Int) -> (approval: Double, defaultAmongApproved: Double) {
        let approved = rowCount - i
        let defaults = badCount[rowCount] - badCount[i]
        return (Double(approved) / Double(rowCount), approved == 0 ? .nan : Double(defaults) / Double(approved))
    }
}
