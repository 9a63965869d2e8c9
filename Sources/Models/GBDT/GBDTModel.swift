import Tables
/// A gradient-boosted tree model for the probability of default: a plain value that can be
/// stored, compared and (later) written in LightGBM's text format.
///
/// The raw score of a row is `initialScore` plus every tree's leaf value: log-odds. The
/// probability is its sigmoid. Explanations add up in log-odds, not in probability.
///
///     var p = GBDTParameters(); p.numLeaves = 31; p.learningRate = 0.05
///     let model = try GBDTModel.train(x, labels: y, parameters: p, validation: .init(xValid, yValid))
///     let pd = try model.probabilities(xTest)
public struct GBDTModel: Sendable, Codable {
    /// The inputs, in the order trees refer to them.
    public let features: [FeatureInfo]
    /// How to build the inputs from a table, when the training matrix came from one.
    public let encoding: FeatureEncoding?
    /// Each feature's bins, as learnt from the training rows.
    public let bins: [FeatureBins]
    public internal(set) var trees: [DecisionTree]
    /// The starting log-odds (the training default rate's).
    public let initialScore: Double
    public let parameters: GBDTParameters
    /// The validation metric after each round, when a validation set was given.
    public let validationHistory: [Double]
    /// With early stopping: the number of trees kept, the round with the best validation metric.
    public let bestIteration: Int?

    /// The log-odds of one row of raw values in feature order (NaN for missing).
    public func rawScore(row: [Double]) -> Double {
        precondition(row.count == features.count, "one value per feature")
        var score = initialScore
        for tree in trees { score += tree.value(for: row) }
        return score
    }

    /// Log-odds for every row of `matrix`, whose features must be the model's.
    public func rawScores(_ matrix: FeatureMatrix) throws(GBDTError) -> [Double] {
        try checkFeatures(of: matrix)
        let n = matrix.rowCount
        let scores = RawBuffer<Double>(count: n, repeating: initialScore)
        let out = scores.shared, trees = trees, columns = matrix.columns
        let piece = 16_384
        // Rows are independent; each row adds its trees in model order, exactly as training did,
        // so training rows score bit for bit as during training.
        Parallel.forEach((n + piece - 1) / piece, threads: parameters.threads) { k in
            let rows = (k * piece)..<min(n, (k + 1) * piece)
            for tree in trees {
                for r in rows { out.base[r] += tree.leafValues[tree.leaf { columns[$0][r] }] }
            }
        }
        return Array(UnsafeBufferPointer(start: scores.base, count: n))
    }

    /// Probabilities of default for every row of `matrix`.
    public func probabilities(_ matrix: FeatureMatrix) throws(GBDTError) -> [Double] {
        try rawScores(matrix).map(LogisticLoss.sigmoid)
    }

    func checkFeatures(of matrix: FeatureMatrix) throws(GBDTError) {
        let expected = features.map(\.name), found = matrix.names
        guard expected != found else { return }
        let foundSet = Set(found), expectedSet = Set(expected)
        throw .featureMismatch(
            missing: expected.filter { !foundSet.contains($0) },
            unexpected: found.filter { !expectedSet.contains($0) })
    }
}

/// Rows and labels to watch during training (and to stop early on).
public struct EvaluationSet: Sendable {
    public let features: FeatureMatrix
    public let labels: [Bool]

    public init(_ features: FeatureMatrix, _ labels: [Bool]) {
        self.features = features
        self.labels = labels
    }
}
