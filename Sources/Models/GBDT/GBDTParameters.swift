import Foundation

/// Settings of gradient boosting, named and defaulted as LightGBM's so that a kernel's
/// parameters carry over (`num_leaves` → `numLeaves`, `lambda_l2` → `lambdaL2`, …).
///
/// The Home Credit kernel's settings, for instance:
///
///     var p = GBDTParameters()
///     p.learningRate = 0.02; p.numLeaves = 34; p.maxDepth = 8
///     p.featureFraction = 0.95; p.baggingFraction = 0.87; p.baggingFreq = 1
///     p.lambdaL1 = 0.04; p.lambdaL2 = 0.07; p.minGainToSplit = 0.02; p.minSumHessianInLeaf = 39.3
///     p.earlyStoppingRounds = 200; p.earlyStoppingMetric = .auc
public struct GBDTParameters: Sendable, Equatable, Codable {
    /// Boosting rounds (trees), before early stopping.
    public var iterations = 100
    /// Shrinkage applied to every leaf value.
    public var learningRate = 0.1
    /// Leaves per tree; trees grow best-first (leaf-wise) until this many.
    public var numLeaves = 31
    /// Splits from the root to any leaf; `nil` for no limit. With 1, trees are stumps.
    public var maxDepth: Int? = nil
    /// Fewest training rows in a leaf.
    public var minDataInLeaf = 20
    /// Smallest sum of hessians in a leaf (LightGBM's `min_child_weight`).
    public var minSumHessianInLeaf = 1e-3
    /// L1 regularisation of leaf values (soft-thresholds gradient sums).
    public var lambdaL1 = 0.0
    /// L2 regularisation of leaf values (added to hessian sums).
    public var lambdaL2 = 0.0
    /// A split must improve the regularised loss by more than this.
    public var minGainToSplit = 0.0
    /// Share of rows drawn (without replacement) for each bagging round; 1 = no bagging.
    public var baggingFraction = 1.0
    /// Draw a new bag every `baggingFreq` trees; 0 = no bagging.
    public var baggingFreq = 0
    /// Share of features each tree may split on (LightGBM's `feature_fraction`, per tree).
    public var featureFraction = 1.0
    /// Weight of the positive class in gradients; e.g. negatives/positives ≈ 11 on Home Credit.
    public var scalePosWeight = 1.0
    /// Weight the minority class by the ratio of class counts (overrides `scalePosWeight`).
    public var isUnbalance = false
    /// Stop when the validation metric has not improved for this many rounds, and keep the
    /// trees up to the best round. Needs a validation set.
    public var earlyStoppingRounds: Int? = nil
    public var earlyStoppingMetric = EarlyStoppingMetric.logLoss
    /// Value bins per numeric feature (quantiles); missing values get one more bin.
    public var maxBins = 255
    /// Rows sampled (deterministically) to place bin boundaries.
    public var binSampleSize = 200_000

    /// Native categorical splits (LightGBM's `max_cat_to_onehot`): a feature whose
    /// categories plus the missing bin number at most this tries each category against the rest.
    public var maxCategoriesOneVsRest = 4
    /// Most categories on the left of a sorted categorical split (`max_cat_threshold`).
    public var maxCategoryThreshold = 32
    /// Smoothing of Σgrad/Σhess when sorting categories, and the fewest rows a category
    /// needs to be sorted (`cat_smooth`).
    public var categorySmoothing = 10.0
    /// Extra L2 regularisation of sorted categorical splits, gains and outputs (`cat_l2`).
    public var categoryL2 = 10.0
    /// Rows between two candidate cuts of the sorted categories, and the fewest rows on the
    /// right (`min_data_per_group`).
    public var minDataPerCategory = 100
    /// Leave out, before column sampling, features that no cut can split with `minDataInLeaf`
    /// rows on each side (LightGBM's `feature_pre_filter`, on by default there too).
    public var featurePreFilter = true

    /// Per feature: +1 when the score may only rise with the value, −1 when it may only fall,
    /// 0 (or nil for every feature) when free: LightGBM's `monotone_constraints`, with its
    /// `basic` method. Numeric features only.
    public var monotoneConstraints: [Int]? = nil

    /// Seed of the bin sample, bagging and feature sampling.
    public var seed: UInt64 = 0
    /// Threads for histograms, gradients and prediction. Results do not depend on it.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    /// Rows per histogram chunk: the unit of fixed summation order (see `HistogramBuilder`).
    /// Results depend on it, never on `threads`; tests shrink it to exercise merging.
    var histogramChunkRows = 32_768
    /// Build the larger child's histogram as parent − smaller child; tests switch it off
    /// to compare with histograms built directly.
    var histogramSubtraction = true
    /// Bundle mutually exclusive sparse features into shared bin columns (see
    /// `FeatureBundles`); tests switch it off to check that the trees are identical.
    var featureBundling = true

    public init() {}

