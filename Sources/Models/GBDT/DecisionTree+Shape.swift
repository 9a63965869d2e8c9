extension DecisionTree {
    /// Checks that the children of `nodes` form one tree over every node and every leaf
    /// (each reached exactly once from the root, every index in range), and returns each
    /// leaf's depth, or why they do not.
    ///
    /// Every reader of trees goes through it, whatever the file format: a child pointing
    /// back at an ancestor makes a loop that scoring would follow for ever.
    static func leafDepths(nodes: [Node], leafCount leaves: Int) -> Result<[Int], ShapeProblem> {
        guard !nodes.isEmpty else { return leaves == 1 ? .success([0]) : .failure(ShapeProblem("a tree without splits has \(leaves) leaves, not 1")) }
        guard leaves == nodes.count + 1 else { return .failure(ShapeProblem("\(nodes.count) splits need \(nodes.count + 1) leaves, not \(leaves)")) }
        var depths = [Int](repeating: -1, count: leaves)
        var seen = [Bool](repeating: false, count: nodes.count)
        var stack = [(node: 0, depth: 0)]
        seen[0] = true
        while let (i, depth) = stack.popLast() {
            for child in [nodes[i].left, nodes[i].right] {
                if child >= 0 {
                    guard child < nodes.count else { return .failure(ShapeProblem("child node \(child) does not exist")) }
                    guard !seen[child] else { return .failure(ShapeProblem("node \(child) is reached twice")) }
                    seen[child] = true
                    stack.append((child, depth + 1))
                } else {
                    let leaf = ~child
                    guard leaf < leaves else { return .failure(ShapeProblem("leaf \(leaf) does not exist")) }
                    guard depths[leaf] < 0 else { return .failure(ShapeProblem("leaf \(leaf) is reached twice")) }
                    depths[leaf] = depth + 1
                }
            }
        }
        if let lost = seen.firstIndex(of: false) { return .failure(ShapeProblem("node \(lost) is unreachable")) }
        if let lost = depths.firstIndex(of: -1) { return .failure(ShapeProblem("leaf \(lost) is unreachable")) }
        return .success(depths)
    }

    /// Why a tree's shape is invalid, in words.
    struct ShapeProblem: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Why this tree cannot be scored (`features`: how many inputs the model has), or nil.
    func shapeProblem(features: Int) -> String? {
        if case .failure(let problem) = Self.leafDepths(nodes: nodes, leafCount: leafCount) { return problem.reason }
        if let bad = nodes.firstIndex(where: { $0.feature < 0 || $0.feature >= features }) {
            return "node \(bad) splits on feature \(nodes[bad].feature), which does not exist"
        }
        guard leafCounts.count == leafCount, leafHessians.count == leafCount, leafDepths.count == leafCount else {
            return "its leaf lists have different lengths"
        }
        return nil
    }
}
