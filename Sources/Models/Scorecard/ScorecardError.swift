/// Why a scorecard could not be built or applied.
public enum ScorecardError: Error, Equatable, CustomStringConvertible {
    case invalidParameter(name: String, reason: String)
    case emptyData
    case lengthMismatch(rows: Int, labels: Int)
    case singleClass(positive: Bool)
    /// No feature reached the information-value threshold.
    case noFeatureSelected(threshold: Double)
    case unknownFeature(String)
    case logistic(LogisticError)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason):
            "parameter \(name): \(reason)"
        case .emptyData:
            "no rows to bin"
        case .lengthMismatch(let rows, let labels):
            "\(rows) rows of features but \(labels) labels"
        case .singleClass(let positive):
            "every label is \(positive ? "1" : "0"); weights of evidence need both outcomes"
        case .noFeatureSelected(let threshold):
            "no feature has an information value of \(threshold) or more; lower the threshold"
        case .unknownFeature(let name):
            "the scorecard needs feature '\(name)', which the matrix does not have"
        case .logistic(let error):
            error.description
        }
    }
}
