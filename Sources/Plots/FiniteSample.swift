/// A sample with NaN and infinite values removed, remembering how many there were: plots
/// drop such values and say so rather than trap or draw nonsense.
struct FiniteSample {
    var values: [Double]
    var dropped: Int

    init(_ raw: [Double]) {
        values = raw.filter(\.isFinite)
        dropped = raw.count - values.count
    }
}

/// The sentences plots put in their notes.
enum Notes {
    /// "1 value" / "3 values".
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    /// "dropped 3 NaN/infinite values", or nothing when none were.
    static func droppedNonFinite(_ n: Int, in group: String? = nil) -> String? {
        guard n > 0 else { return nil }
        return "dropped \(count(n, "NaN/infinite value"))" + (group.map { " in \($0)" } ?? "")
    }

    /// "dropped 2 non-positive values (log scale)".
    static func droppedNonPositive(_ n: Int, in group: String? = nil) -> String? {
        guard n > 0 else { return nil }
        return "dropped \(count(n, "non-positive value"))" + (group.map { " in \($0)" } ?? "") + " (log scale)"
    }
}

extension FiniteSample {
    /// Builds each group's summary (box statistics, a density, an ECDF) from its finite values,
    /// with the notes every group plot gives: NaN/infinite values dropped, and groups left empty.
    static func summarise<Summary>(_ groups: [Series], _ make: ([Double]) -> Summary?) -> (items: [(name: String, value: Summary)], notes: [String]) {
        var dropped = 0
        var items: [(name: String, value: Summary)] = []
        var empty: [String] = []
        for group in groups {
            let finite = FiniteSample(group.values)
            dropped += finite.dropped
            if let summary = make(finite.values) { items.append((group.name, summary)) } else { empty.append(group.name) }
        }
        var notes: [String] = []
        if let note = Notes.droppedNonFinite(dropped) { notes.append(note) }
        if !empty.isEmpty { notes.append("no values in " + empty.map(TextCells.clean).joined(separator: ", ")) }
        return (items, notes)
    }
}
