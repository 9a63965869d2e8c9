/// Rows ordered by score, with runs of equal scores ("ties") kept together.
///
/// Every ranking metric (AUC, KS, average precision, lift, calibration) walks the same
/// order, so it is built once here. Ties matter: a model with few leaves gives many rows
/// the same score, and a metric that split a tie by row order would depend on how the
/// data happens to be sorted. Walking tie groups instead makes each metric a function of
/// the scores alone, as in scikit-learn.
struct ScoreRanking {
    /// Row indices by ascending score (ties by row index, for a reproducible order).
    let ascending: [Int]
    /// Scores in `ascending` order.
    let sortedScores: [Double]
    /// Labels in `ascending` order.
    let sortedLabels: [Bool]
    let positives: Int
    var negatives: Int { ascending.count - positives }

    init(labels: [Bool], scores: [Double]) {
        precondition(labels.count == scores.count, "labels and scores differ in length")
        precondition(!scores.contains { $0.isNaN }, "scores must not be NaN")
        var pairs = scores.enumerated().map { ($0.element, $0.offset) }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        ascending = pairs.map(\.1)
        sortedScores = pairs.map(\.0)
        sortedLabels = pairs.map { labels[$0.1] }
        positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// Position ranges (into the ascending order) of runs of equal scores, lowest first.
    func tieGroups() -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        let n = sortedScores.count
        while start < n {
            var end = start + 1
            while end < n && sortedScores[end] == sortedScores[start] { end += 1 }
            groups.append(start..<end)
            start = end
        }
        return groups
    }

    /// About `count` groups of equal size in ascending order, never splitting a tie:
    /// a cut that falls inside a run of equal scores moves to the end of the run, and
    /// empty groups are dropped, so heavy ties give fewer groups.
    func quantileGroups(_ count: Int) -> [Range<Int>] {
        let n = sortedScores.count
        guard n > 0, count > 0 else { return [] }
        var cuts: [Int] = []
        for j in 1..<count {
            var cut = (j * n + count / 2) / count
            while cut > 0 && cut < n && sortedScores[cut] == sortedScores[cut - 1] { cut += 1 }
            cuts.append(cut)
        }
        cuts.append(n)
        var groups: [Range<Int>] = []
        var start = 0
        for cut in cuts where cut > start {
            groups.append(start..<cut)
            start = cut
        }
        return groups
    }
}
