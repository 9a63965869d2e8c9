import Foundation
import Testing
@testable import Models

/// Monotone constraints (LightGBM's `monotone_constraints`, basic method): with a risk that
/// rises then falls in x, a model constrained to rise in x predicts a score that never falls
/// as x grows, for every other input, and one constrained to fall never rises; the same data
/// without the constraint gives a score that does fall somewhere (so the check can fail).
@Suite struct MonotoneConstraintTests {
    static func data() -> (FeatureMatrix, [Bool]) {
        var rng = SeededGenerator(seed: 7)
        var x: [Double] = [], z: [Double] = [], w: [Double] = [], y: [Bool] = []
        for _ in 0..<6_000 {
            let a = rng.nextUnit() * 10, b = rng.nextUnit(), c = rng.nextUnit() < 0.1 ? Double.nan : rng.nextUnit() * 5
            // Risk peaks at x = 6, rises with z, and c matters a little.
            let logit = -2 + 1.6 * sin(a / 6 * Double.pi / 2 * 1.0) - 0.3 * max(0, a - 6) * 2 + 1.5 * b + 0.1 * (c.isNaN ? 2 : c)
            x.append(rng.nextUnit() < 0.05 ? .nan : a)
            z.append(b)
            w.append(c)
            y.append(rng.nextUnit() < 1 / (1 + exp(-logit)))
        }
        return (FeatureMatrix(columns: [x, z, w], names: ["x", "z", "w"]), y)
    }

    /// The largest drop of the score along a grid of x, for 200 rows of the other inputs.
    static func largestMove(_ model: GBDTModel, rising: Bool) -> Double {
        var rng = SeededGenerator(seed: 3)
        var worst = 0.0
        for _ in 0..<200 {
            let z = rng.nextUnit(), w = rng.nextUnit() < 0.2 ? Double.nan : rng.nextUnit() * 5
            var previous: Double?
            for k in 0...100 {
                let score = model.rawScore(row: [Double(k) / 10, z, w])
                if let previous { worst = max(worst, rising ? previous - score : score - previous) }
                previous = score
            }
        }
        return worst
    }

    @Test func constrainedScoresMoveOneWayOnly() throws {
        let (matrix, labels) = Self.data()
        var p = GBDTParameters()
        p.iterations = 60
        p.numLeaves = 15
        p.minDataInLeaf = 20
        let free = try GBDTModel.train(matrix, labels: labels, parameters: p)
        #expect(Self.largestMove(free, rising: true) > 1e-3, "without a constraint the score falls somewhere in x")
        p.monotoneConstraints = [1, 0, 0]
        let rising = try GBDTModel.train(matrix, labels: labels, parameters: p)
        #expect(Self.largestMove(rising, rising: true) <= 1e-12)
        p.monotoneConstraints = [-1, 1, 0]
        let falling = try GBDTModel.train(matrix, labels: labels, parameters: p)
        #expect(Self.largestMove(falling, rising: false) <= 1e-12)
        // And in z, which rises.
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<100 {
            let x = rng.nextUnit() * 10
            let scores = (0...20).map { falling.rawScore(row: [x, Double($0) / 20, 1]) }
            #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 <= $1 + 1e-12 })
        }
        // The constraint is kept in the model file's parameters.
        #expect(falling.parameters.monotoneConstraints == [-1, 1, 0])
    }

    @Test func constraintsAreChecked() throws {
        let (matrix, labels) = Self.data()
        var p = GBDTParameters()
        p.iterations = 2
        p.monotoneConstraints = [1, 0]
        #expect(throws: GBDTError.self) { try GBDTModel.train(matrix, labels: labels, parameters: p) }
        p.monotoneConstraints = [2, 0, 0]
        #expect(throws: GBDTError.self) { try GBDTModel.train(matrix, labels: labels, parameters: p) }
    }
}
