import Foundation

/// Settings of penalised logistic regression.
///
/// The penalty is ½·`l2`·‖β‖² added to the summed (not averaged) log-loss over the training
/// rows, on the standardised coefficients and never on the intercept. That is
/// scikit-learn's objective with `C = 1 / l2`, so `l2 = 1` is `LogisticRegression()`'s
/// default and a notebook's `C = 0.1` is `l2 = 10` here.
public struct LogisticParameters: Sendable, Equatable, Codable {
    /// Ridge strength; 0 fits the plain maximum-likelihood model (which diverges when a
    /// feature separates the classes: the fit then reports that it did not converge).
    public var l2 = 1.0
    /// Newton stops when no coefficient moves by more than this (standardised scale).
    public var tolerance = 1e-10
    public var maxIterations = 100
    /// Adds a 0/1 `NAME_missing` input for every column with missing training values, so
    /// that "not reported" can carry its own risk instead of the mean's.
    public var missingIndicators = true
    /// Threads for the Hessian; results do not depend on it.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    public init(l2: Double) {
        self.l2 = l2
    }

    func validated() throws(LogisticError) -> LogisticParameters {
        func check(_ ok: Bool, _ name: String, _ reason: String) throws(LogisticError) {
            if !ok { throw .invalidParameter(name: name, reason: reason) }
        }
        try check(l2 >= 0 && l2.isFinite, "l2", "must be finite and not negative")
        try check(tolerance > 0, "tolerance", "must be positive")
        try check(maxIterations >= 1, "maxIterations", "must be at least 1")
        var p = self
        p.threads = max(1, threads)
        return p
    }
}
