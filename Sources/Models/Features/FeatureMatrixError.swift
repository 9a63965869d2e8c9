import Tables

/// Why a table could not become model inputs; messages use the analyst's column names.
public enum FeatureMatrixError: Error, Equatable, CustomStringConvertible {
    case unknownColumn(String, suggestions: [String])
    /// The column exists but cannot be used as asked (its type, or as a binary target).
    case unsupportedType(column: String, type: ColumnType, reason: String)
    /// Scoring a table whose column has another type than the one the model was built on.
    case typeMismatch(column: String, expected: String, found: ColumnType)
    case tooManyLevels(column: String, levels: Int, limit: Int)
    case duplicateFeature(String)
    case missingTarget(column: String, count: Int)
    case notBinary(column: String, value: String)

    public var description: String {
        switch self {
        case .unknownColumn(let name, let suggestions):
            "unknown column '\(name)'" + NameSuggester.didYouMean(suggestions)
        case .unsupportedType(let column, let type, let reason):
            "column '\(column)' is \(type): \(reason)"
        case .typeMismatch(let column, let expected, let found):
            "column '\(column)' is \(found), but the model was built on a \(expected) column"
        case .tooManyLevels(let column, let levels, let limit):
            "column '\(column)' has \(levels) categories, more than the \(limit) allowed for one-hot encoding"
                + "; use native categorical encoding or group rare levels"
        case .duplicateFeature(let name):
            "feature '\(name)' would appear twice (a column listed twice, or a one-hot name colliding with a column)"
        case .missingTarget(let column, let count):
            "target column '\(column)' has \(count) missing values; filter them out first"
        case .notBinary(let column, let value):
            "target column '\(column)' must hold only 0 and 1 (or true/false), found \(value)"
        }
    }
}
