import Tables

/// What to fit: the kind of model, the target, the table columns it may use and the
/// kind's parameters. The shell builds one from `fit …` and keeps it, so that `cv` can
/// refit the same specification fold by fold.
public struct ModelSpec: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case gbdt, logistic, scorecard
    }

    public var kind: Kind
    public var target = "TARGET"
    /// Table columns the model reads (categoricals are encoded as the kind needs).
    public var columns: [String]
    public var gbdt = GBDTParameters()
    public var logistic = LogisticParameters()
    public var scorecard = ScorecardParameters()
    /// Seeds bagging and sampling (gbdt) and the folds of `crossValidate`.
    public var seed: UInt64 = 0
    /// How a gbdt model sees categorical columns: category codes split as sets (native), or
    /// one 0/1 column per level (as the Python kernels do).
    public var categorical = FeatureEncoding.Categorical.native
    /// Monotone constraints of a gbdt model by column: +1 the score may only rise with the
    /// value, −1 only fall (LightGBM's `monotone_constraints`, basic method).
    public var monotone: [String: Int] = [:]
    /// Numeric codes read as missing with a `COLUMN_ANOM` flag (see `FeatureEncoding.Options`).
    public var sentinels: [String: Double] = [:]
    /// With early stopping, the share of each training set held out (stratified) to watch.
    public var earlyStoppingShare = 0.1
    /// With early stopping in `crossValidate`: watch each fold's own held-out rows, as
    /// LightGBM's `cv` does (the OOF figures are then optimistic), instead of a share of its
    /// training rows.
    public var earlyStoppingOnFold = false

    /// A column of sample weights (`fit … weight COLUMN`): how much each training row
    /// counts, as LightGBM's and scikit-learn's `sample_weight`; nil counts every row once.
    public var weightColumn: String? = nil
    /// Class weights of a logistic model or scorecard (`pos_weight=`); a gbdt model keeps
    /// LightGBM's own (`GBDTParameters.scalePosWeight`, `isUnbalance`).
    public var classWeight = ClassWeight.none

    /// How much a default counts against a good client in the fit.
    public enum ClassWeight: Sendable, Equatable {
        case none
        /// Every default counts this many times.
        case positive(Double)
        /// scikit-learn's `class_weight="balanced"`: each class weighs n / (2 · its count),
        /// so both weigh the same in total and all rows together still weigh n.
        case balanced
    }

    public init(kind: Kind, columns: [String]) {
        self.kind = kind
        self.columns = columns
    }

    /// Trees split on category codes; a logistic model needs one 0/1 column per level;
    /// a scorecard bins category codes into WoE classes.
    var encodingOptions: FeatureEncoding.Options {
        var options = switch kind {
        case .gbdt: FeatureEncoding.Options(categorical: categorical)
        case .scorecard: FeatureEncoding.Options(categorical: .native)
        case .logistic: FeatureEncoding.Options(categorical: .oneHot)
        }
        // Level coefficients against the most frequent level, as statistics packages report them.
        if kind == .logistic { options.dropReference = true }
        options.sentinels = sentinels.isEmpty ? nil : sentinels
        return options
    }

    /// The encoded inputs and labels of `table`.
    public func prepare(_ table: Table) throws(ModelError) -> (encoding: FeatureEncoding, matrix: FeatureMatrix, labels: [Bool]) {
        do {
            let labels = try BinaryTarget.labels(from: table, column: target)
            let encoding = try FeatureEncoding(table: table, columns: columns, options: encodingOptions)
            return (encoding, try encoding.matrix(from: table), labels)
        } catch {
            throw ModelError(error.description)
        }
    }

    /// The sample weights of `table`'s rows (`weightColumn`), checked: a number for every
    /// row, none negative, not all zero. Nil without a weight column.
    public func weights(_ table: Table) throws(ModelError) -> [Double]? {
        guard let name = weightColumn else { return nil }
        guard let column = table[name] else { throw ModelError("no weight column '\(name)'") }
        guard column.type != .category else { throw ModelError("the weight column '\(name)' holds \(column.type), not numbers") }
        if column.missingCount > 0 {
            throw ModelError("the weight column '\(name)' has no value in \(column.missingCount) rows: give every training row a weight (`let` can fill them)")
        }
        let weights = (0..<column.count).map { column.number(at: $0) ?? .nan }
        if let bad = weights.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
            throw ModelError("the weight column '\(name)' holds \(weights[bad]) in row \(bad + 1): weights are finite and not negative")
        }
        guard weights.contains(where: { $0 > 0 }) else { throw ModelError("every weight in '\(name)' is 0") }
        return weights
    }

    /// Each row's weight in a logistic or scorecard fit: its sample weight times its class's.
    func rowWeights(labels: [Bool], sample: [Double]?) -> [Double]? {
        let positives = Double(labels.filter { $0 }.count), n = Double(labels.count)
        let (positive, negative): (Double, Double) = switch classWeight {
        case .none: (1, 1)
        case .positive(let w): (w, 1)
        case .balanced: (n / (2 * positives), n / (2 * (n - positives)))
        }
        if sample == nil && positive == 1 && negative == 1 { return nil }
        return labels.indices.map { (labels[$0] ? positive : negative) * (sample?[$0] ?? 1) }
    }

    /// Fits the model on `rows` of the prepared matrix (all rows when nil), weighing rows by
    /// `weights` (one per matrix row) when given; with early stopping, `watching` rows (when
    /// given) are the ones watched.
    public func fit(_ matrix: FeatureMatrix, labels: [Bool], weights: [Double]? = nil, rows: [Int]? = nil, watching: [Int]? = nil) throws(ModelError) -> ModelPayload {
        let x = rows.map { matrix.rows($0) } ?? matrix
        let y = rows.map { $0.map { labels[$0] } } ?? labels
        let w = weights.map { weights in rows.map { $0.map { weights[$0] } } ?? weights }
        do {
            switch kind {
            case .gbdt:
                var p = gbdt
                p.seed = seed
                if !monotone.isEmpty {
                    if let f = x.features.first(where: { monotone[$0.source, default: 0] != 0 && $0.kind != .numeric }) {
                        throw ModelError("monotone: '\(f.source)' is a text column; constraints apply to numeric columns")
                    }
                    p.monotoneConstraints = x.features.map { monotone[$0.source] ?? 0 }
                }
                guard p.earlyStoppingRounds != nil else { return .gbdt(try GBDTModel.train(x, labels: y, weights: w, parameters: p)) }
                if let watching {
                    return .gbdt(try GBDTModel.train(x, labels: y, weights: w, parameters: p, validation: EvaluationSet(matrix.rows(watching), watching.map { labels[$0] })))
                }
                // Early stopping watches a stratified share of the training rows, never the
                // rows being predicted (in `crossValidate`, the fold left out).
                let split = try HoldoutSplit(labels: y, fraction: earlyStoppingShare, seed: seed)
                let watched = EvaluationSet(x.rows(split.testRows), split.testRows.map { y[$0] })
                return .gbdt(try GBDTModel.train(
                    x.rows(split.trainRows), labels: split.trainRows.map { y[$0] }, weights: w.map { w in split.trainRows.map { w[$0] } },
                    parameters: p, validation: watched))
            case .logistic:
                return .logistic(try LogisticModel.fit(x, labels: y, weights: rowWeights(labels: y, sample: w), parameters: logistic))
            case .scorecard:
                return .scorecard(try Scorecard.fit(x, labels: y, weights: w, regressionWeights: rowWeights(labels: y, sample: w), parameters: scorecard))
            }
        } catch {
            if Cancellation.isRequested { throw .cancelled }
            throw ModelError("\(error)")
        }
    }

    /// Stratified k-fold cross-validation: each fold's model predicts the rows it did not
    /// see, so every row gets one honest (out-of-fold) prediction.
    /// `foldSeed` draws the folds (the model's own seed by default); the models keep `seed`.
    public func crossValidate(_ matrix: FeatureMatrix, labels: [Bool], weights: [Double]? = nil, folds k: Int, foldSeed: UInt64? = nil) throws(ModelError) -> CrossValidation {
        let folds: StratifiedFolds
        do { folds = try StratifiedFolds(labels: labels, k: k, seed: foldSeed ?? seed) } catch { throw ModelError("\(error)") }
        var rounds: [Int] = []
        var cv = try CrossValidation.run(labels: labels, folds: folds) { (train, valid) throws(ModelError) -> [Double] in
            if Cancellation.isRequested { throw .cancelled }
            defer { Progress.advance(1, "folds") }
            let model = try fit(matrix, labels: labels, weights: weights, rows: train, watching: earlyStoppingOnFold ? valid : nil)
            if case .gbdt(let trees) = model, gbdt.earlyStoppingRounds != nil { rounds.append(trees.trees.count) }
            return try model.probabilities(matrix.rows(valid))
        }
        if rounds.count == k { cv.bestRounds = rounds }
        return cv
    }

    /// Trains on `holdout`'s training rows and predicts its test rows: a single held-out
    /// validation, cheaper than k folds.
    public func holdout(_ matrix: FeatureMatrix, labels: [Bool], weights: [Double]? = nil, fraction: Double) throws(ModelError) -> (split: HoldoutSplit, probabilities: [Double]) {
        let split: HoldoutSplit
        do { split = try HoldoutSplit(labels: labels, fraction: fraction, seed: seed) } catch { throw ModelError("\(error)") }
        let p = try fit(matrix, labels: labels, weights: weights, rows: split.trainRows).probabilities(matrix.rows(split.testRows))
        return (split, p)
    }

    /// Every parameter as text, named as `fit` takes it (`trees`, `leaves`, not LightGBM's or
    /// the structs' names), for the model file's training record and `model`.
    public var parameterSummary: [String: String] {
        var out = ["kind": kind.rawValue, "target": target, "seed": String(seed), "sentinels": sentinels.isEmpty ? "keep" : "flag",
                   "weight": weightColumn ?? "none"]
        func number(_ x: Double) -> String { x.plainText }
        switch kind {
        case .gbdt:
            let p = gbdt
            out["trees"] = String(p.iterations)
            out["rate"] = number(p.learningRate)
            out["leaves"] = String(p.numLeaves)
            out["depth"] = p.maxDepth.map(String.init) ?? "none"
            out["min_leaf"] = String(p.minDataInLeaf)
            out["min_hessian"] = number(p.minSumHessianInLeaf)
            out["l1"] = number(p.lambdaL1)
            out["l2"] = number(p.lambdaL2)
            out["min_gain"] = number(p.minGainToSplit)
            out["bagging"] = number(p.baggingFraction)
            out["colsample"] = number(p.featureFraction)
            out["pos_weight"] = p.isUnbalance ? "balanced" : number(p.scalePosWeight)
            out["bins"] = String(p.maxBins)
            out["categorical"] = categorical.rawValue
            out["max_cat_to_onehot"] = String(p.maxCategoriesOneVsRest)
            out["max_cat_threshold"] = String(p.maxCategoryThreshold)
            out["cat_smooth"] = number(p.categorySmoothing)
            out["cat_l2"] = number(p.categoryL2)
            out["min_data_per_group"] = String(p.minDataPerCategory)
            out["feature_pre_filter"] = String(p.featurePreFilter)
            out["early_stop"] = p.earlyStoppingRounds.map(String.init) ?? "none"
            if p.earlyStoppingRounds != nil {
                out["early_stop_metric"] = p.earlyStoppingMetric.name
                out["early_stop_on"] = earlyStoppingOnFold ? "fold" : "share"
                out["early_stop_share"] = number(earlyStoppingShare)
            }
            if !monotone.isEmpty {
                out["monotone"] = monotone.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value > 0 ? "+1" : "-1")" }.joined(separator: ",")
            }
        case .logistic:
            out["pos_weight"] = classWeightName
            out["l2"] = number(logistic.l2)
            out["max_iter"] = String(logistic.maxIterations)
        case .scorecard:
            out["base_score"] = number(scorecard.baseScore)
            out["base_odds"] = number(scorecard.baseOdds)
            out["pdo"] = number(scorecard.pointsToDoubleOdds)
            out["min_iv"] = scorecard.minInformationValue.map(number) ?? "none"
            out["classes"] = String(scorecard.fineClasses)
            out["min_bin_share"] = number(scorecard.minBinShare)
            out["pos_weight"] = classWeightName
            out["monotone"] = String(scorecard.monotone)
            out["rare_share"] = number(scorecard.rareLevelShare)
            out["smoothing"] = number(scorecard.smoothing)
            if !scorecard.manualBins.isEmpty {
                out["manual_bins"] = scorecard.manualBins.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.description)" }.joined(separator: "; ")
            }
            out["l2"] = number(scorecard.logistic.l2)
        }
        return out
    }
}

extension ModelSpec {
    /// `pos_weight` as `fit` takes it.
    var classWeightName: String {
        switch classWeight {
        case .none: "1"
        case .positive(let w): w.plainText
        case .balanced: "balanced"
        }
    }
}
