/// One regression tree of a boosted model, as plain arrays so that it can be saved,
/// compared and exported to LightGBM's text format (whose layout it follows).
///
/// Internal nodes are `nodes[0...]`, the root first; leaves are numbered separately. A
/// child index `c ≥ 0` is a node, `c < 0` is the leaf `~c` (LightGBM's convention). A tree
/// with no split has no nodes and one leaf.
public struct DecisionTree: Sendable, Equatable, Codable {
    public struct Node: Sendable, Equatable, Codable {
        /// Index of the feature in the model's feature list.
        public var feature: Int
        /// Numeric split: rows with bin ≤ `thresholdBin` go left.
        public var thresholdBin: Int
        /// Numeric split: values ≤ `threshold` go left (the bin's upper bound).
        public var threshold: Double
        /// Categorical split: the category codes that go left (sorted); empty for numeric.
        public var categories: [Int]
        /// Where missing values go (learnt: the side that gave the larger gain).
        public var defaultLeft: Bool
        public var left: Int
        public var right: Int
        /// Decrease of the regularised training loss by this split.
        public var gain: Double
        /// Training rows (in the bag) that reached the node, and their hessian sum.
        public var count: Int
        public var hessianSum: Double
        /// What the node would output as a leaf (learning rate applied); explanations use it.
        public var value: Double

        public var isCategorical: Bool { !categories.isEmpty }

        /// Whether a raw feature value goes to the left child.
        @inline(__always)
        public func goesLeft(_ value: Double) -> Bool {
            if value.isNaN { return defaultLeft }
            if isCategorical {
                // Not a level code at all: treated as missing, as binning does.
                guard let code = Int(exactly: value), code >= 0 else { return defaultLeft }
                return categories.contains(code)
            }
            return value <= threshold
        }

        /// Whether a bin code goes to the left child (`missingBin`: the feature's missing bin).
        @inline(__always)
        func goesLeft(bin: Int, missingBin: Int) -> Bool {
            if isCategorical { return categories.contains(bin) }
            if bin == missingBin { return defaultLeft }
            return bin <= thresholdBin
        }
    }

    public internal(set) var nodes: [Node] = []
    /// Leaf outputs in log-odds, learning rate applied.
    public internal(set) var leafValues: [Double]
    /// Training rows (in the bag) per leaf, and their hessian sums.
    public internal(set) var leafCounts: [Int]
    public internal(set) var leafHessians: [Double]
    /// Splits from the root to each leaf.
    public internal(set) var leafDepths: [Int]

    public var leafCount: Int { leafValues.count }

    /// A one-leaf tree.
    init(value: Double, count: Int, hessian: Double) {
        leafValues = [value]
        leafCounts = [count]
        leafHessians = [hessian]
        leafDepths = [0]
    }

    /// The leaf a row of raw feature values (feature order of the model) falls in.
    public func leaf(for row: [Double]) -> Int {
        leaf { row[$0] }
    }

    /// The log-odds contribution of this tree for a row.
    public func value(for row: [Double]) -> Double { leafValues[leaf(for: row)] }

    /// The leaf for a row whose feature values `valueOf(feature)` gives.
    @inline(__always)
    func leaf(_ valueOf: (Int) -> Double) -> Int {
        guard !nodes.isEmpty else { return 0 }
        var i = 0
        // A valid tree (every reader checks its shape) reaches a leaf within nodes.count
        // steps; the bound makes a damaged one stop instead of looping.
        for _ in 0...nodes.count {
            let node = nodes[i]
            let next = node.goesLeft(valueOf(node.feature)) ? node.left : node.right
            if next < 0 { return ~next }
            i = next
        }
        preconditionFailure("tree walk longer than its node count: the tree's shape was not checked")
    }

    /// The leaf of row `row` of binned data.
    @inline(__always)
    func leaf(binned data: BinnedData, row: Int) -> Int {
        guard !nodes.isEmpty else { return 0 }
        var i = 0
        while true {
            let node = nodes[i]
            let bin = Int(data.codes.base[node.feature * data.rowCount + row])
            let next = node.goesLeft(bin: bin, missingBin: data.bins[node.feature].missingBin) ? node.left : node.right
            if next < 0 { return ~next }
            i = next
        }
    }

    /// Replaces leaf `leaf` by a split whose left child keeps the leaf's number and whose
    /// right child becomes leaf `leafCount` (as LightGBM numbers them); returns the right leaf.
    mutating func split(leaf: Int, node: Node, left: LeafSummary, right: LeafSummary) -> Int {
        let nodeIndex = nodes.count
        let rightLeaf = leafValues.count
        // Re-point the parent's reference to the old leaf at the new node.
        if let parent = nodes.firstIndex(where: { $0.left == ~leaf || $0.right == ~leaf }) {
            if nodes[parent].left == ~leaf { nodes[parent].left = nodeIndex } else { nodes[parent].right = nodeIndex }
        }
        var newNode = node
        newNode.left = ~leaf
        newNode.right = ~rightLeaf
        nodes.append(newNode)
        let depth = leafDepths[leaf] + 1
        leafValues[leaf] = left.value
        leafCounts[leaf] = left.count
        leafHessians[leaf] = left.hessian
        leafDepths[leaf] = depth
        leafValues.append(right.value)
        leafCounts.append(right.count)
        leafHessians.append(right.hessian)
        leafDepths.append(depth)
        return rightLeaf
    }

    /// What a new leaf records.
    struct LeafSummary {
        let value: Double
        let count: Int
        let hessian: Double
    }
}
