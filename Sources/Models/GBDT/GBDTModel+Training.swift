import Tables
extension GBDTModel {
    /// Trains a boosted tree model for binary log-loss (labels: `true` = default).
    ///
    /// With a validation set, its metric is recorded after every round, and with
    /// `earlyStoppingRounds` training stops once it has not improved for that many rounds;
    /// the model then keeps the trees up to its best round. `weights` (one per row, as
    /// LightGBM's Dataset `weight`) multiply each row's gradient and hessian. The same inputs
    /// and seed give the same model bit for bit, whatever `parameters.threads` is.
    public static func train(
        _ features: FeatureMatrix, labels: [Bool], weights: [Double]? = nil, parameters: GBDTParameters = GBDTParameters(),
        validation: EvaluationSet? = nil
    ) throws(GBDTError) -> GBDTModel {
        try GBDTTrainer(features: features, labels: labels, weights: weights, parameters: parameters, validation: validation).run()
    }
}

/// The boosting loop: gradients, bagging, feature sampling, one tree per round, score
/// updates and early stopping.
final class GBDTTrainer {
    /// Fewer training rows than this train on one thread.
    static let rowsForThreads = 8_192
    private let parameters: GBDTParameters
    private let matrix: FeatureMatrix
    private let labels: RawBuffer<UInt8>
    private let loss: LogisticLoss
    private let initialScore: Double
    private let bins: [FeatureBins]
    private let train: BinnedData
    private let learner: TreeLearner
    /// Features worth offering to trees: those with two non-empty bins and, under
    /// `feature_pre_filter`, a cut that leaves `min_leaf` rows on each side. Column sampling
    /// draws from these, as LightGBM's does from the features its Dataset kept.
    private let usableFeatures: [Int]
    private let validation: (data: BinnedData, labels: [Bool])?

    private let scores: RawBuffer<Double>
    private let gradients: RawBuffer<Double>
    private let hessians: RawBuffer<Double>

    init(features: FeatureMatrix, labels: [Bool], weights: [Double]?, parameters: GBDTParameters, validation: EvaluationSet?) throws(GBDTError) {
        var parameters = try parameters.validated()
        guard features.rowCount > 0 else { throw .emptyData }
        guard features.rowCount == labels.count else { throw .lengthMismatch(rows: features.rowCount, labels: labels.count) }
        if let weights, weights.count != labels.count { throw .lengthMismatch(rows: features.rowCount, labels: weights.count) }
        if let weights, let bad = weights.first(where: { !($0 >= 0 && $0.isFinite) }) {
            throw .invalidParameter(name: "weight", reason: "\(bad) is not a finite, non-negative weight")
        }
        if labels.allSatisfy({ $0 }) || !labels.contains(true) { throw .singleClass(positive: labels[0]) }
        if let validation {
            guard validation.features.rowCount == validation.labels.count else {
                throw .lengthMismatch(rows: validation.features.rowCount, labels: validation.labels.count)
            }
            guard validation.features.names == features.names else {
                let expected = Set(features.names), found = Set(validation.features.names)
                throw .featureMismatch(
                    missing: features.names.filter { !found.contains($0) },
                    unexpected: validation.features.names.filter { !expected.contains($0) })
            }
        }
        if let constraints = parameters.monotoneConstraints {
            guard constraints.count == features.features.count else {
                throw .invalidParameter(name: "monotone", reason: "\(constraints.count) constraints for \(features.features.count) features")
            }
            if let f = features.features.indices.first(where: { constraints[$0] != 0 && features.features[$0].isCategorical }) {
                throw .invalidParameter(name: "monotone", reason: "'\(features.features[f].name)' is categorical: constraints apply to numeric features")
            }
        }
        // On a few thousand rows every parallel step is shorter than waking a second thread
        // (500 rows trained 1.4× slower on two). The trees do not depend on the thread count.
        if features.rowCount < Self.rowsForThreads { parameters.threads = 1 }
        self.parameters = parameters
        matrix = features
        self.labels = RawBuffer(labels.map { $0 ? 1 : 0 })
        loss = LogisticLoss(labels: labels, weights: weights, parameters: parameters)
        initialScore = LogisticLoss.initialScore(labels: labels, weights: weights)
        bins = try BinnedData.learnBins(features, parameters: parameters)
        train = BinnedData(matrix: features, bins: bins, threads: parameters.threads)
        let screen = FeatureScreen(data: train, parameters: parameters)
        learner = TreeLearner(data: train, parameters: parameters, categoryCounts: screen.categoryCounts)
        usableFeatures = screen.usable
        let n = features.rowCount
        if let validation {
            self.validation = (BinnedData(matrix: validation.features, bins: bins, threads: parameters.threads), validation.labels)
        } else {
            self.validation = nil
        }
        scores = RawBuffer(count: n, repeating: initialScore)
        gradients = RawBuffer(count: n, repeating: 0)
        hessians = RawBuffer(count: n, repeating: 0)
    }

