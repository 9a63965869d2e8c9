import Foundation

/// A binary, L2-penalised logistic regression for the probability of default: inputs
/// imputed and standardised on the training rows, fitted by Newton's method.
///
///     let model = try LogisticModel.fit(x, labels: y, parameters: LogisticParameters(l2: 1))
///     model.coefficientTable      // name, β, SE, z, p, odds ratio per SD
///     let pd = try model.probabilities(xTest)
public struct LogisticModel: Sendable, Codable {
    /// The inputs the model expects, in order.
    public let features: [FeatureInfo]
    /// How to build the inputs from a table, when the training matrix came from one.
    public let encoding: FeatureEncoding?
    public let parameters: LogisticParameters
    /// The fitted terms (each feature's value, then its missing indicator if any).
    let terms: [DesignTerm]
    /// Each feature's training mean, which replaces its missing values.
    let imputed: [Double]
    /// Intercept and one coefficient per term, on the standardised scale.
    public let intercept: Double
    public let coefficients: [Double]
    /// The intercept first, then every term, including constant ones at 0.
    public let coefficientTable: [LogisticCoefficient]
    /// Newton iterations run, and whether the coefficients settled within the tolerance.
    public let iterations: Int
    public let converged: Bool

    /// Fits the model on every row of `matrix`; `labels` true = default.
    public static func fit(
        _ matrix: FeatureMatrix, labels: [Bool], weights: [Double]? = nil, parameters: LogisticParameters = LogisticParameters()
    ) throws(LogisticError) -> LogisticModel {
        let parameters = try parameters.validated()
        guard matrix.rowCount > 0 else { throw .emptyData }
        guard matrix.rowCount == labels.count else { throw .lengthMismatch(rows: matrix.rowCount, labels: labels.count) }
        if let weights, weights.count != labels.count { throw .lengthMismatch(rows: matrix.rowCount, labels: weights.count) }
        if labels.allSatisfy({ $0 }) || !labels.contains(true) { throw .singleClass(positive: labels[0]) }
        if let categorical = matrix.features.first(where: \.isCategorical) { throw .categoricalFeature(categorical.name) }

        let (terms, imputed) = DesignTerm.learn(matrix, missingIndicators: parameters.missingIndicators, weights: weights)
        let solver = NewtonSolver(
            columns: terms.standardisedColumns(of: matrix, imputed: imputed),
            labels: labels.map { $0 ? 1 : 0 }, weights: weights, l2: parameters.l2, threads: parameters.threads)
        let result = try solver.fit(tolerance: parameters.tolerance, maxIterations: parameters.maxIterations)

        // Spread the solver's parameters (intercept, active terms) over all terms.
        var coefficients = [Double](repeating: 0, count: terms.count)
        var position = [Int?](repeating: nil, count: terms.count)
        var next = 1
        for (t, term) in terms.enumerated() where !term.isConstant {
            coefficients[t] = result.theta[next]
            position[t] = next
            next += 1
        }
        return LogisticModel(
            features: matrix.features, encoding: matrix.encoding, parameters: parameters, terms: terms,
            imputed: imputed, intercept: result.theta[0], coefficients: coefficients,
            coefficientTable: Self.table(terms: terms, theta: result.theta, position: position, covariance: result.covariance),
            iterations: result.iterations, converged: result.converged)
    }

    /// Log-odds of default for every row of `matrix`, whose features must be the model's.
    /// Missing values take the training mean (and set the indicator, if the model has one).
    public func logits(_ matrix: FeatureMatrix) throws(LogisticError) -> [Double] {
        try checkFeatures(of: matrix)
        var eta = [Double](repeating: intercept, count: matrix.rowCount)
        for (t, term) in terms.enumerated() where !term.isConstant {
            let beta = coefficients[t] / term.std, m = imputed[term.feature], column = matrix.columns[term.feature]
            for i in eta.indices { eta[i] += beta * (term.raw(column[i], imputed: m) - term.mean) }
        }
        return eta
    }

    /// Probabilities of default for every row of `matrix`.
    public func probabilities(_ matrix: FeatureMatrix) throws(LogisticError) -> [Double] {
        try logits(matrix).map { 1 / (1 + exp(-$0)) }
    }

    /// The intercept on the original scale: b − Σ βⱼ·meanⱼ / stdⱼ.
    public var originalIntercept: Double { coefficientTable[0].originalCoefficient }

    func checkFeatures(of matrix: FeatureMatrix) throws(LogisticError) {
        let expected = features.map(\.name), found = matrix.names
        guard expected != found else { return }
        let foundSet = Set(found), expectedSet = Set(expected)
        throw .featureMismatch(
            missing: expected.filter { !foundSet.contains($0) }, unexpected: found.filter { !expectedSet.contains($0) })
    }

    private static func table(
        terms: [DesignTerm], theta: [Double], position: [Int?], covariance: SymmetricMatrix
    ) -> [LogisticCoefficient] {
        // The original-scale intercept is aᵀθ with a = (1, −mean/std per active term).
        var a = [Double](repeating: 0, count: theta.count)
        a[0] = 1
        var originalIntercept = theta[0]
        for (t, term) in terms.enumerated() {
            guard let j = position[t] else { continue }
            a[j] = -term.mean / term.std
            originalIntercept += a[j] * theta[j]
        }
        var variance = 0.0
        for i in a.indices { for j in a.indices { variance += a[i] * covariance[i, j] * a[j] } }
        let se0 = covariance[0, 0].squareRoot(), originalSE = variance.squareRoot()
        // The intercept's test is the one for the coefficient the table shows, on the original
        // scale (log-odds at all-zero inputs), as a classic table on raw inputs gives it. For
        // the other terms both scales give the same z.
        let z0 = originalIntercept / originalSE
        var rows = [LogisticCoefficient(
            name: "(intercept)", isIntercept: true, coefficient: theta[0], standardError: se0,
            z: z0, pValue: pValue(z0), originalCoefficient: originalIntercept,
            originalStandardError: originalSE, oddsRatioPerSD: nil, mean: nil, std: nil)]
        for (t, term) in terms.enumerated() {
            let beta = position[t].map { theta[$0] } ?? 0
            let se = position[t].map { covariance[$0, $0].squareRoot() }
            rows.append(LogisticCoefficient(
                name: term.name, isIntercept: false, coefficient: beta, standardError: se,
                z: se.map { beta / $0 }, pValue: se.map { pValue(beta / $0) },
                originalCoefficient: term.isConstant ? 0 : beta / term.std,
                originalStandardError: se.map { $0 / term.std }, oddsRatioPerSD: exp(beta),
                mean: term.mean, std: term.std))
        }
        return rows
    }

    /// Two-sided normal p-value: P(|Z| ≥ |z|) = erfc(|z| / √2).
    static func pValue(_ z: Double) -> Double { erfc(abs(z) / 2.squareRoot()) }
}
