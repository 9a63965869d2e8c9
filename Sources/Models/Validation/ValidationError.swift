/// Why rows could not be split into folds or a held-out set.
public enum ValidationError: Error, Equatable, CustomStringConvertible {
    case invalidParameter(name: String, reason: String)
    /// A class has fewer rows than folds: some fold would have none of it, and its metrics
    /// (AUC, KS) would be undefined.
    case tooFewInClass(positive: Bool, count: Int, folds: Int)
    /// A held-out split would leave one part without any row of a class.
    case classMissingFromSplit(positive: Bool, count: Int, fraction: Double)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason):
            "parameter \(name): \(reason)"
        case .tooFewInClass(let positive, let count, let folds):
            "only \(count) rows with label \(positive ? "1" : "0") for \(folds) folds; use fewer folds"
        case .classMissingFromSplit(let positive, let count, let fraction):
            "holding out \(fraction) of the \(count) rows with label \(positive ? "1" : "0") leaves a part without any"
        }
    }
}