    func validated() throws(GBDTError) -> GBDTParameters {
        func check(_ ok: Bool, _ name: String, _ reason: String) throws(GBDTError) {
            if !ok { throw .invalidParameter(name: name, reason: reason) }
        }
        try check(iterations >= 1, "iterations", "must be at least 1")
        try check(learningRate > 0, "learningRate", "must be positive")
        try check(numLeaves >= 2, "numLeaves", "must be at least 2")
        try check((maxDepth ?? 1) >= 1, "maxDepth", "must be at least 1")
        try check(minDataInLeaf >= 1, "minDataInLeaf", "must be at least 1")
        try check(minSumHessianInLeaf >= 0, "minSumHessianInLeaf", "must not be negative")
        try check(lambdaL1 >= 0 && lambdaL2 >= 0, "lambdaL1/lambdaL2", "must not be negative")
        try check(minGainToSplit >= 0, "minGainToSplit", "must not be negative")
        try check(baggingFraction > 0 && baggingFraction <= 1, "baggingFraction", "must be in (0, 1]")
        try check(baggingFreq >= 0, "baggingFreq", "must not be negative")
        try check(featureFraction > 0 && featureFraction <= 1, "featureFraction", "must be in (0, 1]")
        try check(scalePosWeight > 0, "scalePosWeight", "must be positive")
        try check((earlyStoppingRounds ?? 1) >= 1, "earlyStoppingRounds", "must be at least 1")
        try check(maxBins >= 2 && maxBins <= 255, "maxBins", "must be in 2...255")
        try check(binSampleSize >= 1, "binSampleSize", "must be at least 1")
        try check(maxCategoryThreshold >= 1, "maxCategoryThreshold", "must be at least 1")
        try check(maxCategoriesOneVsRest >= 1, "maxCategoriesOneVsRest", "must be at least 1")
        try check(minDataPerCategory >= 1, "minDataPerCategory", "must be at least 1")
        try check(categorySmoothing >= 0 && categoryL2 >= 0, "categorySmoothing/categoryL2", "must not be negative")
        try check(histogramChunkRows >= 1, "histogramChunkRows", "must be at least 1")
        try check((monotoneConstraints ?? []).allSatisfy { (-1...1).contains($0) }, "monotone", "each constraint is -1, 0 or +1")
        var p = self
        p.threads = max(1, threads)
        return p
    }
}

/// What early stopping watches on the validation set.
public enum EarlyStoppingMetric: String, Sendable, Codable {
    /// Lower is better; judges probabilities, not just their order.
    case logLoss
    /// Higher is better; the Home Credit competition's metric.
    case auc

    /// As `fit` takes it (`early_stop_metric=logloss`).
    public var name: String { self == .auc ? "auc" : "logloss" }
}

extension GBDTParameters {
    /// Reads the settings a model file recorded. A setting added after the file was written
    /// takes the value that reproduces how that version trained (`featurePreFilter` off),
    /// so older model files keep loading.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GBDTParameters()
        iterations = try c.decode(.iterations, or: d.iterations)
        learningRate = try c.decode(.learningRate, or: d.learningRate)
        numLeaves = try c.decode(.numLeaves, or: d.numLeaves)
        maxDepth = try c.decodeIfPresent(Int.self, forKey: .maxDepth)
        minDataInLeaf = try c.decode(.minDataInLeaf, or: d.minDataInLeaf)
        minSumHessianInLeaf = try c.decode(.minSumHessianInLeaf, or: d.minSumHessianInLeaf)
        lambdaL1 = try c.decode(.lambdaL1, or: d.lambdaL1)
        lambdaL2 = try c.decode(.lambdaL2, or: d.lambdaL2)
        minGainToSplit = try c.decode(.minGainToSplit, or: d.minGainToSplit)
        baggingFraction = try c.decode(.baggingFraction, or: d.baggingFraction)
        baggingFreq = try c.decode(.baggingFreq, or: d.baggingFreq)
        featureFraction = try c.decode(.featureFraction, or: d.featureFraction)
        scalePosWeight = try c.decode(.scalePosWeight, or: d.scalePosWeight)
        isUnbalance = try c.decode(.isUnbalance, or: d.isUnbalance)
        earlyStoppingRounds = try c.decodeIfPresent(Int.self, forKey: .earlyStoppingRounds)
        earlyStoppingMetric = try c.decode(.earlyStoppingMetric, or: d.earlyStoppingMetric)
        maxBins = try c.decode(.maxBins, or: d.maxBins)
        binSampleSize = try c.decode(.binSampleSize, or: d.binSampleSize)
        maxCategoriesOneVsRest = try c.decode(.maxCategoriesOneVsRest, or: d.maxCategoriesOneVsRest)
        maxCategoryThreshold = try c.decode(.maxCategoryThreshold, or: d.maxCategoryThreshold)
        categorySmoothing = try c.decode(.categorySmoothing, or: d.categorySmoothing)
        categoryL2 = try c.decode(.categoryL2, or: d.categoryL2)
        minDataPerCategory = try c.decode(.minDataPerCategory, or: d.minDataPerCategory)
        featurePreFilter = try c.decode(.featurePreFilter, or: false)
        monotoneConstraints = try c.decodeIfPresent([Int].self, forKey: .monotoneConstraints)
        seed = try c.decode(.seed, or: d.seed)
        threads = try c.decode(.threads, or: d.threads)
        histogramChunkRows = try c.decode(.histogramChunkRows, or: d.histogramChunkRows)
        histogramSubtraction = try c.decode(.histogramSubtraction, or: d.histogramSubtraction)
        featureBundling = try c.decode(.featureBundling, or: d.featureBundling)
    }
}
