import Foundation

/// A credit scorecard: features binned into weights of evidence, a logistic regression
/// on the WoE features, and points per bin that add up to the client's score.
///
/// Scaling, as in the industry: factor = PDO / ln 2, offset = baseScore − factor·ln(baseOdds),
/// score = offset − factor·logit(PD) = offset + factor·ln(good:bad odds). Higher scores
/// are safer; `pointsToDoubleOdds` more points double the good:bad odds, and a score of
/// `baseScore` means odds of `baseOdds`:1. A bin's points are
/// −factor·(βⱼ·WoE + a/m) + offset/m for m features and intercept a: the intercept and
/// the offset are spread evenly over the features, the usual convention, so that the
/// points of a client's bins sum to the score exactly.
///
///     let card = try Scorecard.fit(x, labels: y)            // x: native categoricals
///     card.binnings[0].bins                                  // the binning table
///     let scores = try card.scores(xNew)
public struct Scorecard: Sendable, Codable {
    public let parameters: ScorecardParameters
    /// Every feature's binning, the left-out ones too, in matrix order.
    public let binnings: [FeatureBinning]
    /// The features in the model (information value at or above the threshold).
    public let selectedFeatures: [String]
    /// The regression on the selected features' WoE.
    public let model: LogisticModel
    public let factor: Double
    public let offset: Double
    /// Per selected feature, the points of each bin.
    public let points: [FeaturePoints]

    /// Fits a scorecard. `weights` (sample weights, one per row) weigh rows in the WoE, the
    /// information values and the logistic fit; `regressionWeights` (sample times class
    /// weights; `weights` when nil) weigh them in the logistic fit alone. Class weights stay
    /// out of the WoE, which compares shares of goods and bads: they would change it only
    /// through the smoothing.
    public static func fit(
        _ matrix: FeatureMatrix, labels: [Bool], weights: [Double]? = nil, regressionWeights: [Double]? = nil,
        parameters: ScorecardParameters = ScorecardParameters()
    ) throws(ScorecardError) -> Scorecard {
        let p = try parameters.validated()
        guard matrix.rowCount > 0 else { throw .emptyData }
        guard matrix.rowCount == labels.count else { throw .lengthMismatch(rows: matrix.rowCount, labels: labels.count) }
        for w in [weights, regressionWeights] {
            if let w, w.count != labels.count { throw .lengthMismatch(rows: matrix.rowCount, labels: w.count) }
        }
        if labels.allSatisfy({ $0 }) || !labels.contains(true) { throw .singleClass(positive: labels[0]) }

        let binnings = matrix.features.indices.map { f in
            FeatureBinning.learn(matrix.columns[f], info: matrix.features[f], labels: labels, weights: weights, parameters: p)
        }
        let selected = binnings.filter { $0.informationValue >= (p.minInformationValue ?? -.infinity) }
        guard !selected.isEmpty else { throw .noFeatureSelected(threshold: p.minInformationValue ?? 0) }

        var logistic = p.logistic
        logistic.missingIndicators = false
        let woe = try Self.woe(matrix, selected)
        let model: LogisticModel
        do throws(LogisticError) {
            model = try LogisticModel.fit(woe, labels: labels, weights: regressionWeights ?? weights, parameters: logistic)
        } catch {
            throw .logistic(error)
        }
        let factor = p.pointsToDoubleOdds / log(2)
        let offset = p.baseScore - factor * log(p.baseOdds)
        let m = Double(selected.count), intercept = model.originalIntercept
        let points = selected.enumerated().map { j, binning in
            let beta = model.coefficientTable[j + 1].originalCoefficient
            let value = { (woe: Double) in -factor * (beta * woe + intercept / m) + offset / m }
            return FeaturePoints(
                feature: binning.feature, coefficient: beta,
                bins: binning.bins.map { .init(label: $0.label, woe: $0.woe, points: value($0.woe)) },
                neutralPoints: value(0))
        }
        return Scorecard(
            parameters: p, binnings: binnings, selectedFeatures: selected.map(\.feature), model: model,
            factor: factor, offset: offset, points: points)
    }

    /// Each selected feature's WoE for every row of `matrix` (found by feature name).
    public func woeMatrix(_ matrix: FeatureMatrix) throws(ScorecardError) -> FeatureMatrix {
        try Self.woe(matrix, selectedFeatures.map { name in binnings.first { $0.feature == name }! })
    }

    /// Every row's score: the sum of its bins' points.
    public func scores(_ matrix: FeatureMatrix) throws(ScorecardError) -> [Double] {
        let breakdown = try pointsBreakdown(matrix)
        return (0..<matrix.rowCount).map { r in breakdown.reduce(0) { $0 + $1[r] } }
    }

    /// Probabilities of default implied by the scores: σ((offset − score) / factor), the
    /// logistic model's probabilities.
    public func probabilities(_ matrix: FeatureMatrix) throws(ScorecardError) -> [Double] {
        try scores(matrix).map { 1 / (1 + exp(-(offset - $0) / factor)) }
    }

    /// `[feature][row]`: the points each row gets from each selected feature, for
    /// explaining a score bin by bin.
    public func pointsBreakdown(_ matrix: FeatureMatrix) throws(ScorecardError) -> [[Double]] {
        var out: [[Double]] = []
        for card in points {
            let binning = binnings.first { $0.feature == card.feature }!
            guard let f = matrix.names.firstIndex(of: card.feature) else { throw .unknownFeature(card.feature) }
            out.append(matrix.columns[f].map { x in binning.bin(of: x).map { card.bins[$0].points } ?? card.neutralPoints })
        }
        return out
    }

    private static func woe(_ matrix: FeatureMatrix, _ binnings: [FeatureBinning]) throws(ScorecardError) -> FeatureMatrix {
        var columns: [[Double]] = []
        for binning in binnings {
            guard let f = matrix.names.firstIndex(of: binning.feature) else { throw .unknownFeature(binning.feature) }
            columns.append(matrix.columns[f].map(binning.woe(of:)))
        }
        return FeatureMatrix(columns: columns, names: binnings.map(\.feature))
    }
}
