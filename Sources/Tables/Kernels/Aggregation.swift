/// A per-group summary of a column. Aggregates skip missing values; a group with no
/// value to summarise gets a missing result (not 0), except the counts.
public enum Aggregation: Sendable, Hashable, CustomStringConvertible {
    /// Rows in the group, missing or not.
    case count
    /// Rows with a value.
    case countNonMissing
    case sum, mean, min, max
    /// Sample variance and standard deviation (n − 1 denominator); missing below two values.
    case variance, std
    case median
    /// Exact quantile with linear interpolation between order statistics (numpy's default).
    case quantile(Double)
    /// Distinct values.
    case nunique
    /// The first and last values present, in row order.
    case first, last

    public var description: String {
        switch self {
        case .count: "count"
        case .countNonMissing: "count_non_missing"
        case .sum: "sum"
        case .mean: "mean"
        case .min: "min"
        case .max: "max"
        case .variance: "var"
        case .std: "std"
        case .median: "median"
        case .quantile(let p): "quantile(\(p))"
        case .nunique: "nunique"
        case .first: "first"
        case .last: "last"
        }
    }

    /// Whether the aggregation needs numbers (the others take any column).
    public var needsNumbers: Bool {
        switch self {
        case .count, .countNonMissing, .nunique, .first, .last: false
        default: true
        }
    }
}
