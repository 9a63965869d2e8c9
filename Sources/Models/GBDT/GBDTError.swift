/// Why boosting could not train or score; messages use the analyst's feature names.
public enum GBDTError: Error, Equatable, CustomStringConvertible {
    case invalidParameter(name: String, reason: String)
    case emptyData
    case lengthMismatch(rows: Int, labels: Int)
    /// Every label is the same: there is nothing to separate.
    case singleClass(positive: Bool)
    /// A native categorical feature with more levels than bin codes can hold.
    case tooManyCategories(feature: String, levels: Int, limit: Int)
    /// Scoring or validating on a matrix whose features differ from the model's.
    case featureMismatch(missing: [String], unexpected: [String])
    /// Training was stopped (Ctrl-C) before it finished.
    case cancelled

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason):
            "parameter \(name): \(reason)"
        case .cancelled: "cancelled"
        case .emptyData:
            "no rows to train on"
        case .lengthMismatch(let rows, let labels):
            "\(rows) rows of features but \(labels) labels"
        case .singleClass(let positive):
            "every label is \(positive ? "1" : "0"); a model needs both outcomes"
        case .tooManyCategories(let feature, let levels, let limit):
            "categorical feature '\(feature)' has \(levels) levels; native splits allow \(limit), use one-hot encoding"
        case .featureMismatch(let missing, let unexpected):
            "features differ from the model's"
                + (missing.isEmpty && unexpected.isEmpty ? " in order (the same names, another order)" : "")
                + (missing.isEmpty ? "" : "; missing: " + missing.joined(separator: ", "))
                + (unexpected.isEmpty ? "" : "; not in the model: " + unexpected.joined(separator: ", "))
        }
    }
}
