import Foundation
import HomeCredit
import Query
import Models
import Tables

/// `fit <kind> [on <table>] [target <column>] [features <pattern,…>] [exclude <pattern,…>]
/// [name=value …]`, read into a model specification (the command is declared in
/// `Commands/FitCommand.swift`).
struct FitRequest {
    var spec: ModelSpec
    var source = "application_train"

    /// One `name=value` setting of a model kind and what it sets. The names are those a user
    /// types (`trees`, `leaves`), never the parameter structs' own (`iterations`, `numLeaves`).
    struct Setting: Sendable {
        let option: Option
        let apply: @Sendable (inout ModelSpec, String) -> Void

        init(_ name: String, _ kind: Option.Kind, default value: String, _ help: String, apply: @escaping @Sendable (inout ModelSpec, String) -> Void) {
            option = Option(name, kind, default: value, help)
            self.apply = apply
        }
    }

    static let seed = Setting("seed", .integer(0...Int.max), default: "0", "seed of every random choice (bagging, column sampling, early-stopping rows)") {
        $0.seed = UInt64($1) ?? 0
    }

    /// Class weights of a logistic model or scorecard (gbdt has LightGBM's own, below).
    static let classWeight = Setting("pos_weight", .numberOrChoice(1e-9...1e9, ["balanced"]), default: "1",
                                     "weight of defaults against good clients, or balanced (scikit-learn's: each class n / (2 · its count))") {
        $0.classWeight = $1 == "balanced" ? .balanced : Double($1)! == 1 ? .none : .positive(Double($1)!)
    }

    static let sentinels = Setting("sentinels", .choice(["flag", "keep"]), default: "flag",
                                   "Home Credit's 365243-day codes (DAYS_EMPLOYED, previous applications' DAYS_*): missing plus a COLUMN_ANOM flag, or kept as numbers") {
        $0.sentinels = $1 == "keep" ? [:] : ColumnRole.sentinelCodes
    }

