/// Finds the names nearest to a misspelt one, for "did you mean" hints.
public enum NameSuggester {
    /// Up to `limit` candidates within a small edit distance, closest first;
    /// case-insensitive, and a candidate containing the typed name also counts.
    public static func nearest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(name.uppercased().utf8)
        let threshold = max(2, target.count / 3)
        var scored: [(distance: Int, name: String)] = []
        for candidate in candidates {
            let upper = candidate.uppercased()
            var d = editDistance(target, Array(upper.utf8))
            if target.count >= 3, upper.contains(name.uppercased()) { d = min(d, 1) }
            if d <= threshold { scored.append((d, candidate)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    /// " (did you mean 'A' or 'B'?)", or nothing when there is no candidate.
    public static func didYouMean(_ suggestions: [String]) -> String {
        guard !suggestions.isEmpty else { return "" }
        let quoted = suggestions.map { "'\($0)'" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
        return "; did you mean \(list)?"
    }

    /// Levenshtein distance over bytes.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
