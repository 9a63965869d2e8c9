/// A map from a model's probabilities to calibrated ones, fitted on out-of-fold
/// predictions (predictions on the training rows are overconfident and would teach the
/// calibrator the wrong correction).
///
///     let calibrator = try Calibrator.fit(.isotonic, labels: y, probabilities: cv.outOfFold)
///     let pd = calibrator.apply(try model.probabilities(xNew))
public enum Calibrator: Sendable, Equatable, Codable {
    case platt(PlattScaling)
    case isotonic(IsotonicRegression)

    public enum Method: String, Sendable, Codable, CaseIterable {
        case platt
        case isotonic
    }

    public static func fit(_ method: Method, labels: [Bool], probabilities: [Double]) throws(CalibrationError) -> Calibrator {
        switch method {
        case .platt: .platt(try PlattScaling.fit(labels: labels, probabilities: probabilities))
        case .isotonic: .isotonic(try IsotonicRegression.fit(labels: labels, probabilities: probabilities))
        }
    }

    public func apply(_ p: Double) -> Double {
        switch self {
        case .platt(let platt): platt.apply(p)
        case .isotonic(let isotonic): isotonic.apply(p)
        }
    }

    public func apply(_ probabilities: [Double]) -> [Double] { probabilities.map(apply) }

    /// Why a calibrator read from a file cannot be applied, if it cannot.
    var problem: String? {
        switch self {
        case .platt(let p):
            return p.a.isFinite && p.b.isFinite ? nil : "Platt parameters are not finite"
        case .isotonic(let iso):
            guard !iso.scores.isEmpty, iso.scores.count == iso.values.count else { return "isotonic knots and values differ in number" }
            guard zip(iso.scores, iso.scores.dropFirst()).allSatisfy({ $0 <= $1 }) else { return "isotonic knots are not ascending" }
            guard iso.values.allSatisfy({ (0...1).contains($0) }) else { return "isotonic values are not probabilities" }
            return nil
        }
    }

    static func check(labels: [Bool], probabilities: [Double]) throws(CalibrationError) {
        guard !labels.isEmpty else { throw .emptyData }
        guard labels.count == probabilities.count else {
            throw .lengthMismatch(probabilities: probabilities.count, labels: labels.count)
        }
        if let bad = probabilities.first(where: { !($0 >= 0 && $0 <= 1) }) { throw .invalidProbability(bad) }
        if labels.allSatisfy({ $0 }) || !labels.contains(true) { throw .singleClass(positive: labels[0]) }
    }
}

extension Metrics {
    /// Expected calibration error over `groups` equal-count groups of predicted probability
    /// (deciles by default): Σ share of rows · |observed rate − mean predicted|.
    public static func expectedCalibrationError(labels: [Bool], probabilities: [Double], groups: Int = 10) -> Double {
        CalibrationTable(labels: labels, probabilities: probabilities, groups: groups).expectedCalibrationError
    }
}
