/// Why a calibrator could not be fitted.
public enum CalibrationError: Error, Equatable, CustomStringConvertible {
    case emptyData
    case lengthMismatch(probabilities: Int, labels: Int)
    case singleClass(positive: Bool)
    /// Probabilities must lie in [0, 1] and not be NaN.
    case invalidProbability(Double)
    /// Every score is the same: Platt scaling has no slope to fit.
    case constantScores

    public var description: String {
        switch self {
        case .emptyData: "no predictions to calibrate on"
        case .lengthMismatch(let p, let labels): "\(p) probabilities but \(labels) labels"
        case .singleClass(let positive): "every label is \(positive ? "1" : "0"); calibration needs both outcomes"
        case .invalidProbability(let p): "\(p) is not a probability"
        case .constantScores: "every prediction is the same; there is nothing to scale"
        }
    }
}
