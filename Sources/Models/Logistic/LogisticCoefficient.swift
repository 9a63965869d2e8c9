/// One row of a logistic model's coefficient table.
///
/// Coefficients are in log-odds of default. On the standardised scale they are per
/// standard deviation of the input, comparable across inputs; on the original scale they
/// are per unit of the column (per 1 for a missing indicator). Standard errors come from
/// the inverse Hessian of the penalised log-likelihood, the usual ones when `l2` is 0 and
/// ridge-shrunk (smaller) ones otherwise; p-values are two-sided, from the normal law.
public struct LogisticCoefficient: Sendable, Equatable, Codable {
    /// `(intercept)`, a feature's name, or `NAME_missing` for a missing indicator.
    public let name: String
    public let isIntercept: Bool
    public let coefficient: Double
    /// `nil` for a constant input, which was left out of the fit (coefficient 0).
    public let standardError: Double?
    /// The Wald test of the original-scale coefficient; for every term but the intercept
    /// it is the same on the standardised scale.
    public let z: Double?
    public let pValue: Double?
    public let originalCoefficient: Double
    public let originalStandardError: Double?
    /// e^coefficient: how the odds of default multiply per standard deviation of the input
    /// (`nil` for the intercept).
    public let oddsRatioPerSD: Double?
    /// The training mean and standard deviation used to standardise (`nil` for the intercept).
    public let mean: Double?
    public let std: Double?
}
