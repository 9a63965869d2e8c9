/// The points a feature's bins are worth in a scorecard: a client's score is the sum,
/// over the model's features, of the points of the bin they fall in.
public struct FeaturePoints: Sendable, Equatable, Codable {
    public struct Bin: Sendable, Equatable, Codable {
        public let label: String
        public let woe: Double
        public let points: Double
    }

    public let feature: String
    /// The logistic coefficient on the feature's WoE (log-odds of default per unit WoE;
    /// negative when the WoE carries the risk the usual way).
    public let coefficient: Double
    public let bins: [Bin]
    /// The points of a value without a bin (WoE 0): the feature's share of the intercept.
    public let neutralPoints: Double
}
