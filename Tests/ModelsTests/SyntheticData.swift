import Foundation
@testable import Models

/// Seeded synthetic data sets for the tests and the benchmark.
enum SyntheticData {
    /// Standard normal draws (Box–Muller) from the module's seeded generator.
    struct Normal {
        var rng: SeededGenerator
        init(seed: UInt64) { rng = SeededGenerator(seed: seed) }
        mutating func next() -> Double {
            let u = max(rng.nextUnit(), 1e-300), v = rng.nextUnit()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        mutating func unit() -> Double { rng.nextUnit() }
    }

    /// `features` columns of uniform values in [0, 1); `missingShare` of the cells of the
    /// first `missingColumns` columns are NaN.
    static func uniform(rows: Int, features: Int, seed: UInt64, missingColumns: Int = 0, missingShare: Double = 0) -> [[Double]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<features).map { f in
            (0..<rows).map { _ in
                let v = rng.nextUnit()
                return f < missingColumns && rng.nextUnit() < missingShare ? .nan : v
            }
        }
    }

    /// A credit-like problem: `features` columns (normal, skewed, 0/1 flags and some with
    /// missing values), a default rate near 8%, and a signal spread over the first 12
    /// features with interactions and noise, so that neither the rate nor the AUC is trivial.
    static func creditLike(rows: Int, features: Int, seed: UInt64) -> (columns: [[Double]], labels: [Bool]) {
        var normal = Normal(seed: seed)
        var columns = [[Double]](repeating: [Double](repeating: 0, count: rows), count: features)
        var labels = [Bool](repeating: false, count: rows)
        for r in 0..<rows {
            for f in 0..<features {
                let z = normal.next()
                switch f % 5 {
                case 0, 1: columns[f][r] = z
                case 2: columns[f][r] = exp(z)  // skewed, like an amount
                case 3: columns[f][r] = z > 0.8 ? 1 : 0  // a flag, like one-hot
                default: columns[f][r] = normal.unit() < 0.2 ? .nan : (z * 100).rounded()  // missing, coarse
                }
            }
            func value(_ f: Int) -> Double { f < features ? columns[f][r] : 0 }
            let x4 = value(4).isNaN ? 1.0 : value(4) / 100
            let x9 = value(9).isNaN ? -0.5 : value(9) / 100
            var logit = -3.2 + 0.8 * value(0) - 0.6 * value(1) + 0.5 * log(value(2)) + 0.7 * value(3)
            logit += 0.5 * x4 + 0.4 * x9 + 0.6 * (value(5) > 0.5 && value(6) < 0 ? 1 : 0)
            logit += 0.4 * sin(2 * value(10)) + 0.3 * value(11) * value(0)
            logit += 0.5 * normal.next()
            labels[r] = normal.unit() < 1 / (1 + exp(-logit))
        }
        return (columns, labels)
    }

    static func names(_ count: Int) -> [String] { (0..<count).map { "x\($0)" } }
}
