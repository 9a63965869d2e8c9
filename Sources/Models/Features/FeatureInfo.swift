/// What one model input is and where it came from, so that importance tables, model files
/// and explanations can speak in the analyst's column names.
public struct FeatureInfo: Sendable, Equatable, Hashable, Codable {
    public enum Kind: Sendable, Equatable, Hashable, Codable {
        /// A number (integer, double or boolean column); missing stays missing.
        case numeric
        /// 1 when the source category equals `level`, else 0 (one-hot encoding).
        /// Missing categories give 0 in every indicator unless a missing indicator was asked for.
        case indicator(level: String)
        /// 1 when the source category is missing (the optional one-hot "nan" column).
        case missingIndicator
        /// The category's code (0-based index into `levels`), for native categorical splits;
        /// missing and unseen levels are missing.
        case categorical(levels: [String])
    }

    /// The feature's name: the column name, or `COLUMN_level` for an indicator (as pandas' get_dummies).
    public let name: String
    /// The table column it was derived from.
    public let source: String
    public let kind: Kind

    public init(name: String, source: String, kind: Kind) {
        self.name = name
        self.source = source
        self.kind = kind
    }

    public var isCategorical: Bool {
        if case .categorical = kind { return true }
        return false
    }
}
