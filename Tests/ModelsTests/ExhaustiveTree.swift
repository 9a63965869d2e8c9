import Foundation
@testable import Models

/// Grows the first tree of a boosted model by exhaustive search, straight from the gain
/// formula: every leaf, every feature, every threshold between two distinct values, and
/// both sides for the missing values. Slow; for data sets of a few hundred rows.
///
/// As in LightGBM, a leaf's children look only at the features that had a split gaining
/// more than `min_gain` in that leaf (and so on down).
struct ExhaustiveTree {
    struct Split: Equatable {
        var leaf: Int
        var feature: Int
        var gain: Double
        var leftRows: Set<Int>
    }

    let columns: [[Double]]
    let gradients: [Double]
    let hessians: [Double]
    let parameters: GBDTParameters
    /// Whether children skip the features their parent gained nothing from (LightGBM's
    /// rule); off, every leaf looks at every feature.
    var skipsUnsplittable = true

    private func sums(_ rows: [Int]) -> (g: Double, h: Double, n: Int) {
        (rows.map { gradients[$0] }.reduce(0, +), rows.map { hessians[$0] }.reduce(0, +), rows.count)
    }

    private func leafGain(_ s: (g: Double, h: Double, n: Int)) -> Double {
        let t = max(abs(s.g) - parameters.lambdaL1, 0) * (s.g < 0 ? -1 : 1)
        return t * t / (s.h + parameters.lambdaL2)
    }

    /// A side needs `min_hessian` and `min_leaf` rows, rows estimated as LightGBM does: each
    /// distinct value's (each bin's) rows as round(its hessian · N/H) of the parent, summed.
    private func allowed(_ s: (g: Double, h: Double, n: Int)) -> Bool {
        s.n >= parameters.minDataInLeaf && s.h >= parameters.minSumHessianInLeaf && s.h > 0
    }

    /// The best split of `rows` over `features`, candidates in the order the trainer breaks
    /// ties in, and the features with a split gaining more than `min_gain`.
    func bestSplit(of rows: [Int], depth: Int, features: Set<Int>) -> (best: (feature: Int, gain: Double, left: Set<Int>)?, splittable: Set<Int>) {
        if let maxDepth = parameters.maxDepth, depth >= maxDepth { return (nil, []) }
        let parent = sums(rows)
        // A leaf splits only with room for `min_leaf` rows and `min_hessian` on each side.
        guard parent.n >= 2 * parameters.minDataInLeaf, parent.h >= 2 * parameters.minSumHessianInLeaf else { return (nil, []) }
        let parentGain = leafGain(parent)
        var best: (feature: Int, gain: Double, left: Set<Int>)? = nil
        var splittable = Set<Int>()
        for f in columns.indices where features.contains(f) {
            let missing = rows.filter { columns[f][$0].isNaN }
            let present = rows.filter { !columns[f][$0].isNaN }
            let distinct = Set(present.map { columns[f][$0] }).sorted()
            var partitions: [[Int]] = []
            // Missing right: thresholds between values, then "all values left" if any is missing.
            for t in distinct.indices.dropLast() { partitions.append(present.filter { columns[f][$0] <= distinct[t] }) }
            if !missing.isEmpty && !present.isEmpty { partitions.append(present) }
            // Missing left.
            if !missing.isEmpty {
                for t in distinct.indices.dropLast() {
                    partitions.append(missing + present.filter { columns[f][$0] <= distinct[t] })
                }
            }
            // Estimated rows of the missing rows and of each distinct value's.
            func estimate(_ group: [Int]) -> Int {
                group.isEmpty ? 0 : Int((sums(group).h * (Double(parent.n) / parent.h)).rounded(.toNearestOrEven))
            }
            let missingRows = estimate(missing)
            let valueRows = distinct.map { v in estimate(present.filter { columns[f][$0] == v }) }
            for left in partitions {
                let leftSet = Set(left)
                let right = rows.filter { !leftSet.contains($0) }
                var l = sums(left.sorted()), r = sums(right)
                let leftValues = Set(left.filter { !columns[f][$0].isNaN }.map { columns[f][$0] })
                l.n = (leftSet.contains(missing.first ?? -1) ? missingRows : 0)
                    + distinct.indices.filter { leftValues.contains(distinct[$0]) }.map { valueRows[$0] }.reduce(0, +)
                r.n = parent.n - l.n
                guard allowed(l), allowed(r) else { continue }
                let gain = leafGain(l) + leafGain(r) - parentGain
                if gain > parameters.minGainToSplit { splittable.insert(f) }
                if gain > parameters.minGainToSplit && gain > (best?.gain ?? -.infinity) { best = (f, gain, leftSet) }
            }
        }
        return (best, splittable)
    }

    /// The splits of leaf-wise growth, in order: each time the leaf with the best gain.
    func grow() -> [Split] {
        var leaves: [(rows: [Int], depth: Int, features: Set<Int>)] = [(Array(columns[0].indices), 0, Set(columns.indices))]
        var splits: [Split] = []
        while leaves.count < parameters.numLeaves {
            var chosen: (leaf: Int, feature: Int, gain: Double, left: Set<Int>, splittable: Set<Int>)? = nil
            for (i, leaf) in leaves.enumerated() {
                let (s, splittable) = bestSplit(of: leaf.rows, depth: leaf.depth, features: leaf.features)
                if let s, s.gain > (chosen?.gain ?? -.infinity) {
                    chosen = (i, s.feature, s.gain, s.left, splittable)
                }
            }
            guard let chosen else { break }
            let parent = leaves[chosen.leaf]
            let features = skipsUnsplittable ? chosen.splittable : parent.features
            leaves[chosen.leaf] = (parent.rows.filter { chosen.left.contains($0) }, parent.depth + 1, features)
            leaves.append((parent.rows.filter { !chosen.left.contains($0) }, parent.depth + 1, features))
            splits.append(Split(leaf: chosen.leaf, feature: chosen.feature, gain: chosen.gain, leftRows: chosen.left))
        }
        return splits
    }
}
