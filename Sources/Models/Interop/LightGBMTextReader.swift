import Tables
import Foundation
extension GBDTModel {
    /// Reads a binary-classification model in LightGBM's text format (`booster.save_model`,
    /// "version=v2" to "v4"), so that a model trained in Python can be scored, explained and
    /// monitored here: `rawScores` equals LightGBM's `predict(raw_score=True)`.
    ///
    /// The result is a `GBDTModel` with `initialScore` 0 (LightGBM keeps it in the first
    /// tree) and no `encoding` (the file does not say how its columns were built). Its
    /// `bins` cannot be LightGBM's, which the file does not keep: each numeric feature's
    /// bin boundaries are its split thresholds, which is all scoring and re-export need,
    /// but training on them would not reproduce LightGBM's. Categorical features keep
    /// LightGBM's integer codes as levels ("0", "1", …).
    ///
    /// Missing-value handling of numeric splits is translated exactly: NaN type as it is;
    /// None type (NaN is read as 0) by sending NaN where 0 goes; Zero type (0 and NaN go to
    /// the default side) by moving the threshold when that keeps 0 on the default side, and
    /// with three of our splits otherwise (a larger tree, the same scores). Multiclass, regression and ranking objectives, a
    /// sigmoid other than 1, linear trees and random-forest averaging are rejected too.
    public init(lightGBMText text: String) throws(LightGBMTextError) {
        self = try LightGBMTextReader(text: text).model()
    }
}

/// The parser behind `GBDTModel(lightGBMText:)`: key=value sections, then validation.
struct LightGBMTextReader {
    typealias F = LightGBMTextFormat
    typealias Fields = [String: String]

    var header: Fields = [:]
    var trees: [Fields] = []
    var parameters: Fields = [:]
    /// The `pandas_categorical:` line's JSON: the category labels of each categorical feature,
    /// in feature order, as pandas coded them (nil: the file has none, or `null`).
    var pandasCategorical: String?

    init(text: String) throws(LightGBMTextError) {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard let first = lines.first(where: { !$0.isEmpty }) else { throw .notAModel("the text is empty") }
        guard first == "tree" else { throw .notAModel("the first line is '\(first.prefix(40))', not 'tree'") }
        guard lines.contains("end of trees") else { throw .notAModel("no 'end of trees' line (a truncated file?)") }
        enum Section { case header, tree, afterTrees, parameters }
        var section = Section.header
        for line in lines.drop(while: { $0 != "tree" }).dropFirst() where !line.isEmpty {
            if line == "end of trees" { section = .afterTrees; continue }
            if line == "parameters:" { section = .parameters; continue }
            if line == "end of parameters" { section = .afterTrees; continue }
            switch section {
            case .header, .tree:
                guard let eq = line.firstIndex(of: "=") else {
                    throw .invalidValue(field: "line", tree: section == .tree ? trees.count - 1 : nil, value: line)
                }
                let key = String(line[..<eq]), value = String(line[line.index(after: eq)...])
                if key == "Tree" {
                    guard Int(value) == trees.count else { throw .invalidValue(field: "Tree", tree: trees.count, value: value) }
                    trees.append([:])
                    section = .tree
                } else if section == .tree {
                    trees[trees.count - 1][key] = value
                } else {
                    header[key] = value
                }
            case .parameters:
                // "[name: value]"
                if line.hasPrefix("["), line.hasSuffix("]"), let colon = line.firstIndex(of: ":") {
                    let key = String(line[line.index(after: line.startIndex)..<colon])
                    parameters[key] = String(line[line.index(after: colon)..<line.index(before: line.endIndex)])
                        .trimmingPrefix(" ").description
                }
            case .afterTrees:
                // Feature importances are informative only; the categories' labels matter.
                if line.hasPrefix("pandas_categorical:") {
                    let json = String(line.dropFirst("pandas_categorical:".count))
                    if json != "null" { pandasCategorical = json }
                }
            }
        }
    }

