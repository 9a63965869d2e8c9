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
