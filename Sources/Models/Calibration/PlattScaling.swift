import Foundation

/// Platt scaling: calibrated p = σ(a·logit(p) + b), a logistic regression of the labels on
/// the model's log-odds. Two parameters, so it cannot overfit, but it can only stretch
/// and shift the log-odds; use isotonic regression for other shapes of miscalibration.
///
/// Fitted by plain maximum likelihood (Newton, no penalty). Platt's target smoothing
/// (labels (N₊+1)/(N₊+2) and 1/(N₋+2)) guards tiny sets; on out-of-fold predictions of
/// thousands of rows it changes nothing measurable, so it is left out.
public struct PlattScaling: Sendable, Equatable, Codable {
    /// Slope on the model's log-odds: below 1 when the model was overconfident.
    public let a: Double
    public let b: Double

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// Fits a and b on predictions and their outcomes (out-of-fold, not training ones).
    public static func fit(labels: [Bool], probabilities: [Double]) throws(CalibrationError) -> PlattScaling {
        try Calibrator.check(labels: labels, probabilities: probabilities)
        let z = probabilities.map(logit)
        guard z.contains(where: { $0 != z[0] }) else { throw .constantScores }
        let solver = NewtonSolver(columns: [z], labels: labels.map { $0 ? 1 : 0 }, l2: 0, threads: 1)
        guard let result = try? solver.fit(tolerance: 1e-10, maxIterations: 100) else { throw .constantScores }
        return PlattScaling(a: result.theta[1], b: result.theta[0])
    }

    public func apply(_ p: Double) -> Double { 1 / (1 + exp(-(a * Self.logit(p) + b))) }

    /// Log-odds with p clipped to [1e-15, 1 − 1e-15], as the log-loss clips it.
    static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-15), 1 - 1e-15)
        return log(q / (1 - q))
    }
}
