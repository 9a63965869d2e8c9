import Foundation
extension GBDTModel {
    /// The model in LightGBM's text model format (`model.txt`, "version=v4"), so that
    /// LightGBM — `lgb.Booster(model_file=…)` in Python, the CLI, or any LightGBM scorer in
    /// production — predicts what this model predicts: `predict(raw_score=True)` gives
    /// `rawScores` bit for bit, and `predict` the same probabilities.
    ///
    /// What is translated, and why it is exact:
    /// - The starting log-odds is added into the first tree's leaves (and node values), as
    ///   LightGBM itself stores `boost_from_average`; LightGBM has no separate init score.
    /// - Numeric splits get the NaN missing type: NaN goes to the default side and every
    ///   other value is compared with the threshold (`value ≤ threshold` goes left), as here.
    ///   A threshold of +∞ (the "missing against everything" split) is written as the
    ///   largest finite double, which differs only for a value of +∞ itself.
    /// - LightGBM always sends NaN (and negative codes) right at categorical splits. When
    ///   ours sends missing left, the export swaps the children and lists the complement of
    ///   the left levels instead. Codes are the `FeatureInfo.Kind.categorical` level indices;
    ///   a code at or beyond the level count (never produced by `FeatureEncoding`, which
    ///   makes unseen levels missing) is the one input where the two may disagree.
    /// - Feature names lose what LightGBM cannot hold (spaces, `"`, `,`, `:`, `[`, `]`, `{`,
    ///   `}` become `_`), and a name made equal to another gets a `__2`, `__3`… suffix.
    /// - The categorical features' levels are written as `pandas_categorical`, in code order:
    ///   LightGBM's Python package recodes a DataFrame's `category` columns through that list
    ///   (whatever order pandas gave the categories), so a frame scores as the tool scores.
    public func lightGBMText() -> String {
        typealias F = LightGBMTextFormat
        let names = LightGBMTextWriter.safeNames(features.map(\.name))
        var trees = trees
        if trees.isEmpty { trees = [DecisionTree(value: 0, count: 0, hessian: 0)] }
        let treeTexts = trees.enumerated().map { i, tree in
            "Tree=\(i)\n" + LightGBMTextWriter.body(
                of: tree, bias: i == 0 ? initialScore : 0, bins: bins, shrinkage: parameters.learningRate) + "\n"
        }
        var text = """
            tree
            version=v4
            num_class=1
            num_tree_per_iteration=1
            label_index=0
            max_feature_idx=\(features.count - 1)
            objective=binary sigmoid:1
            feature_names=\(names.joined(separator: " "))
            feature_infos=\(zip(features, bins).map(LightGBMTextWriter.info).joined(separator: " "))
            tree_sizes=\(F.list(treeTexts) { String($0.utf8.count) })


            """
        for t in treeTexts { text += t }
        text += "end of trees\n\nfeature_importances:\n"
        for item in featureImportance(.splits) where item.value > 0 {
            text += "\(names[features.firstIndex { $0.name == item.feature }!])=\(Int(item.value))\n"
        }
        text += "\nparameters:\n" + LightGBMTextWriter.parameterLines(parameters, features: features)
        text += "end of parameters\n\npandas_categorical:\(LightGBMTextWriter.pandasCategorical(features))\n"
        return text
    }
}

/// The pieces of `GBDTModel.lightGBMText()`.
extension LightGBMTextWriter {
    /// `[["Cash loans","Revolving loans"],…]` for the categorical features, `null` without any.
    static func pandasCategorical(_ features: [FeatureInfo]) -> String {
        let lists = features.compactMap { feature -> [String]? in
            if case .categorical(let levels) = feature.kind { return levels }
            return nil
        }
        guard !lists.isEmpty else { return "null" }
        func quoted(_ s: String) -> String {
            var out = "\""
            for ch in s.unicodeScalars {
                switch ch {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
                }
            }
            return out + "\""
        }
        return "[" + lists.map { "[" + $0.map(quoted).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }
}

enum LightGBMTextWriter {
    typealias F = LightGBMTextFormat

