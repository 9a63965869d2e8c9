/// What each wrong decision costs, in any unit (per row, or per unit of a row's weight).
///
/// The defaults, 10 and 1, say that approving a client who then defaults costs ten times
/// as much as refusing a good one (lost principal against lost margin).
public struct DecisionCosts: Sendable, Equatable, Codable {
    /// Approving a defaulter (a false negative: a default not flagged).
    public var falseNegative: Double
    /// Refusing a good client (a false positive: flagged for nothing).
    public var falsePositive: Double

    public init(falseNegative: Double = 10, falsePositive: Double = 1) {
        self.falseNegative = falseNegative
        self.falsePositive = falsePositive
    }

    /// fp / (fp + fn): refusing is cheaper in expectation once p·fn ≥ (1 − p)·fp, so with
    /// calibrated probabilities this is the cost-optimal threshold without looking at data.
    public var decisionThreshold: Double { falsePositive / (falsePositive + falseNegative) }

    func validated() throws(ThresholdError) -> DecisionCosts {
        for (name, value) in [("falseNegative", falseNegative), ("falsePositive", falsePositive)] {
            guard value.isFinite && value >= 0 else { throw .invalidCost(name: name, value: value) }
        }
        return self
    }
}
