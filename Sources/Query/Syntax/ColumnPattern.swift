/// Column names by pattern: `*` stands for any run of characters (`AMT_*`, `*_MEAN`); a name
/// without `*` matches only itself. One rule for `select`, `fit … features` and completion.
public enum ColumnPattern {
    /// The names that match, in their order.
    public static func matching(_ pattern: String, in names: [String]) -> [String] {
        names.filter { matches($0, pattern) }
    }

    public static func matches(_ name: String, _ pattern: String) -> Bool {
        guard pattern.contains("*") else { return name == pattern }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard name.hasPrefix(parts[0]), name.hasSuffix(parts[parts.count - 1]), name.count >= parts[0].count + parts[parts.count - 1].count else { return false }
        var rest = Substring(name.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
