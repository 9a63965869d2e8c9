import Models

/// Exact Shapley values of a boosted tree model's log-odds, by path-dependent TreeSHAP
/// (Lundberg, Erion and Lee, 2018, Algorithm 2).
///
/// The value of a coalition S of features is the tree's expected output when the features in
/// S take the client's values and the others are averaged out along the tree, each branch
/// weighted by the training rows that took it (the nodes' covers): what LightGBM's
/// `pred_contrib` and shap's `TreeExplainer(feature_perturbation="tree_path_dependent")`
/// compute. Missing values follow each node's default direction and categorical splits send
/// a level where training sent it, because the client's branch is decided by the same
/// `goesLeft` that scoring uses. The base value plus the contributions equals the raw score
/// exactly (up to rounding), which the tests check against enumeration of every coalition.
///
/// The classic algorithm costs O(leaves × depth²) per tree: for the depths of boosted trees
/// (31 leaves, depth ≤ 10 or so) that is a few thousand operations per tree and client.
public enum TreeSHAP {
    /// The model's expected raw score over the training rows: the initial score plus each
    /// tree's leaf values weighted by their training counts.
    public static func baseValue(_ model: GBDTModel) -> Double {
        model.trees.reduce(model.initialScore) { $0 + expectedValue($1) }
    }

    /// One tree's output averaged over its training rows.
    public static func expectedValue(_ tree: DecisionTree) -> Double {
        let total = tree.leafCounts.reduce(0, +)
        guard total > 0 else { return tree.leafValues.reduce(0, +) / Double(max(1, tree.leafCount)) }
        return zip(tree.leafValues, tree.leafCounts).reduce(0) { $0 + $1.0 * Double($1.1) } / Double(total)
    }

    /// Each feature's contribution to the row's raw score (log-odds), in feature order.
    public static func contributions(_ model: GBDTModel, row: [Double]) -> [Double] {
        var phi = [Double](repeating: 0, count: model.features.count)
        var scratch = Scratch()
        for tree in model.trees where !tree.nodes.isEmpty {
            scratch.prepare(depth: tree.leafDepths.max() ?? 0)
            scratch.recurse(tree, node: 0, row: row, phi: &phi, parentStart: 0, uniqueDepth: 0,
                            zero: 1, one: 1, feature: -1, start: 0)
        }
        return phi
    }

    /// One element of the path from the root to the current node: a feature met on the way,
    /// the share of the training rows that went this way (zero) and whether the row did (one).
    struct PathElement {
        var feature: Int
        var zero: Double
        var one: Double
        var weight: Double
    }

    /// The path buffers of one tree walk, allocated once per tree: each level of the
    /// recursion keeps its own copy of the path, laid out one after the other.
    struct Scratch {
        var path: [PathElement] = []

        mutating func prepare(depth: Int) {
            let needed = (depth + 2) * (depth + 3) / 2 + 2
            if path.count < needed { path = Array(repeating: PathElement(feature: -1, zero: 0, one: 0, weight: 0), count: needed) }
        }

        /// Node covers: the training rows of a node or a leaf (`~index`).
        private func cover(_ tree: DecisionTree, _ child: Int) -> Double {
            child >= 0 ? Double(tree.nodes[child].count) : Double(tree.leafCounts[~child])
        }

        mutating func recurse(_ tree: DecisionTree, node: Int, row: [Double], phi: inout [Double], parentStart: Int,
                              uniqueDepth: Int, zero: Double, one: Double, feature: Int, start: Int) {
            // This level's path: the parent's, then the new element.
            if uniqueDepth > 0, start != parentStart {
                for i in 0..<uniqueDepth { path[start + i] = path[parentStart + i] }
            }
            extend(start, uniqueDepth, zero, one, feature)
            if node < 0 {
                let value = tree.leafValues[~node]
                if uniqueDepth > 0 {
                    for i in 1...uniqueDepth {
                        let w = unwoundSum(start, uniqueDepth, i)
                        let element = path[start + i]
                        phi[element.feature] += w * (element.one - element.zero) * value
                    }
                }
                return
            }
            let split = tree.nodes[node]
            let x = row[split.feature]
            let hot = split.goesLeft(x) ? split.left : split.right
            let cold = hot == split.left ? split.right : split.left
            let nodeCover = cover(tree, node)
            let hotZero = nodeCover > 0 ? cover(tree, hot) / nodeCover : 0
            let coldZero = nodeCover > 0 ? cover(tree, cold) / nodeCover : 0
            var incomingZero = 1.0, incomingOne = 1.0
            var depth = uniqueDepth
            // A feature met again on the path: undo its earlier element, carry its fractions.
            if depth > 0, let k = (1...depth).first(where: { path[start + $0].feature == split.feature }) {
                incomingZero = path[start + k].zero
                incomingOne = path[start + k].one
                unwind(start, depth, k)
                depth -= 1
            }
            let next = start + depth + 1
            recurse(tree, node: hot, row: row, phi: &phi, parentStart: start, uniqueDepth: depth + 1,
                    zero: hotZero * incomingZero, one: incomingOne, feature: split.feature, start: next)
            recurse(tree, node: cold, row: row, phi: &phi, parentStart: start, uniqueDepth: depth + 1,
                    zero: coldZero * incomingZero, one: 0, feature: split.feature, start: next)
        }

        private mutating func extend(_ s: Int, _ d: Int, _ zero: Double, _ one: Double, _ feature: Int) {
            path[s + d] = PathElement(feature: feature, zero: zero, one: one, weight: d == 0 ? 1 : 0)
            guard d > 0 else { return }
            for i in stride(from: d - 1, through: 0, by: -1) {
                path[s + i + 1].weight += one * path[s + i].weight * Double(i + 1) / Double(d + 1)
                path[s + i].weight = zero * path[s + i].weight * Double(d - i) / Double(d + 1)
            }
        }

        private mutating func unwind(_ s: Int, _ d: Int, _ index: Int) {
            let one = path[s + index].one, zero = path[s + index].zero
            var next = path[s + d].weight
            for i in stride(from: d - 1, through: 0, by: -1) {
                if one != 0 {
                    let kept = path[s + i].weight
                    path[s + i].weight = next * Double(d + 1) / (Double(i + 1) * one)
                    next = kept - path[s + i].weight * zero * Double(d - i) / Double(d + 1)
                } else {
                    path[s + i].weight = path[s + i].weight * Double(d + 1) / (zero * Double(d - i))
                }
            }
            for i in index..<d {
                path[s + i].feature = path[s + i + 1].feature
                path[s + i].zero = path[s + i + 1].zero
                path[s + i].one = path[s + i + 1].one
            }
        }

        private func unwoundSum(_ s: Int, _ d: Int, _ index: Int) -> Double {
            let one = path[s + index].one, zero = path[s + index].zero
            var next = path[s + d].weight
            var total = 0.0
            for i in stride(from: d - 1, through: 0, by: -1) {
                if one != 0 {
                    let w = next * Double(d + 1) / (Double(i + 1) * one)
                    total += w
                    next = path[s + i].weight - w * zero * Double(d - i) / Double(d + 1)
                } else if zero != 0 {
                    total += path[s + i].weight / zero / (Double(d - i) / Double(d + 1))
                }
            }
            return total
        }
    }
}
