/// The refusal threshold that minimises the expected cost of wrong decisions on a set of
/// labelled predictions, with what it implies and how it moves with the costs.
///
/// Convention, as `ConfusionMatrix`: a row is refused (flagged as a default) when its
/// probability is at or above the threshold, approved below it. Every distinct score is a
/// candidate, and so is +∞ (approve everyone), so the optimum is exact, not read off a
/// grid. Costs are fn per approved defaulter and fp per refused good client, each times
/// the row's weight when weights are given (e.g. AMT_CREDIT for money at stake).
/// Rates (approval, default among approved) are by count of rows.
///
///     let analysis = try ThresholdAnalysis(labels: y, probabilities: calibrated, weights: credit)
///     analysis.threshold, analysis.cost, analysis.confusion.approvalRate
public struct ThresholdAnalysis: Sendable {
    public struct CurvePoint: Sendable, Equatable {
        public let threshold: Double
        public let cost: Double
        public let approvalRate: Double
        /// NaN when no row is approved.
        public let defaultRateAmongApproved: Double
    }

    public struct Sensitivity: Sendable, Equatable {
        /// fn / fp.
        public let ratio: Double
        public let costs: DecisionCosts
        public let threshold: Double
        public let cost: Double
        public let approvalRate: Double
        public let defaultRateAmongApproved: Double
        public let decisionThreshold: Double
    }

    public let costs: DecisionCosts
    /// The cost-minimising threshold; +∞ when approving everyone is cheapest.
    public let threshold: Double
    public let cost: Double
    /// Counts at the chosen threshold (approval rate and default rate among the approved
    /// are properties of it).
    public let confusion: ConfusionMatrix
    public let costApproveAll: Double
    public let costRefuseAll: Double
    /// fp / (fp + fn), optimal for calibrated probabilities, and its cost on these rows:
    /// far from `cost` when the probabilities are not calibrated.
    public let decisionThreshold: Double
    public let decisionCost: Double
    /// Cost against threshold at `curvePoints` thresholds evenly spaced over [0, 1].
    public let curve: [CurvePoint]
    /// The optimum at other fn:fp ratios (fp kept).
    public let sensitivity: [Sensitivity]

    public init(
        labels: [Bool], probabilities: [Double], costs: DecisionCosts = DecisionCosts(), weights: [Double]? = nil,
        sensitivityRatios: [Double] = [5, 20], curvePoints: Int = 101
    ) throws(ThresholdError) {
        let costs = try costs.validated()
        guard !labels.isEmpty else { throw .emptyData }
        guard probabilities.count == labels.count else {
            throw .lengthMismatch(what: "probabilities", count: probabilities.count, labels: labels.count)
        }
        if let bad = probabilities.first(where: \.isNaN) { throw .invalidScore(bad) }
        if let weights {
            guard weights.count == labels.count else { throw .lengthMismatch(what: "weights", count: weights.count, labels: labels.count) }
            if let row = weights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) { throw .invalidWeight(row: row, value: weights[row]) }
        }
        for ratio in sensitivityRatios where !(ratio.isFinite && ratio >= 0) { throw .invalidCost(name: "ratio", value: ratio) }

        let sweep = CostSweep(labels: labels, scores: probabilities, weights: weights)
        (threshold, cost) = sweep.optimum(costs)
        self.costs = costs
        confusion = ConfusionMatrix(labels: labels, probabilities: probabilities, threshold: threshold)
        costApproveAll = sweep.cost(refused: 0, costs)
        costRefuseAll = sweep.cost(refused: sweep.rowCount, costs)
        decisionThreshold = costs.decisionThreshold
        decisionCost = sweep.cost(refused: sweep.refused(at: decisionThreshold), costs)
        curve = (0..<max(curvePoints, 0)).map { k in
            let t = curvePoints == 1 ? 0 : Double(k) / Double(curvePoints - 1)
            let refused = sweep.refused(at: t), rates = sweep.rates(refused: refused)
            return CurvePoint(
                threshold: t, cost: sweep.cost(refused: refused, costs),
                approvalRate: rates.approval, defaultRateAmongApproved: rates.defaultAmongApproved)
        }
        sensitivity = sensitivityRatios.map { ratio in
            let other = DecisionCosts(falseNegative: ratio * costs.falsePositive, falsePositive: costs.falsePositive)
            let (t, c) = sweep.optimum(other)
            let rates = sweep.rates(refused: sweep.refused(at: t))
            return Sensitivity(
                ratio: ratio, costs: other, threshold: t, cost: c, approvalRate: rates.approval,
                defaultRateAmongApproved: rates.defaultAmongApproved, decisionThreshold: other.decisionThreshold)
        }
    }
}