    /// The settings of each kind, with their defaults (`help fit gbdt` lists them).
    static let settings: [ModelSpec.Kind: [Setting]] = [
        .gbdt: [
            Setting("trees", .integer(1...1_000_000), default: "100", "boosting rounds (LightGBM's num_iterations)") { $0.gbdt.iterations = Int($1)! },
            Setting("rate", .number(1e-6...10), default: "0.1", "learning rate, the shrinkage of each tree") { $0.gbdt.learningRate = Double($1)! },
            Setting("leaves", .integer(2...131_072), default: "31", "most leaves per tree") { $0.gbdt.numLeaves = Int($1)! },
            Setting("depth", .integer(1...64), default: "none", "most splits from root to leaf (none: leaves alone limit the tree)") { $0.gbdt.maxDepth = Int($1)! },
            Setting("min_leaf", .integer(1...Int.max), default: "20", "fewest training rows in a leaf, as LightGBM's min_data_in_leaf (a split's sides estimate theirs from hessians)") { $0.gbdt.minDataInLeaf = Int($1)! },
            Setting("min_hessian", .number(0...Double.greatestFiniteMagnitude), default: "0.001", "smallest hessian sum in a leaf") { $0.gbdt.minSumHessianInLeaf = Double($1)! },
            Setting("l1", .number(0...Double.greatestFiniteMagnitude), default: "0", "L1 penalty on leaf values") { $0.gbdt.lambdaL1 = Double($1)! },
            Setting("l2", .number(0...Double.greatestFiniteMagnitude), default: "0", "L2 penalty on leaf values") { $0.gbdt.lambdaL2 = Double($1)! },
            Setting("min_gain", .number(0...Double.greatestFiniteMagnitude), default: "0", "smallest loss reduction a split must bring") { $0.gbdt.minGainToSplit = Double($1)! },
            Setting("bagging", .number(0.01...1), default: "1", "share of rows each tree is trained on (resampled every tree)") {
                $0.gbdt.baggingFraction = Double($1)!
                $0.gbdt.baggingFreq = $0.gbdt.baggingFraction < 1 ? 1 : 0
            },
            Setting("colsample", .number(0.01...1), default: "1", "share of features each tree may use (LightGBM's feature_fraction)") { $0.gbdt.featureFraction = Double($1)! },
            Setting("pos_weight", .numberOrChoice(0...Double.greatestFiniteMagnitude, ["balanced"]), default: "1", "weight of defaults against good clients, or balanced") {
                if $1 == "balanced" { $0.gbdt.isUnbalance = true } else { $0.gbdt.scalePosWeight = Double($1)! }
            },
            Setting("bins", .integer(2...255), default: "255", "most histogram bins per feature") { $0.gbdt.maxBins = Int($1)! },
            Setting("early_stop", .integer(1...Int.max), default: "none", "stop after this many rounds without improvement of early_stop_metric on the watched rows") { $0.gbdt.earlyStoppingRounds = Int($1)! },
            Setting("early_stop_metric", .choice(["logloss", "auc"]), default: "logloss", "what early stopping watches") {
                $0.gbdt.earlyStoppingMetric = $1 == "auc" ? .auc : .logLoss
            },
            Setting("early_stop_share", .number(0.01...0.5), default: "0.1", "the share of the training rows held out (stratified) to watch") { $0.earlyStoppingShare = Double($1)! },
            Setting("early_stop_on", .choice(["share", "fold"]), default: "share",
                    "in cv, watch early_stop_share of each fold's training rows, or the fold's own held-out rows as LightGBM's cv does (optimistic)") {
                $0.earlyStoppingOnFold = $1 == "fold"
            },
            Setting("categorical", .choice(["native", "onehot"]), default: "native", "text columns split by category sets, or one column per level") {
                $0.categorical = $1 == "onehot" ? .oneHot : .native
            },
            Setting("max_cat_to_onehot", .integer(1...1_000), default: "4", "a text column with at most this many bins (its levels plus missing) splits one level against the rest") {
                $0.gbdt.maxCategoriesOneVsRest = Int($1)!
            },
            Setting("max_cat_threshold", .integer(1...1_000), default: "32", "most levels on the left of a sorted category split") { $0.gbdt.maxCategoryThreshold = Int($1)! },
            Setting("cat_smooth", .number(0...1e9), default: "10", "smoothing of each level's mean gradient, and the fewest rows a level needs to be sorted") { $0.gbdt.categorySmoothing = Double($1)! },
            Setting("cat_l2", .number(0...1e9), default: "10", "extra L2 penalty of sorted category splits") { $0.gbdt.categoryL2 = Double($1)! },
            Setting("min_data_per_group", .integer(1...Int.max), default: "100", "rows between two candidate cuts of the sorted levels, and the fewest rows on the right") {
                $0.gbdt.minDataPerCategory = Int($1)!
            },
            Setting("feature_pre_filter", .choice(["true", "false"]), default: "true", "leave out columns that no cut can split with min_leaf rows on each side, before colsample draws") {
                $0.gbdt.featurePreFilter = $1 == "true"
            },
            // Read by `monotone(_:columns:)`, which needs the chosen columns.
            Setting("monotone", .text, default: "none", "columns the score may only rise (+1) or fall (-1) with: EXT_SOURCE_*:-1,DAYS_EMPLOYED:+1") { _, _ in },
            seed, sentinels,
        ],
        .logistic: [
            Setting("l2", .number(0...Double.greatestFiniteMagnitude), default: "1", "L2 penalty (1/C in scikit-learn's terms; the intercept is not penalised)") { $0.logistic.l2 = Double($1)! },
            Setting("max_iter", .integer(1...10_000), default: "100", "most Newton iterations") { $0.logistic.maxIterations = Int($1)! },
            classWeight, seed, sentinels,
        ],
        .scorecard: [
            Setting("base_score", .number(-1e9...1e9), default: "600", "points at the base odds") { $0.scorecard.baseScore = Double($1)! },
            Setting("base_odds", .number(1e-9...1e9), default: "50", "good:bad odds that score base_score") { $0.scorecard.baseOdds = Double($1)! },
            Setting("pdo", .number(1e-9...1e9), default: "20", "points to double the odds") { $0.scorecard.pointsToDoubleOdds = Double($1)! },
            Setting("min_iv", .number(0...100), default: "0.02", "smallest information value a characteristic needs to be kept") { $0.scorecard.minInformationValue = Double($1)! },
            Setting("classes", .integer(2...1000), default: "20", "fine classes before merging into bins") { $0.scorecard.fineClasses = Int($1)! },
            Setting("min_bin_share", .number(0...0.5), default: "0.05", "smallest share of rows in a bin") { $0.scorecard.minBinShare = Double($1)! },
            Setting("monotone", .choice(["true", "false"]), default: "true", "merge a numeric feature's bins until WoE only rises or only falls with the value") {
                $0.scorecard.monotone = $1 == "true"
            },
            Setting("rare_share", .number(0...0.5), default: "0.01", "text levels with a smaller share of rows pool into one \"other\" bin") { $0.scorecard.rareLevelShare = Double($1)! },
            Setting("smoothing", .number(0...1e6), default: "0.5", "added to every bin's goods and bads before WoE, so an all-good bin gets a finite WoE") {
                $0.scorecard.smoothing = Double($1)!
            },
            Setting("l2", .number(0...Double.greatestFiniteMagnitude), default: "1", "L2 penalty of the logistic fit on WoE values") { $0.scorecard.logistic.l2 = Double($1)! },
            classWeight, seed, sentinels,
        ],
    ]

