import Dispatch
import Models

/// Exact Shapley values of a boosted tree model's log-odds, by path-dependent TreeSHAP
/// (Lundberg, Erion and Lee, 2018, Algorithm 2).
///
/// The value of a coalition S of features is the tree's expected output when the features in
/// S take the client's values and the others are averaged out along the tree, each branch
/// weighted by the training rows that took it (the nodes' covers): what LightGBM's
/// `pred_contrib` and shap's `TreeExplainer(feature_perturbation="tree_path_dependent")`
/// compute. Missing values follow each node's default direction and categorical splits send
/// a level where training sent it, with the same rule as scoring (`DecisionTree.Node.goesLeft`).
/// The base value plus the contributions equals the raw score exactly (up to rounding), which
/// the tests check against enumeration of every coalition.
///
/// Why the classic algorithm, O(leaves × depth²) per tree: at the depths of boosted trees
/// (31 leaves, depth ≤ 12 or so) it is a few thousand operations per tree and client. Fast
/// TreeSHAP v2 trades memory exponential in the depth for a ~2.5× gain, and Linear TreeSHAP
/// needs polynomial arithmetic whose rounding is harder to hold to 1e-9; the time here goes
/// mostly to memory traffic, which `Layout` removes: each model is laid out once in flat
/// arrays (the shares of each node's training rows its children took, precomputed), and the
/// walk runs on raw pointers with no reference counting.
public enum TreeSHAP {
    /// The model's expected raw score over the training rows: the initial score plus each
    /// tree's leaf values weighted by the share of rows that reached them.
    public static func baseValue(_ model: GBDTModel) -> Double {
        model.trees.reduce(model.initialScore) { $0 + expectedValue($1) }
    }

    /// One tree's output averaged over its training rows: each leaf's value times the product
    /// of the `shares` on its path, the same weights the walk uses, so that the base and the
    /// contributions always add up to the score.
    public static func expectedValue(_ tree: DecisionTree) -> Double {
        guard !tree.nodes.isEmpty else { return tree.leafValues.first ?? 0 }
        var expected = 0.0
        var stack = [(node: 0, weight: 1.0)]
        while let (node, weight) = stack.popLast() {
            let (left, right) = shares(tree, node: node)
            for (child, share) in [(tree.nodes[node].left, left), (tree.nodes[node].right, right)] {
                if child < 0 { expected += weight * share * tree.leafValues[~child] } else { stack.append((child, weight * share)) }
            }
        }
        return expected
    }

    /// The shares of a node's training rows that went left and right, from the children's own
    /// counts rather than the node's, so that they always add up to one. Counts read from a
    /// file need not agree: LightGBM's zero-as-missing splits, expanded into three of ours,
    /// copy a branch that takes no rows of its own, and a damaged file may say anything.
    /// Children that hold no rows share evenly.
    static func shares(_ tree: DecisionTree, node: Int) -> (left: Double, right: Double) {
        func cover(_ child: Int) -> Double { Double(max(0, child >= 0 ? tree.nodes[child].count : tree.leafCounts[~child])) }
        let left = cover(tree.nodes[node].left), right = cover(tree.nodes[node].right)
        guard left + right > 0 else { return (0.5, 0.5) }
        return (left / (left + right), right / (left + right))
    }

    /// Each feature's contribution to the row's raw score (log-odds), in feature order.
    public static func contributions(_ model: GBDTModel, row: [Double]) -> [Double] {
        Layout(model).contributions(row: row)
    }

    /// A model laid out for explanations: one set of flat arrays for all trees, built once
    /// and shared by every client explained with it.
    public struct Layout: Sendable {
        public let featureCount: Int
        /// `baseValue(model)`.
        public let base: Double
        /// Per tree: where its nodes and leaves start, and its depth.
        let nodeStart: [Int], leafStart: [Int], depth: [Int]
        /// Per node (children are tree-local: a node index, or `~leaf`).
        let feature: [Int32], left: [Int32], right: [Int32]
        /// The share of the node's training rows that went left / right.
        let leftShare: [Double], rightShare: [Double]
        let threshold: [Double], defaultLeft: [Bool]
        /// Index into `categorySets`, or -1 for a numeric split.
        let category: [Int32]
        let categorySets: [Set<Int>]
        let leafValue: [Double]
        let maxDepth: Int

