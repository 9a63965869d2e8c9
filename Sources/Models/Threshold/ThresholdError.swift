/// Why a cost analysis could not run.
public enum ThresholdError: Error, Equatable, CustomStringConvertible {
    case emptyData
    case lengthMismatch(what: String, count: Int, labels: Int)
    case invalidScore(Double)
    /// Weights must be finite and not negative.
    case invalidWeight(row: Int, value: Double)
    case invalidCost(name: String, value: Double)

    public var description: String {
        switch self {
        case .emptyData: "no rows to choose a threshold on"
        case .lengthMismatch(let what, let count, let labels): "\(count) \(what) but \(labels) labels"
        case .invalidScore(let s): "score \(s) cannot be ranked"
        case .invalidWeight(let row, let value): "row \(row) has weight \(value); weights must be finite and not negative"
        case .invalidCost(let name, let value): "cost \(name) is \(value); costs must be finite and not negative"
        }
    }
}