    func model() throws(LightGBMTextError) -> GBDTModel {
        try checkHeader()
        // LightGBM lists every tree's size in the header: a file missing trees (cut, or
        // edited) is refused as LightGBM refuses it, not read as a smaller model.
        if let sizes = header["tree_sizes"] {
            let listed = sizes.split(separator: " ").count
            guard listed == trees.count else {
                throw .notAModel("tree_sizes lists \(listed) trees but the file holds \(trees.count) (trees removed or the file damaged)")
            }
        }
        guard let maxFeature = Int(header["max_feature_idx"] ?? ""), maxFeature >= 0, maxFeature < 1_000_000 else {
            throw header["max_feature_idx"] == nil
                ? .missingField("max_feature_idx", tree: nil)
                : .invalidValue(field: "max_feature_idx", tree: nil, value: header["max_feature_idx"]!)
        }
        let featureCount = maxFeature + 1
        let names = (header["feature_names"] ?? "").split(separator: " ").map(String.init)
        guard names.count == featureCount else {
            throw .invalidValue(field: "feature_names (\(names.count) names, \(featureCount) expected)", tree: nil, value: header["feature_names"] ?? "")
        }
        let infos = (header["feature_infos"] ?? "").split(separator: " ").map(String.init)
        guard !trees.isEmpty else { throw .notAModel("the model has no trees") }

        var parsed: [ParsedTree] = []
        for (i, fields) in trees.enumerated() {
            parsed.append(try ParsedTree(fields: fields, index: i, featureCount: featureCount))
        }

        // Features: categorical if LightGBM listed levels for them or split them by sets.
        var levelCount = [Int?](repeating: nil, count: featureCount)
        for f in 0..<featureCount where f < infos.count {
            let info = infos[f]
            if info != "none", !info.hasPrefix("[") {
                // A categorical feature's level codes, `0:1:2` (LightGBM leaves out negative ones).
                let tokens = info.split(separator: ":", omittingEmptySubsequences: false)
                let codes = tokens.compactMap { Int($0) }
                guard codes.count == tokens.count else {
                    throw .invalidValue(field: "feature_infos (feature \(f): neither a [min:max] range nor level codes)", tree: nil, value: String(info.prefix(40)))
                }
                if let last = codes.filter({ $0 >= 0 }).max() { levelCount[f] = last + 1 }
            }
        }
        var thresholds = [[Double]](repeating: [], count: featureCount)
        for (i, tree) in parsed.enumerated() {
            for node in tree.nodes {
                if node.isCategorical {
                    levelCount[node.feature] = max(levelCount[node.feature] ?? 0, (node.categories.max() ?? -1) + 1)
                } else {
                    thresholds[node.feature].append(node.threshold)
                }
            }
            for node in tree.nodes where !node.isCategorical && levelCount[node.feature] != nil {
                throw .invalidStructure(tree: i, reason: "numeric split on categorical feature '\(names[node.feature])'")
            }
        }
        // pandas' category labels, one list per categorical feature in feature order: code k
        // of a feature is the k-th label (how LightGBM's Python package codes a DataFrame).
        let labels = try categoryLabels(categorical: (0..<featureCount).filter { levelCount[$0] != nil }, counts: levelCount)
        var features: [FeatureInfo] = [], bins: [FeatureBins] = []
        for f in 0..<featureCount {
            if let count = levelCount[f] {
                let levels = labels?[f] ?? (0..<count).map(String.init)
                features.append(FeatureInfo(name: names[f], source: names[f], kind: .categorical(levels: levels)))
                bins.append(FeatureBins(categoryCount: count))
            } else {
                features.append(FeatureInfo(name: names[f], source: names[f], kind: .numeric))
                let bounds = Array(Set(thresholds[f].filter { $0 < .infinity })).sorted() + [.infinity]
                bins.append(FeatureBins(upperBounds: bounds))
            }
        }
        let trees = parsed.map { tree in
            var t = tree.decisionTree
            for k in t.nodes.indices where !t.nodes[k].isCategorical {
                let bounds = bins[t.nodes[k].feature].upperBounds
                t.nodes[k].thresholdBin = bounds.firstIndex(of: t.nodes[k].threshold) ?? bounds.count - 1
            }
            return t
        }
        return GBDTModel(
            features: features, encoding: labels == nil ? nil : FeatureEncoding(imported: features, labelled: true), bins: bins, trees: trees, initialScore: 0,
            parameters: importedParameters(treeCount: trees.count, lastShrinkage: parsed.last?.shrinkage),
            validationHistory: [], bestIteration: nil)
    }