    func run() throws(GBDTError) -> GBDTModel {
        var trees: [DecisionTree] = []
        var history: [Double] = []
        var validationScores = [Double](repeating: initialScore, count: validation?.labels.count ?? 0)
        var best: (value: Double, trees: Int)? = nil
        var bag: [Int32]? = nil

        for iteration in 0..<parameters.iterations {
            // Ctrl-C in the shell: stop between two trees.
            if Cancellation.isRequested { throw .cancelled }
            loss.gradients(scores: scores, labels: labels, gradients: gradients, hessians: hessians, threads: parameters.threads)
            if parameters.baggingFreq > 0 && parameters.baggingFraction < 1 && iteration % parameters.baggingFreq == 0 {
                bag = drawBag(iteration)
            }
            let tree = learner.grow(
                gradients: gradients, hessians: hessians, bag: bag, features: sampleFeatures(iteration))
            // A tree without a split means no leaf can improve: further rounds would repeat it.
            if tree.nodes.isEmpty { break }
            updateTrainingScores(with: tree, bag: bag)
            trees.append(tree)
            Progress.advance(1, "trees")

            guard let validation else { continue }
            for r in validationScores.indices {
                validationScores[r] += tree.leafValues[tree.leaf(binned: validation.data, row: r)]
            }
            let value = metric(validation.labels, validationScores)
            history.append(value)
            if best == nil || isBetter(value, than: best!.value) { best = (value, trees.count) }
            if let rounds = parameters.earlyStoppingRounds, trees.count - best!.trees >= rounds { break }
        }

        var bestIteration: Int? = nil
        if parameters.earlyStoppingRounds != nil, let best {
            trees.removeLast(trees.count - best.trees)
            bestIteration = best.trees
        }
        return GBDTModel(
            features: matrix.features, encoding: matrix.encoding, bins: bins, trees: trees,
            initialScore: initialScore, parameters: parameters, validationHistory: history,
            bestIteration: bestIteration)
    }

    /// Rows for the next trees: exactly round(fraction · n) rows, in table order.
    private func drawBag(_ iteration: Int) -> [Int32] {
        var rng = SeededGenerator(seed: parameters.seed, stream: RandomStream.bagging, step: iteration)
        let n = train.rowCount
        let k = max(1, min(n, Int(Double(n) * parameters.baggingFraction + 0.5)))
        return rng.sample(k, of: n)
    }

    /// Features this tree may split on: all usable ones, or a seeded sample of them.
    private func sampleFeatures(_ iteration: Int) -> [Int] {
        guard parameters.featureFraction < 1 else { return usableFeatures }
        let k = max(1, Int(Double(usableFeatures.count) * parameters.featureFraction + 0.5))
        var rng = SeededGenerator(seed: parameters.seed, stream: RandomStream.featureFraction, step: iteration)
        return rng.choose(k, from: usableFeatures)
    }

    /// Bagged rows get their leaf's value through the learner's partition; rows outside the
    /// bag walk the tree on their bins.
    private func updateTrainingScores(with tree: DecisionTree, bag: [Int32]?) {
        learner.addLeafValues(of: tree, to: scores.base)
        guard let bag else { return }
        var inBag = [Bool](repeating: false, count: train.rowCount)
        for r in bag { inBag[Int(r)] = true }
        let n = train.rowCount, train = train, out = scores.shared, isInBag = inBag
        let pieces = max(1, min(parameters.threads * 4, n / 4_096))
        // Each piece updates its own range of rows.
        Parallel.forEach(pieces, threads: parameters.threads) { piece in
            for r in (piece * n / pieces)..<((piece + 1) * n / pieces) where !isInBag[r] {
                out.base[r] += tree.leafValues[tree.leaf(binned: train, row: r)]
            }
        }
    }

    private func metric(_ labels: [Bool], _ scores: [Double]) -> Double {
        switch parameters.earlyStoppingMetric {
        case .logLoss: Metrics.logLoss(labels: labels, probabilities: scores.map(LogisticLoss.sigmoid))
        case .auc: Metrics.rocAUC(labels: labels, scores: scores) ?? .nan
        }
    }

    private func isBetter(_ value: Double, than best: Double) -> Bool {
        parameters.earlyStoppingMetric == .auc ? value > best : value < best
    }
}
