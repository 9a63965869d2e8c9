import Foundation

/// A fitted map from a model's output to calibrated probabilities, saved with the model so
/// that scores mean the same after reloading. Whoever fits the calibrator stores it as one
/// of these cases.
public enum CalibrationRecord: Sendable, Equatable, Codable {
    /// Platt scaling on the raw score s (log-odds): p = 1 / (1 + exp(a·s + b)), Platt's sign
    /// convention (a < 0 when higher scores mean more risk).
    case platt(a: Double, b: Double)
    /// Isotonic regression on the uncalibrated probability: knots `x` ascending with
    /// non-decreasing `y` in [0, 1], linear between knots and flat beyond the ends (as
    /// scikit-learn's `IsotonicRegression(out_of_bounds="clip")` predicts).
    case isotonic(x: [Double], y: [Double])

    /// The calibrated probability for a raw score (log-odds).
    public func probability(rawScore s: Double) -> Double {
        switch self {
        case .platt(let a, let b):
            return 1 / (1 + exp(a * s + b))
        case .isotonic(let x, let y):
            let p = 1 / (1 + exp(-s))
            if p <= x[0] { return y[0] }
            if p >= x[x.count - 1] { return y[y.count - 1] }
            // The last knot ≤ p; p < the last knot here, so k + 1 exists.
            var low = 0, high = x.count - 1
            while high - low > 1 {
                let mid = (low + high) / 2
                if x[mid] <= p { low = mid } else { high = mid }
            }
            let span = x[high] - x[low]
            return span > 0 ? y[low] + (y[high] - y[low]) * (p - x[low]) / span : y[high]
        }
    }

    /// Why the record cannot calibrate, if it cannot (checked when a file is loaded).
    var problem: String? {
        switch self {
        case .platt(let a, let b):
            return a.isFinite && b.isFinite ? nil : "Platt coefficients must be finite"
        case .isotonic(let x, let y):
            if x.isEmpty || x.count != y.count { return "isotonic knots need as many x as y, at least one" }
            if !zip(x, x.dropFirst()).allSatisfy({ $0 <= $1 }) || !x.allSatisfy(\.isFinite) { return "isotonic x must ascend" }
            if !zip(y, y.dropFirst()).allSatisfy({ $0 <= $1 }) || !y.allSatisfy({ (0...1).contains($0) }) {
                return "isotonic y must be non-decreasing probabilities"
            }
            return nil
        }
    }
}