    /// Each categorical feature's labels from `pandas_categorical`, by feature index; nil when
    /// the file has none. A list shorter than the codes the trees use is refused.
    private func categoryLabels(categorical: [Int], counts: [Int?]) throws(LightGBMTextError) -> [Int: [String]]? {
        guard let json = pandasCategorical else { return nil }
        guard let lists = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[Any]] else {
            throw .invalidValue(field: "pandas_categorical", tree: nil, value: String(json.prefix(60)))
        }
        guard lists.count == categorical.count else {
            throw .invalidValue(field: "pandas_categorical (\(lists.count) lists for \(categorical.count) categorical features)", tree: nil, value: String(json.prefix(60)))
        }
        var out: [Int: [String]] = [:]
        for (f, list) in zip(categorical, lists) {
            let labels = list.map { value -> String in
                if !(value is Bool), let number = value as? NSNumber {
                    return number.doubleValue.plainText
                }
                return "\(value)"
            }
            guard labels.count >= counts[f] ?? 0 else {
                throw .invalidValue(field: "pandas_categorical (\(labels.count) labels, codes up to \((counts[f] ?? 1) - 1))", tree: nil, value: String(json.prefix(60)))
            }
            out[f] = labels
        }
        return out
    }

    private func checkHeader() throws(LightGBMTextError) {
        if let version = header["version"], !["v2", "v3", "v4"].contains(version) {
            throw .unsupported("format version \(version) (v2 to v4 are read)")
        }
        if let k = header["num_class"], k != "1" { throw .unsupported("num_class=\(k): only binary models") }
        if let k = header["num_tree_per_iteration"], k != "1" {
            throw .unsupported("num_tree_per_iteration=\(k): only one tree per iteration")
        }
        guard let objective = header["objective"] else { throw .missingField("objective", tree: nil) }
        let words = objective.split(separator: " ")
        guard words.first == "binary" else {
            throw .unsupported("objective '\(objective)': only binary log-loss models")
        }
        for word in words.dropFirst() where word.hasPrefix("sigmoid:") {
            guard let s = Double(word.dropFirst("sigmoid:".count)), s == 1 else {
                throw .unsupported("objective '\(objective)': only sigmoid:1 (raw scores are log-odds)")
            }
        }
        if header.keys.contains("average_output") {
            throw .unsupported("average_output (random forest): trees are averaged, not summed")
        }
    }

    /// LightGBM's parameters block where it maps onto ours; the rest keep our defaults.
    private func importedParameters(treeCount: Int, lastShrinkage: Double?) -> GBDTParameters {
        var p = GBDTParameters()
        p.iterations = treeCount
        func double(_ key: String) -> Double? { parameters[key].flatMap { Double($0) } }
        func int(_ key: String) -> Int? { parameters[key].flatMap { Int($0) } }
        if let v = double("learning_rate") ?? lastShrinkage, v > 0 { p.learningRate = v }
        if let v = int("num_leaves"), v >= 2 { p.numLeaves = v }
        if let v = int("max_depth") { p.maxDepth = v > 0 ? v : nil }
        if let v = int("min_data_in_leaf"), v >= 1 { p.minDataInLeaf = v }
        if let v = double("min_sum_hessian_in_leaf"), v >= 0 { p.minSumHessianInLeaf = v }
        if let v = double("lambda_l1"), v >= 0 { p.lambdaL1 = v }
        if let v = double("lambda_l2"), v >= 0 { p.lambdaL2 = v }
        if let v = double("min_gain_to_split"), v >= 0 { p.minGainToSplit = v }
        if let v = double("bagging_fraction"), v > 0, v <= 1 { p.baggingFraction = v }
        if let v = int("bagging_freq"), v >= 0 { p.baggingFreq = v }
        if let v = double("feature_fraction"), v > 0, v <= 1 { p.featureFraction = v }
        if let v = double("scale_pos_weight"), v > 0 { p.scalePosWeight = v }
        if let v = int("max_bin"), (2...255).contains(v) { p.maxBins = v }
        if let v = int("max_cat_to_onehot"), v >= 1 { p.maxCategoriesOneVsRest = v }
        if let v = int("max_cat_threshold"), v >= 1 { p.maxCategoryThreshold = v }
        if let v = double("cat_smooth"), v >= 0 { p.categorySmoothing = v }
        if let v = double("cat_l2"), v >= 0 { p.categoryL2 = v }
        if let v = int("min_data_per_group"), v >= 1 { p.minDataPerCategory = v }
        if let v = int("feature_pre_filter") { p.featurePreFilter = v != 0 }
        if let v = int("seed"), v >= 0 { p.seed = UInt64(v) }
        return p
    }
}

