/// Why a logistic regression could not be fitted or applied.
public enum LogisticError: Error, Equatable, CustomStringConvertible {
    case invalidParameter(name: String, reason: String)
    case emptyData
    case lengthMismatch(rows: Int, labels: Int)
    case singleClass(positive: Bool)
    /// A native categorical feature: its codes are labels, not quantities.
    case categoricalFeature(String)
    /// The Hessian is not positive definite: collinear inputs without a penalty.
    case singularHessian
    case featureMismatch(missing: [String], unexpected: [String])

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason):
            "parameter \(name): \(reason)"
        case .emptyData:
            "no rows to fit on"
        case .lengthMismatch(let rows, let labels):
            "\(rows) rows of features but \(labels) labels"
        case .singleClass(let positive):
            "every label is \(positive ? "1" : "0"); a model needs both outcomes"
        case .categoricalFeature(let name):
            "feature '\(name)' is a native categorical; use one-hot encoding or a scorecard's WoE for a linear model"
        case .singularHessian:
            "the inputs are collinear, so the coefficients are not identified; set l2 above 0 or drop a column"
        case .featureMismatch(let missing, let unexpected):
            "features differ from the model's"
                + (missing.isEmpty ? "" : "; missing: " + missing.joined(separator: ", "))
                + (unexpected.isEmpty ? "" : "; not in the model: " + unexpected.joined(separator: ", "))
        }
    }
}
