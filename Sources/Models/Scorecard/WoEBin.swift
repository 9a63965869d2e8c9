import Tables
/// One bin of a feature's binning table: its rows, goods (non-defaulters) and bads
/// (defaulters), and its weight of evidence.
///
/// WoE = ln(%good / %bad), with `smoothing` added to the bin's goods and bads: positive
/// WoE marks a safer-than-average bin, negative a riskier one. The bin's information
/// value is (%good − %bad)·WoE on the same smoothed shares; it is never negative.
public struct WoEBin: Sendable, Equatable, Codable {
    public enum Content: Sendable, Equatable, Codable {
        /// Numeric values with lower ≤ x < upper; `nil` for no bound (the first and the
        /// last bin), which keeps the table JSON-encodable, unlike infinities.
        case interval(lower: Double?, upper: Double?)
        /// Categorical levels; `other` for the pool of rare levels, which also takes
        /// levels first seen when scoring.
        case levels([String], other: Bool)
        case missing
    }

    public let content: Content
    public let count: Int
    public let goods: Int
    public let bads: Int
    /// Distribution of goods: goods in the bin ÷ all goods (unsmoothed).
    public let goodShare: Double
    /// Distribution of bads: bads in the bin ÷ all bads (unsmoothed).
    public let badShare: Double
    public let woe: Double
    public let informationValue: Double

    /// Whether a value falls in this bin by its content (an unseen level, which scores
    /// in "other", is not listed in it).
    public func contains(_ x: Double, levels: [String] = []) -> Bool {
        switch content {
        case .interval(let lower, let upper): !x.isNaN && x >= (lower ?? -.infinity) && x < (upper ?? .infinity)
        case .levels(let names, _): !x.isNaN && Int(x) >= 0 && Int(x) < levels.count && names.contains(levels[Int(x)])
        case .missing: x.isNaN
        }
    }

    public var badRate: Double { Double(bads) / Double(count) }

    /// A short label for tables: `[0.5, 2)`, `missing`, `A, B`, `other (7 levels)`.
    public var label: String {
        switch content {
        case .interval(let lower, let upper):
            "[\(lower?.plainText ?? "-inf"), \(upper?.plainText ?? "inf"))"
        case .levels(let levels, let other):
            other ? "other (\(levels.count) level\(levels.count == 1 ? "" : "s"))" : levels.joined(separator: ", ")
        case .missing:
            "missing"
        }
    }
}