/// One `Tree=` block, checked and translated to our node semantics.
struct ParsedTree {
    typealias F = LightGBMTextFormat
    var nodes: [DecisionTree.Node] = []
    var decisionTree: DecisionTree
    var shrinkage: Double?

    init(fields: [String: String], index: Int, featureCount: Int) throws(LightGBMTextError) {
        func array<T>(_ key: String, _ count: Int, required: Bool, _ parse: (Substring) -> T?) throws(LightGBMTextError) -> [T]? {
            // LightGBM leaves the per-node fields of a one-leaf tree empty.
            guard let raw = fields[key], !(raw.isEmpty && !required) else {
                if required && count > 0 { throw .missingField(key, tree: index) }
                return nil
            }
            let parts = raw.split(separator: " ")
            var out: [T] = []
            out.reserveCapacity(parts.count)
            for part in parts {
                guard let v = parse(part) else { throw .invalidValue(field: key, tree: index, value: String(part)) }
                out.append(v)
            }
            guard count < 0 || out.count == count else {
                throw .invalidValue(field: "\(key) (\(out.count) values, \(count) expected)", tree: index, value: raw)
            }
            return out
        }
        let double: (Substring) -> Double? = { Double($0).flatMap { $0.isNaN ? nil : $0 } }
        let int: (Substring) -> Int? = { Int($0) }

        guard let leaves = Int(fields["num_leaves"] ?? ""), leaves >= 1, leaves <= 1 << 20 else {
            throw fields["num_leaves"] == nil
                ? .missingField("num_leaves", tree: index)
                : .invalidValue(field: "num_leaves", tree: index, value: fields["num_leaves"]!)
        }
        if let linear = fields["is_linear"], linear != "0" { throw .unsupported("linear trees (Tree=\(index))") }
        shrinkage = fields["shrinkage"].flatMap { Double($0) }
        let n = leaves - 1
        let leafValues = try array("leaf_value", leaves, required: true, double)!
        let leafCounts = try array("leaf_count", leaves, required: false, int) ?? Array(repeating: 0, count: leaves)
        let leafWeights = try array("leaf_weight", leaves, required: false, double) ?? Array(repeating: 0, count: leaves)
        var tree = DecisionTree(value: leafValues[0], count: leafCounts[0], hessian: leafWeights[0])
        var zeroBand = Set<Int>()
        tree.leafValues = leafValues
        tree.leafCounts = leafCounts
        tree.leafHessians = leafWeights
        guard n > 0 else {
            decisionTree = tree
            return
        }
        let features = try array("split_feature", n, required: true, int)!
        let thresholds = try array("threshold", n, required: true, double)!
        let decisions = try array("decision_type", n, required: true, int)!
        let lefts = try array("left_child", n, required: true, int)!
        let rights = try array("right_child", n, required: true, int)!
        let gains = try array("split_gain", n, required: false, double) ?? Array(repeating: 0, count: n)
        let values = try array("internal_value", n, required: false, double) ?? Array(repeating: 0, count: n)
        let weights = try array("internal_weight", n, required: false, double) ?? Array(repeating: 0, count: n)
        let counts = try array("internal_count", n, required: false, int) ?? Array(repeating: 0, count: n)
        let numCat = Int(fields["num_cat"] ?? "0") ?? -1
        guard numCat >= 0 else { throw .invalidValue(field: "num_cat", tree: index, value: fields["num_cat"]!) }
        let boundaries = try array("cat_boundaries", numCat > 0 ? numCat + 1 : -1, required: numCat > 0, int) ?? [0]
        let words = try array("cat_threshold", -1, required: numCat > 0, { UInt32($0) }) ?? []
        if numCat > 0 {
            guard boundaries.first == 0, boundaries.last == words.count, zip(boundaries, boundaries.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw .invalidValue(field: "cat_boundaries", tree: index, value: fields["cat_boundaries"] ?? "")
            }
        }

        for k in 0..<n {
            guard (0..<featureCount).contains(features[k]) else {
                throw .invalidValue(field: "split_feature", tree: index, value: String(features[k]))
            }
            let decision = decisions[k]
            guard (0..<16).contains(decision), let missing = F.MissingType(rawValue: (decision >> 2) & 3) else {
                throw .invalidValue(field: "decision_type", tree: index, value: String(decision))
            }
            var node = DecisionTree.Node(
                feature: features[k], thresholdBin: 0, threshold: 0, categories: [], defaultLeft: false,
                left: lefts[k], right: rights[k], gain: gains[k], count: counts[k], hessianSum: weights[k], value: values[k])
            if decision & F.categoricalMask != 0 {
                // LightGBM: the codes in the bitset go left; NaN, negative and other codes go right.
                let t = thresholds[k]
                guard let c = Int(exactly: t), (0..<numCat).contains(c) else {
                    throw .invalidValue(field: "threshold (categorical split index)", tree: index, value: F.number(t))
                }
                node.categories = F.members(words[boundaries[c]..<boundaries[c + 1]])
                guard !node.categories.isEmpty else {
                    throw .invalidValue(field: "cat_threshold (an empty category set)", tree: index, value: String(c))
                }
                guard node.categories.last! < 1 << 16 else {
                    throw .unsupported("category code \(node.categories.last!) in Tree=\(index): codes above 65535")
                }
            } else {
                if let (t, left) = Self.numericSplit(threshold: thresholds[k], defaultLeft: decision & F.defaultLeftMask != 0, missing: missing) {
                    (node.threshold, node.defaultLeft) = (t, left)
                } else {
                    (node.threshold, node.defaultLeft) = (thresholds[k], decision & F.defaultLeftMask != 0)
                    zeroBand.insert(k)
                }
            }
            nodes.append(node)
        }
        let depths = try Self.leafDepths(nodes: nodes, leaves: leaves, tree: index)
        if zeroBand.isEmpty {
            tree.nodes = nodes
            tree.leafDepths = depths
        } else {
            tree = try Self.expandingZeroBands(nodes: nodes, zeroBand: zeroBand, leaves: tree, index: index)
            self.nodes = tree.nodes
        }
        decisionTree = tree
    }

