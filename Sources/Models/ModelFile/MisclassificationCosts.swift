/// What each kind of error costs, in any one currency, for choosing or explaining a threshold.
public struct MisclassificationCosts: Sendable, Equatable, Codable {
    /// A good client refused (lost margin).
    public var falsePositive: Double
    /// A defaulter accepted (loss given default).
    public var falseNegative: Double

    public init(falsePositive: Double, falseNegative: Double) {
        self.falsePositive = falsePositive
        self.falseNegative = falseNegative
    }
}