        public init(_ model: GBDTModel) {
            featureCount = model.features.count
            base = TreeSHAP.baseValue(model)
            var nodeStart: [Int] = [], leafStart: [Int] = [], depth: [Int] = []
            var feature: [Int32] = [], left: [Int32] = [], right: [Int32] = []
            var leftShare: [Double] = [], rightShare: [Double] = [], threshold: [Double] = [], defaultLeft: [Bool] = []
            var category: [Int32] = [], sets: [Set<Int>] = [], leafValue: [Double] = []
            for tree in model.trees where !tree.nodes.isEmpty {
                nodeStart.append(feature.count)
                leafStart.append(leafValue.count)
                depth.append(tree.leafDepths.max() ?? 0)
                for (k, node) in tree.nodes.enumerated() {
                    feature.append(Int32(node.feature))
                    left.append(Int32(node.left))
                    right.append(Int32(node.right))
                    let (l, r) = TreeSHAP.shares(tree, node: k)
                    leftShare.append(l)
                    rightShare.append(r)
                    threshold.append(node.threshold)
                    defaultLeft.append(node.defaultLeft)
                    if node.isCategorical {
                        category.append(Int32(sets.count))
                        sets.append(Set(node.categories))
                    } else {
                        category.append(-1)
                    }
                }
                leafValue += tree.leafValues
            }
            (self.nodeStart, self.leafStart, self.depth) = (nodeStart, leafStart, depth)
            (self.feature, self.left, self.right) = (feature, left, right)
            (self.leftShare, self.rightShare, self.threshold, self.defaultLeft) = (leftShare, rightShare, threshold, defaultLeft)
            (self.category, categorySets, self.leafValue) = (category, sets, leafValue)
            maxDepth = depth.max() ?? 0
        }

        /// Each feature's contribution to the row's raw score, in feature order.
        /// One client alone (an `explain`) shares a large model's trees between both cores, each
        /// half into its own sums, added in the same order every time.
        public func contributions(row: [Double]) -> [Double] {
            let trees = nodeStart.count
            guard trees >= 200 else {
                var phi = [Double](repeating: 0, count: featureCount)
                phi.withUnsafeMutableBufferPointer { out in
                    row.withUnsafeBufferPointer { values in add(row: values.baseAddress!, into: out.baseAddress!) }
                }
                return phi
            }
            let halves = UnsafeMutablePointer<Double>.allocate(capacity: 2 * featureCount)
            halves.initialize(repeating: 0, count: 2 * featureCount)
            defer { halves.deallocate() }
            nonisolated(unsafe) let sums = halves
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                row.withUnsafeBufferPointer { values in
                    add(row: values.baseAddress!, into: sums + half * featureCount, trees: (half * trees / 2)..<((half + 1) * trees / 2))
                }
            }
            return (0..<featureCount).map { halves[$0] + halves[featureCount + $0] }
        }