    /// A copy of the tree in which each zero-as-missing split in `zeroBand` (one that sends 0
    /// and NaN away from the values on both sides of 0) becomes three of ours — `x ≤ t`, then
    /// `x < -z` and `x ≤ z` to pick out the zero band [-z, z] — with the subtree that the band
    /// joins copied. Exact; the cost is a larger tree.
    static func expandingZeroBands(
        nodes: [DecisionTree.Node], zeroBand: Set<Int>, leaves: DecisionTree, index: Int
    ) throws(LightGBMTextError) -> DecisionTree {
        let z = F.zeroThreshold
        var out = DecisionTree(value: 0, count: 0, hessian: 0)
        out.leafValues = []
        out.leafCounts = []
        out.leafHessians = []
        var outNodes: [DecisionTree.Node] = []
        var tooLarge = false
        func rows(_ child: Int) -> Int { child < 0 ? leaves.leafCounts[~child] : nodes[child].count }
        /// The subtree at `child`, copied; `rows` replaces the count of its root.
        func build(_ child: Int, rows override: Int) -> Int {
            let built = build(child)
            guard !tooLarge else { return built }
            if built < 0 { out.leafCounts[~built] = override } else { outNodes[built].count = override }
            return built
        }
        func build(_ child: Int) -> Int {
            if child < 0 {
                out.leafValues.append(leaves.leafValues[~child])
                out.leafCounts.append(leaves.leafCounts[~child])
                out.leafHessians.append(leaves.leafHessians[~child])
                return ~(out.leafValues.count - 1)
            }
            if outNodes.count > 1 << 16 { tooLarge = true }
            if tooLarge { return -1 }
            let source = nodes[child]
            func add(_ node: DecisionTree.Node, _ left: () -> Int, _ right: () -> Int) -> Int {
                let k = outNodes.count
                outNodes.append(node)
                let l = left()
                outNodes[k].left = l
                let r = right()
                outNodes[k].right = r
                return k
            }
            guard zeroBand.contains(child) else { return add(source, { build(source.left) }, { build(source.right) }) }
            // The band's own splits. Their rows are those of the side the band leaves (LightGBM
            // counted the band's rows on the default side), and the copy of the default side
            // that the band joins takes none: the branch weights explanations use are then
            // LightGBM's, and so are the contributions.
            var below = source, band = source
            below.threshold = (-z).nextDown
            band.threshold = z
            below.gain = 0
            band.gain = 0
            if source.defaultLeft {
                // t < -z: left = x ≤ t or zero or NaN.
                below.count = rows(source.right)
                band.count = below.count
                return add(source, { build(source.left) }, {
                    add(below, { build(source.right) }, { add(band, { build(source.left, rows: 0) }, { build(source.right) }) })
                })
            } else {
                // t > z: right = x > t or zero or NaN.
                below.count = rows(source.left)
                band.count = below.count
                return add(source, {
                    add(below, { build(source.left) }, { add(band, { build(source.right, rows: 0) }, { build(source.left) }) })
                }, { build(source.right) })
            }
        }
        _ = build(0)
        if tooLarge { throw .unsupported("Tree=\(index): its zero-as-missing splits would need too large a tree") }
        out.nodes = outNodes
        out.leafDepths = try leafDepths(nodes: outNodes, leaves: out.leafValues.count, tree: index)
        return out
    }

