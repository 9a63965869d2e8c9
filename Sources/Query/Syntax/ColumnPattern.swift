/// Column names by pattern: `*` stands for any run of characters (`AMT_*`, `*_MEAN`); a name
/// without `*` matches only itself. One rule for `select`, `fit … features` and completion.
public enum ColumnPattern {
    /// The names that match, in their order.
    public static func matching(_ pattern: String, in names: [String]) -> [String] {
        guard pattern.contains("*") else { return names.filter { $0 == pattern } }
        let parts = pieces(pattern)
        return names.filter { name in
            // Native names are contiguous UTF-8: read in place, no array per name.
            var name = name
            return name.withUTF8 { matches($0, parts) }
        }
    }

    public static func matches(_ name: String, _ pattern: String) -> Bool {
        guard pattern.contains("*") else { return name == pattern }
        var name = name
        return name.withUTF8 { matches($0, pieces(pattern)) }
    }

    /// The literal pieces between stars, as bytes (names are compared byte for byte, as `==` does
    /// for the plain names columns have).
    private static func pieces(_ pattern: String) -> [[UInt8]] {
        pattern.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
    }

    /// First piece at the start, last at the end, the others in order between (leftmost match).
    private static func matches(_ name: UnsafeBufferPointer<UInt8>, _ parts: [[UInt8]]) -> Bool {
        let first = parts[0], last = parts[parts.count - 1]
        guard name.count >= first.count + last.count, name.starts(with: first), name.suffix(last.count).elementsEqual(last) else { return false }
        var position = first.count
        let end = name.count - last.count
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            var found = -1
            var i = position
            while i + part.count <= end {
                if name[i..<(i + part.count)].elementsEqual(part) { found = i; break }
                i += 1
            }
            guard found >= 0 else { return false }
            position = found + part.count
        }
        return true
    }
}