    /// Reads a `fit <kind> …` invocation; `columnsOf` gives a table's columns.
    init(_ invocation: Invocation, kind: ModelSpec.Kind, columnsOf: (String, Int) throws(SessionError) -> [String]) throws(SessionError) {
        spec = ModelSpec(kind: kind, columns: [])
        spec.sentinels = ColumnRole.sentinelCodes
        if let on = invocation.value("on") { source = on }
        if let target = invocation.value("target") { spec.target = target }
        let include = invocation.values("features"), exclude = invocation.values("exclude")
        let available = try columnsOf(source, invocation.word("on")?.start ?? 0)
        guard available.contains(spec.target) else {
            throw invocation.error("no target column '\(spec.target)' in \(source)" + NameSuggester.didYouMean(NameSuggester.nearest(to: spec.target, in: available)),
                                   at: "target", help: "fit \(kind.rawValue) on application_train target TARGET")
        }
        if let weight = invocation.value("weight") {
            guard available.contains(weight), weight != spec.target else {
                throw invocation.error((weight == spec.target ? "the target cannot be the weight" : "no weight column '\(weight)' in \(source)")
                    + NameSuggester.didYouMean(NameSuggester.nearest(to: weight, in: available)), at: "weight")
            }
            spec.weightColumn = weight
        }
        // By default every column but the target, the weight and the keys.
        let candidates = available.filter { $0 != spec.target && $0 != spec.weightColumn && !$0.hasPrefix("SK_ID_") }
        var chosen = include.isEmpty ? candidates : []
        for (k, pattern) in include.enumerated() {
            let matched = candidates.filter { ColumnPattern.matches($0, pattern) }
            guard !matched.isEmpty else {
                let word = invocation.arguments["features"]![k]
                throw SessionError("no column of \(source) matches '\(pattern)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: pattern, in: candidates)),
                                   column: word.start + 1, length: word.end - word.start)
            }
            chosen += matched.filter { !chosen.contains($0) }
        }
        // `exclude protected`: the protected attributes (sex, age, family status, children).
        let excluded = exclude.flatMap { $0.lowercased() == "protected" ? ColumnRole.protectedColumns : [$0] }
        chosen.removeAll { name in excluded.contains { ColumnPattern.matches(name, $0) } }
        guard !chosen.isEmpty else { throw invocation.error("no feature columns left to fit on", at: "exclude") }
        spec.columns = chosen
        for setting in Self.settings[kind] ?? [] where invocation.has(setting.option.name) {
            setting.apply(&spec, invocation.text(setting.option.name))
        }
        if kind == .gbdt && invocation.has("monotone") {
            spec.monotone = try Self.monotone(invocation.text("monotone"), columns: chosen) { (message: String) in invocation.error(message, at: "monotone") }
        }
    }

    /// `PATTERN:+1,PATTERN:-1,…` as a direction per chosen column; a pattern that matches no
    /// chosen column, or a direction other than +1/-1, is an error.
    static func monotone(_ text: String, columns: [String], error: (String) -> SessionError) throws(SessionError) -> [String: Int] {
        var out: [String: Int] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let direction = ["+1": 1, "1": 1, "-1": -1][parts[1]] else {
                throw error("monotone takes COLUMN:+1 or COLUMN:-1, separated by commas: '\(item)'")
            }
            let matched = columns.filter { ColumnPattern.matches($0, parts[0]) }
            guard !matched.isEmpty else {
                throw error("monotone: no feature column matches '\(parts[0])'" + NameSuggester.didYouMean(NameSuggester.nearest(to: parts[0], in: columns)))
            }
            for column in matched { out[column] = direction }
        }
        return out
    }
}