    /// Our (threshold, defaultLeft) for a LightGBM numeric split: ours sends NaN to the
    /// default side and compares every other value with the threshold. `nil` for a
    /// zero-as-missing split that sends the zero band away from the values on both sides of
    /// it, which needs more than one of our splits (`expandingZeroBands`).
    static func numericSplit(threshold t: Double, defaultLeft: Bool, missing: F.MissingType) -> (Double, Bool)? {
        switch missing {
        case .nan:
            return (t, defaultLeft)
        case .none:
            // NaN is read as 0, so it goes wherever 0 goes.
            return (t, 0 <= t)
        case .zero:
            // Values in [-z, z] (zero) and NaN go to the default side, others by threshold.
            let z = F.zeroThreshold
            if defaultLeft && t >= z { return (t, true) }  // zero lies left of t anyway
            if !defaultLeft && t < -z { return (t, false) }  // zero lies right of t anyway
            // The threshold cuts the zero band: the band goes to the default side whole.
            if defaultLeft && t >= -z { return (z, true) }
            if !defaultLeft && t <= z { return ((-z).nextDown, false) }
            return nil
        }
    }

    /// Checks that the children form one tree over all nodes and leaves; returns each leaf's depth.
    static func leafDepths(nodes: [DecisionTree.Node], leaves: Int, tree: Int) throws(LightGBMTextError) -> [Int] {
        switch DecisionTree.leafDepths(nodes: nodes, leafCount: leaves) {
        case .success(let depths): return depths
        case .failure(let problem): throw .invalidStructure(tree: tree, reason: problem.reason)
        }
    }
}
