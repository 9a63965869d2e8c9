import Tables

/// Why a table cannot be scored by a saved model: a source column is missing or has another
/// type than the one the model was built on. Names the features that depend on it.
public enum ColumnProblem: Sendable, Equatable, CustomStringConvertible {
    case missing(column: String, features: [String], suggestions: [String])
    case mistyped(column: String, expected: String, found: ColumnType, features: [String])

    public var description: String {
        switch self {
        case .missing(let column, let features, let suggestions):
            "column '\(column)' is missing (needed by \(Self.list(features)))" + NameSuggester.didYouMean(suggestions)
        case .mistyped(let column, let expected, let found, let features):
            "column '\(column)' is \(found) but the model needs a \(expected) column (for \(Self.list(features)))"
        }
    }

    /// All problems in a few lines: the first three in full, then the missing columns named
    /// five at a time ("31 columns the model needs are missing: AMT_ANNUITY, …, and 26 more").
    public static func summary(_ problems: [ColumnProblem]) -> String {
        guard problems.count > 3 else { return problems.map(\.description).joined(separator: "; ") }
        let missing = problems.compactMap { if case .missing(let column, _, _) = $0 { column } else { nil } }
        let mistyped = problems.count - missing.count
        var parts: [String] = []
        if !missing.isEmpty {
            parts.append("\(missing.count) column\(missing.count == 1 ? "" : "s") the model needs \(missing.count == 1 ? "is" : "are") missing: "
                + missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", and \(missing.count - 5) more" : ""))
        }
        if mistyped > 0 {
            parts.append(problems.first { if case .mistyped = $0 { true } else { false } }!.description + (mistyped > 1 ? " (and \(mistyped - 1) more columns of the wrong type)" : ""))
        }
        return parts.joined(separator: "; ") + " (`model` lists its features)"
    }

    private static func list(_ features: [String]) -> String {
        features.count <= 4 ? features.joined(separator: ", ") : features.prefix(3).joined(separator: ", ") + " and \(features.count - 3) more"
    }
}

extension ModelFile {
    /// What stops `table` from being scored by this model, one problem per source column, in
    /// feature order; empty when every column is there with a usable type. Numeric features
    /// need an integer, decimal or boolean column; one-hot and categorical features a text
    /// (categorical) column. Unseen levels are not problems: they score as no level. A model
    /// imported from LightGBM has no encoding: its categorical features read integer codes.
    public func checkColumns(of table: Table) -> [ColumnProblem] {
        let codesAreNumbers = gbdt.map { $0.encoding == nil } ?? false
        var order: [String] = [], needs: [String: (categorical: Bool, features: [String])] = [:]
        for feature in features {
            let categorical = feature.kind != .numeric && !(codesAreNumbers && feature.isCategorical)
            if needs[feature.source] == nil { order.append(feature.source) }
            needs[feature.source, default: (categorical, [])].features.append(feature.name)
        }
        return order.compactMap { column in
            let need = needs[column]!
            guard let found = table[column] else {
                return .missing(column: column, features: need.features, suggestions: NameSuggester.nearest(to: column, in: table.names))
            }
            if need.categorical != (found.type == .category) {
                return .mistyped(column: column, expected: need.categorical ? "categorical" : "numeric", found: found.type, features: need.features)
            }
            return nil
        }
    }
}
