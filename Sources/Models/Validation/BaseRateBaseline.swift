/// The model that knows nothing about the client: it predicts the training default rate
/// for everyone. Its AUC is 0.5 (every score tied), and its log-loss and Brier score are
/// the floor any real model must get under, which the rate alone does not make obvious:
/// with a rate π, log-loss = −π·ln π − (1−π)·ln(1−π) and Brier = π·(1−π) on the same book.
public struct BaseRateBaseline: Sendable, Equatable, Codable {
    /// The share of defaulters among the training labels.
    public let rate: Double

    public init(labels: [Bool]) {
        precondition(!labels.isEmpty, "a base rate needs at least one label")
        rate = Double(labels.reduce(0) { $0 + ($1 ? 1 : 0) }) / Double(labels.count)
    }

    /// The same probability, `rate`, for each of `count` rows.
    public func probabilities(count: Int) -> [Double] { [Double](repeating: rate, count: count) }

    /// The baseline's metrics on `labels` (for instance a held-out part).
    public func metrics(labels: [Bool]) -> BinaryMetrics {
        BinaryMetrics(labels: labels, probabilities: probabilities(count: labels.count))
    }
}
