import Tables

/// Reads a binary outcome column (Home Credit's TARGET: 1 = payment difficulties) as labels.
public enum BinaryTarget {
    /// `true` for 1 (or true). Fails on missing values and on anything but 0 and 1, because a
    /// silently dropped or coerced target would change what the model learns.
    public static func labels(from table: Table, column name: String) throws(FeatureMatrixError) -> [Bool] {
        guard let column = table[name] else {
            throw .unknownColumn(name, suggestions: NameSuggester.nearest(to: name, in: table.names))
        }
        if column.missingCount > 0 { throw .missingTarget(column: name, count: column.missingCount) }
        if case .bool(let flags) = column.storage { return flags }
        guard column.type != .category else {
            throw .unsupportedType(column: name, type: .category, reason: "a target must be 0/1 or true/false")
        }
        var labels = [Bool](repeating: false, count: column.count)
        for i in 0..<column.count {
            switch column.number(at: i) {
            case 0: labels[i] = false
            case 1: labels[i] = true
            default: throw .notBinary(column: name, value: column[i].description)
            }
        }
        return labels
    }
}