        /// Adds the row's contributions to `phi` (one slot per feature), from the trees in
        /// `range` (all by default).
        public func add(row: UnsafePointer<Double>, into phi: UnsafeMutablePointer<Double>, trees range: Range<Int>? = nil) {
            // Each level of the recursion keeps its own copy of the path, one after the other.
            let capacity = (maxDepth + 2) * (maxDepth + 3) / 2 + 2
            let path = UnsafeMutablePointer<PathElement>.allocate(capacity: capacity)
            let ratios = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (maxDepth + 2))
            defer { path.deallocate(); ratios.deallocate() }
            feature.withUnsafeBufferPointer { feature in
            left.withUnsafeBufferPointer { left in
            right.withUnsafeBufferPointer { right in
            leftShare.withUnsafeBufferPointer { leftShare in
            rightShare.withUnsafeBufferPointer { rightShare in
            threshold.withUnsafeBufferPointer { threshold in
            defaultLeft.withUnsafeBufferPointer { defaultLeft in
            category.withUnsafeBufferPointer { category in
            leafValue.withUnsafeBufferPointer { leafValue in
                for t in range ?? nodeStart.indices {
                    let n = nodeStart[t], l = leafStart[t]
                    let walk = Walk(
                        feature: feature.baseAddress! + n, left: left.baseAddress! + n, right: right.baseAddress! + n,
                        leftShare: leftShare.baseAddress! + n, rightShare: rightShare.baseAddress! + n,
                        threshold: threshold.baseAddress! + n, defaultLeft: defaultLeft.baseAddress! + n,
                        category: category.baseAddress! + n, leafValue: leafValue.baseAddress! + l,
                        categorySets: categorySets, row: row, phi: phi, path: path, up: ratios, down: ratios + maxDepth + 2)
                    walk.recurse(node: 0, parentStart: 0, uniqueDepth: 0, zero: 1, one: 1, feature: -1, start: 0)
                }
            }}}}}}}}}
        }
    }

    /// One element of the path from the root to the current node: a feature met on the way,
    /// the share of the training rows that went this way (zero) and whether the row did (one).
    struct PathElement {
        var feature: Int
        var zero: Double
        var one: Double
        var weight: Double
    }

    /// One tree's walk for one row, on raw pointers into the layout.
    struct Walk {
        let feature: UnsafePointer<Int32>, left: UnsafePointer<Int32>, right: UnsafePointer<Int32>
        let leftShare: UnsafePointer<Double>, rightShare: UnsafePointer<Double>
        let threshold: UnsafePointer<Double>, defaultLeft: UnsafePointer<Bool>
        let category: UnsafePointer<Int32>, leafValue: UnsafePointer<Double>
        let categorySets: [Set<Int>]
        let row: UnsafePointer<Double>
        let phi: UnsafeMutablePointer<Double>
        let path: UnsafeMutablePointer<PathElement>
        /// Scratch for the per-depth ratios of a leaf's unwound sums.
        let up: UnsafeMutablePointer<Double>, down: UnsafeMutablePointer<Double>

        /// `DecisionTree.Node.goesLeft`, on the layout.
        @inline(__always)
        func goesLeft(_ node: Int, _ value: Double) -> Bool {
            if value.isNaN { return defaultLeft[node] }
            let set = Int(category[node])
            if set >= 0 {
                guard let code = Int(exactly: value), code >= 0 else { return defaultLeft[node] }
                return categorySets[set].contains(code)
            }
            return value <= threshold[node]
        }

        func recurse(node: Int, parentStart: Int, uniqueDepth: Int, zero: Double, one: Double, feature splitFeature: Int, start: Int) {
            // This level's path: the parent's, then the new element.
            if uniqueDepth > 0, start != parentStart {
                (path + start).update(from: path + parentStart, count: uniqueDepth)
            }
            extend(start, uniqueDepth, zero, one, splitFeature)
            if node < 0 {
                let value = leafValue[~node]
                guard uniqueDepth > 0 else { return }
                // A feature the row did not follow here (one = 0) gets −(Σ weights × (d+1)/(d−i))
                // × value: its unwound sum is that sum over its zero fraction, which then
                // cancels. The sum is the same for all of them, so it is computed once.
                var coldSum = Double.nan
                // The ratios every unwound sum at this depth uses, once per leaf rather than a
                // division per step: (d+1)/(i+1) and (d−i)/(d+1).
                let d = uniqueDepth
                for i in 0..<d {
                    up[i] = Double(d + 1) / Double(i + 1)
                    down[i] = Double(d - i) / Double(d + 1)
                }
                // Cold elements at once; hot ones (one = 1, the row's own side) two at a time:
                // each unwound sum is a chain of dependent multiply-adds, and two chains side by
                // side keep the arithmetic units busy.
                var pending = -1
                for i in 1...d {
                    let element = path[start + i]
                    if element.one == 0 {
                        guard element.zero != 0 else { continue }
                        if coldSum.isNaN { coldSum = unwoundColdSum(start, d) }
                        phi[element.feature] -= coldSum * value
                    } else if pending < 0 {
                        pending = i
                    } else {
                        let a = path[start + pending], b = element
                        var nextA = path[start + d].weight, nextB = nextA, totalA = 0.0, totalB = 0.0
                        for j in stride(from: d - 1, through: 0, by: -1) {
                            let w = path[start + j].weight
                            let wa = nextA * up[j], wb = nextB * up[j]
                            totalA += wa
                            totalB += wb
                            nextA = w - wa * a.zero * down[j]
                            nextB = w - wb * b.zero * down[j]
                        }
                        phi[a.feature] += totalA * (1 - a.zero) * value
                        phi[b.feature] += totalB * (1 - b.zero) * value
                        pending = -1
                    }
                }
                if pending >= 0 {
                    let a = path[start + pending]
                    var next = path[start + d].weight, total = 0.0
                    for j in stride(from: d - 1, through: 0, by: -1) {
                        let w = next * up[j]
                        total += w
                        next = path[start + j].weight - w * a.zero * down[j]
                    }
                    phi[a.feature] += total * (1 - a.zero) * value
                }
                return
            }
            let f = Int(feature[node])
            let toLeft = goesLeft(node, row[f])
            let hot = Int(toLeft ? left[node] : right[node]), cold = Int(toLeft ? right[node] : left[node])
            let hotZero = toLeft ? leftShare[node] : rightShare[node], coldZero = toLeft ? rightShare[node] : leftShare[node]
            var incomingZero = 1.0, incomingOne = 1.0
            var depth = uniqueDepth
            // A feature met again on the path: undo its earlier element, carry its fractions.
            if depth > 0 {
                var k = 1
                while k <= depth && path[start + k].feature != f { k += 1 }
                if k <= depth {
                    incomingZero = path[start + k].zero
                    incomingOne = path[start + k].one
                    unwind(start, depth, k)
                    depth -= 1
                }
            }
            let next = start + depth + 1
            // A side that neither the row (along this path) nor any training row takes weighs
            // nothing, and would divide by its zero share when unwound: a copied branch of an
            // imported zero-as-missing split, or a branch of a file's empty leaves.
            let hotWeight = hotZero * incomingZero, coldWeight = coldZero * incomingZero
            if hotWeight != 0 || incomingOne != 0 {
                recurse(node: hot, parentStart: start, uniqueDepth: depth + 1, zero: hotWeight, one: incomingOne, feature: f, start: next)
            }
            if coldWeight != 0 {
                recurse(node: cold, parentStart: start, uniqueDepth: depth + 1, zero: coldWeight, one: 0, feature: f, start: next)
            }
        }

        private func extend(_ s: Int, _ d: Int, _ zero: Double, _ one: Double, _ feature: Int) {
            path[s + d] = PathElement(feature: feature, zero: zero, one: one, weight: d == 0 ? 1 : 0)
            guard d > 0 else { return }
            // One division per extension, not two per element.
            let share = 1 / Double(d + 1)
            for i in stride(from: d - 1, through: 0, by: -1) {
                let w = path[s + i].weight
                path[s + i + 1].weight += one * w * (Double(i + 1) * share)
                path[s + i].weight = zero * w * (Double(d - i) * share)
            }
        }

        private func unwind(_ s: Int, _ d: Int, _ index: Int) {
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

        /// Σ over the path of weight × (d+1)/(d−i): a cold element's unwound sum times its zero fraction.
        private func unwoundColdSum(_ s: Int, _ d: Int) -> Double {
            var total = 0.0
            for i in stride(from: d - 1, through: 0, by: -1) { total += path[s + i].weight / (Double(d - i) / Double(d + 1)) }
            return total
        }
    }
}
