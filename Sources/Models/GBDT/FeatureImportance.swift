/// How much a model relies on one feature.
public struct FeatureImportance: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Total loss reduction of the feature's splits: what the feature contributed.
        case gain
        /// Number of splits on the feature: how often it was used (inflated for features with many values).
        case splits
    }

    public let feature: String
    public let value: Double
}

extension GBDTModel {
    /// Importance of every feature, largest first (ties in feature order).
    public func featureImportance(_ kind: FeatureImportance.Kind = .gain) -> [FeatureImportance] {
        var totals = [Double](repeating: 0, count: features.count)
        for tree in trees {
            for node in tree.nodes { totals[node.feature] += kind == .gain ? node.gain : 1 }
        }
        return features.indices
            .sorted { totals[$0] > totals[$1] || (totals[$0] == totals[$1] && $0 < $1) }
            .map { FeatureImportance(feature: features[$0].name, value: totals[$0]) }
    }
}
