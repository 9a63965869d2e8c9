import Foundation

/// Penalised logistic regression by Newton's method (iteratively reweighted least squares)
/// on a standardised design.
///
/// Minimises Σᵢ wᵢ·[log(1 + e^ηᵢ) − yᵢ·ηᵢ] + ½·l2·‖β‖², η = b + X·β, the intercept b not
/// penalised, with row weights wᵢ (sample times class weights; 1 without them), as
/// scikit-learn's `sample_weight`. The objective is convex, and each step is halved until
/// it decreases, so the iteration cannot diverge; near the optimum steps are full and
/// convergence quadratic, which is what lets the coefficients match another solver to 1e-6
/// and more.
struct NewtonSolver {
    /// Design columns, standardised; the intercept is implicit.
    let columns: [[Double]]
    let labels: [Double]
    /// Row weights; nil for 1 everywhere.
    var weights: [Double]? = nil
    let l2: Double
    let threads: Int

    @inline(__always)
    private func weight(_ i: Int) -> Double { weights?[i] ?? 1 }

    var rowCount: Int { labels.count }
    /// Parameters: the intercept, then one coefficient per column.
    var size: Int { columns.count + 1 }

    struct Result {
        var theta: [Double]
        var iterations: Int
        var converged: Bool
        /// The inverse of the penalised Hessian at `theta`: the coefficients' covariance.
        var covariance: SymmetricMatrix
    }

    func fit(tolerance: Double, maxIterations: Int) throws(LogisticError) -> Result {
        let totalWeight = weights?.reduce(0, +) ?? Double(rowCount)
        let base = labels.indices.reduce(0) { $0 + weight($1) * labels[$1] } / totalWeight
        var theta = [Double](repeating: 0, count: size)
        theta[0] = log(base / (1 - base))  // start from the base rate: the first step is already sane
        var eta = linearPredictor(theta)
        var value = objective(theta, eta: eta)
        var iterations = 0, converged = false
        while iterations < maxIterations {
            iterations += 1
            let (gradient, hessian) = derivatives(theta, eta: eta)
            guard let factor = hessian.cholesky() else { throw .singularHessian }
            let step = SymmetricMatrix.solve(factor: factor, size: size, gradient)
            // Near the optimum the decrease a step promises (½·g·δ) drops below the rounding
            // of the objective, which can then no longer judge it: take such steps whole.
            let promised = 0.5 * zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            let belowRounding = promised <= 1e-13 * (1 + abs(value))
            var t = 1.0, accepted = false
            for _ in 0..<40 {
                let trial = zip(theta, step).map { $0 - t * $1 }
                let trialEta = linearPredictor(trial)
                let trialValue = objective(trial, eta: trialEta)
                if trialValue <= value || (t == 1 && belowRounding) {
                    (theta, eta, value, accepted) = (trial, trialEta, trialValue, true)
                    break
                }
                t /= 2
            }
            let largest = step.reduce(0) { max($0, abs($1)) }
            if largest < tolerance {
                converged = true
                break
            }
            // No step length lowers the objective although the step is not small.
            if !accepted { break }
        }
        let (_, hessian) = derivatives(theta, eta: eta)
        guard let factor = hessian.cholesky() else { throw .singularHessian }
        return Result(
            theta: theta, iterations: iterations, converged: converged,
            covariance: SymmetricMatrix.inverse(factor: factor, size: size))
    }

    func linearPredictor(_ theta: [Double]) -> [Double] {
        var eta = [Double](repeating: theta[0], count: rowCount)
        for (j, column) in columns.enumerated() {
            let beta = theta[j + 1]
            for i in 0..<rowCount { eta[i] += beta * column[i] }
        }
        return eta
    }

    func objective(_ theta: [Double], eta: [Double]) -> Double {
        var total = 0.0
        for i in 0..<rowCount {
            // log(1 + e^η) without overflow.
            let e = eta[i]
            total += weight(i) * ((e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))) - labels[i] * e)
        }
        var squares = 0.0
        for j in 1..<size { squares += theta[j] * theta[j] }
        return total + 0.5 * l2 * squares
    }

    /// The gradient and the Hessian of the objective; neither depends on `threads`.
    func derivatives(_ theta: [Double], eta: [Double]) -> (gradient: [Double], hessian: SymmetricMatrix) {
        let n = rowCount, d = size
        var residual = [Double](repeating: 0, count: n), weight = residual
        for i in 0..<n {
            let p = 1 / (1 + exp(-eta[i]))
            let w = self.weight(i)
            residual[i] = w * (p - labels[i])
            weight[i] = w * p * (1 - p)
        }
        var gradient = [Double](repeating: 0, count: d)
        gradient[0] = residual.reduce(0, +)
        for (j, column) in columns.enumerated() {
            var s = 0.0
            for i in 0..<n { s += residual[i] * column[i] }
            gradient[j + 1] = s + l2 * theta[j + 1]
        }
        var hessian = SymmetricMatrix(size: d)
        hessian.values = WeightedGram.compute(columns: columns, weights: weight, threads: threads)
        for j in 1..<d { hessian.values[j * d + j] += l2 }
        return (gradient, hessian)
    }
}
