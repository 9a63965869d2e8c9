/// What a model was trained on and how it did: enough to tell whether two files came from
/// the same data and settings, and to compare a model's later performance with its own.
public struct TrainingFingerprint: Sendable, Equatable, Codable {
    /// Identifies the training rows (for instance a checksum of the table and its filters).
    public var dataFingerprint: String
    public var seed: UInt64
    /// Training settings by name, as text (the model kind's own parameters are in the model).
    public var parameters: [String: String]
    /// Evaluation results by name, e.g. "auc", "validation_auc", "log_loss".
    public var metrics: [String: Double]
    public var rowCount: Int
    public var positiveCount: Int

    public init(
        dataFingerprint: String, seed: UInt64, parameters: [String: String] = [:], metrics: [String: Double] = [:],
        rowCount: Int, positiveCount: Int
    ) {
        self.dataFingerprint = dataFingerprint
        self.seed = seed
        self.parameters = parameters
        self.metrics = metrics
        self.rowCount = rowCount
        self.positiveCount = positiveCount
    }
}
