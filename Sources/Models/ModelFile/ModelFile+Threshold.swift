/// How a decision threshold was chosen: on which predictions, for which costs, and through
/// which calibration. A threshold is a cut on one scale of probabilities; recalibrating the
/// model moves every probability, so a threshold chosen before means nothing after. Keeping
/// the calibration it was chosen under lets every reader of a model file tell a stale
/// threshold from a valid one, whatever path changed the model.
public struct ThresholdBasis: Sendable, Codable, Equatable {
    /// The predictions it minimised the cost on, in words: "out-of-fold (5-fold CV)".
    public var predictions: String
    /// The calibration in force when it was chosen (nil: raw model probabilities).
    public var calibration: Calibrator?

    public init(predictions: String, calibration: Calibrator?) {
        self.predictions = predictions
        self.calibration = calibration
    }
}

extension ModelFile {
    /// The threshold to decide with, or nil when there is none or it was chosen under another
    /// calibration than the current one (a file written before bases were kept is trusted).
    public var decisionThreshold: Double? {
        guard let threshold else { return nil }
        guard let basis = thresholdBasis else { return threshold }
        return basis.calibration == calibration ? threshold : nil
    }

    /// Whether a threshold is stored but no longer applies to the current calibration.
    public var thresholdIsStale: Bool { threshold != nil && decisionThreshold == nil }

    /// Records a threshold chosen now, on `predictions`, under the current calibration.
    /// `costs` is nil for a threshold set by policy (`threshold at=0.1`).
    public mutating func setThreshold(_ value: Double, costs: DecisionCosts?, predictions: String) {
        threshold = value
        self.costs = costs
        thresholdBasis = ThresholdBasis(predictions: predictions, calibration: calibration)
    }

    /// Forgets the threshold and what it was chosen from.
    public mutating func clearThreshold() {
        threshold = nil
        costs = nil
        thresholdBasis = nil
    }

    /// One line saying which threshold decides and how it was set, for `score` and `model`.
    public var thresholdDescription: String {
        guard let t = decisionThreshold else {
            if thresholdIsStale { return "no threshold: the stored one was chosen before the calibration changed; run `threshold` again" }
            return "no threshold yet: `threshold cost fn=10 fp=1` sets one"
        }
        var text = "threshold \(Self.decimal(t))"
        if let costs { text += ", set by `threshold cost fn=\(Self.decimal(costs.falseNegative)) fp=\(Self.decimal(costs.falsePositive))`" }
        if let basis = thresholdBasis { text += " on \(basis.predictions)" }
        return text
    }

    private static func decimal(_ x: Double) -> String {
        x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int64(x)) : String((x * 10_000).rounded() / 10_000)
    }
}