    /// One `Tree=` block without its header line: LightGBM's `Tree::ToString` layout.
    static func body(of tree: DecisionTree, bias: Double, bins: [FeatureBins], shrinkage: Double) -> String {
        var threshold: [String] = [], decision: [Int] = [], left: [Int] = [], right: [Int] = []
        var catBoundaries = [0], catWords: [UInt32] = []
        for node in tree.nodes {
            if node.isCategorical {
                let levelCount = bins[node.feature].valueBinCount
                let codes = node.categories.filter { $0 < levelCount }
                // LightGBM sends NaN right: if ours sends it left, mirror the split.
                let leftCodes = node.defaultLeft ? (0..<levelCount).filter { !codes.contains($0) } : codes
                threshold.append(String(catBoundaries.count - 1))
                catWords += F.bitset(leftCodes)
                catBoundaries.append(catWords.count)
                decision.append(F.decisionType(categorical: true, defaultLeft: false, missing: .nan))
                left.append(node.defaultLeft ? node.right : node.left)
                right.append(node.defaultLeft ? node.left : node.right)
            } else {
                threshold.append(F.number(node.threshold == .infinity ? .greatestFiniteMagnitude : node.threshold))
                decision.append(F.decisionType(categorical: false, defaultLeft: node.defaultLeft, missing: .nan))
                left.append(node.left)
                right.append(node.right)
            }
        }
        let numCat = catBoundaries.count - 1
        var lines = [
            "num_leaves=\(tree.leafCount)",
            "num_cat=\(numCat)",
            "split_feature=" + F.list(tree.nodes) { String($0.feature) },
            "split_gain=" + F.list(tree.nodes) { F.number($0.gain) },
            "threshold=" + threshold.joined(separator: " "),
            "decision_type=" + F.list(decision) { String($0) },
            "left_child=" + F.list(left) { String($0) },
            "right_child=" + F.list(right) { String($0) },
            // The same sum as scoring (bias first, then the leaf), so the export is bit-exact.
            "leaf_value=" + F.list(tree.leafValues) { F.number(bias + $0) },
            "leaf_weight=" + F.list(tree.leafHessians, F.number),
            "leaf_count=" + F.list(tree.leafCounts) { String($0) },
            "internal_value=" + F.list(tree.nodes) { F.number(bias + $0.value) },
            "internal_weight=" + F.list(tree.nodes) { F.number($0.hessianSum) },
            "internal_count=" + F.list(tree.nodes) { String($0.count) },
        ]
        if numCat > 0 {
            lines.append("cat_boundaries=" + F.list(catBoundaries) { String($0) })
            lines.append("cat_threshold=" + F.list(catWords) { String($0) })
        }
        lines += ["is_linear=0", "shrinkage=\(F.number(shrinkage))"]
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// `feature_infos`: the level codes of a categorical feature; for a numeric one the
    /// range of its bin boundaries (the model keeps no minimum and maximum; LightGBM only
    /// reports this field), or `none` when it has a single bin and can never be split.
    static func info(_ feature: FeatureInfo, _ bins: FeatureBins) -> String {
        if bins.kind == .categorical {
            return bins.valueBinCount == 0 ? "none" : (0..<bins.valueBinCount).map(String.init).joined(separator: ":")
        }
        let finite = bins.upperBounds.filter(\.isFinite)
        guard let low = finite.first, let high = finite.last else { return "none" }
        return "[\(F.number(low)):\(F.number(high))]"
    }

    /// Names LightGBM accepts, unique.
    static func safeNames(_ names: [String]) -> [String] {
        let forbidden: Set<Character> = [" ", "\t", "\n", "\r", "\"", ",", ":", "[", "]", "{", "}"]
        var used = Set<String>(), out: [String] = []
        for name in names {
            let base = String(name.map { forbidden.contains($0) ? "_" : $0 })
            var candidate = base.isEmpty ? "_" : base, k = 2
            while used.contains(candidate) {
                candidate = "\(base)__\(k)"
                k += 1
            }
            used.insert(candidate)
            out.append(candidate)
        }
        return out
    }

    /// The `parameters:` block, in LightGBM's names, for whoever reads the file later.
    static func parameterLines(_ p: GBDTParameters, features: [FeatureInfo]) -> String {
        let categorical = features.indices.filter { features[$0].isCategorical }
        let pairs: [(String, String)] = [
            ("boosting", "gbdt"), ("objective", "binary"),
            ("num_iterations", String(p.iterations)), ("learning_rate", F.number(p.learningRate)),
            ("num_leaves", String(p.numLeaves)), ("max_depth", String(p.maxDepth ?? -1)),
            ("min_data_in_leaf", String(p.minDataInLeaf)),
            ("min_sum_hessian_in_leaf", F.number(p.minSumHessianInLeaf)),
            ("bagging_fraction", F.number(p.baggingFraction)), ("bagging_freq", String(p.baggingFreq)),
            ("feature_fraction", F.number(p.featureFraction)),
            ("lambda_l1", F.number(p.lambdaL1)), ("lambda_l2", F.number(p.lambdaL2)),
            ("min_gain_to_split", F.number(p.minGainToSplit)),
            ("scale_pos_weight", F.number(p.scalePosWeight)), ("is_unbalance", p.isUnbalance ? "1" : "0"),
            ("max_bin", String(p.maxBins)), ("max_cat_to_onehot", String(p.maxCategoriesOneVsRest)),
            ("max_cat_threshold", String(p.maxCategoryThreshold)), ("cat_smooth", F.number(p.categorySmoothing)),
            ("cat_l2", F.number(p.categoryL2)), ("min_data_per_group", String(p.minDataPerCategory)),
            ("feature_pre_filter", p.featurePreFilter ? "1" : "0"),
            ("categorical_feature", categorical.map(String.init).joined(separator: ",")),
            ("seed", String(p.seed)), ("boost_from_average", "1"),
        ]
        var all = pairs
        if let constraints = p.monotoneConstraints {
            all.append(("monotone_constraints", constraints.map(String.init).joined(separator: ",")))
            all.append(("monotone_constraints_method", "basic"))
        }
        return all.map { "[\($0): \($1)]\n" }.joined()
    }
}
