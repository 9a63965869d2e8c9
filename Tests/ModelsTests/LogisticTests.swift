import Foundation
import Testing
@testable import Models

/// Logistic regression against scikit-learn, closed forms and finite differences.
@Suite struct LogisticTests {
    /// A closed-form data set that Python rebuilds exactly (`docs/references/logistic_sklearn.py`,
    /// which printed the reference numbers below): x2 is missing on every 7th row.
    static func formulaData() -> (FeatureMatrix, [Bool]) {
        var x0: [Double] = [], x1: [Double] = [], x2: [Double] = [], y: [Bool] = []
        for i in 0..<400 {
            let d = Double(i)
            x0.append(sin(d * 0.7) * 2 + 1)
            x1.append(exp(cos(d * 1.3)))
            x2.append(i % 7 == 3 ? .nan : Double(i % 5))
            let u = (d * 0.6180339887498949).truncatingRemainder(dividingBy: 1)
            let logit = -1 + 0.8 * x0[i] - 0.5 * x1[i] + 0.3 * (x2[i].isNaN ? 0 : x2[i])
            y.append(u < 1 / (1 + exp(-logit)))
        }
        return (FeatureMatrix(columns: [x0, x1, x2], names: ["x0", "x1", "x2"]), y)
    }

    /// scikit-learn 1.9.1 `LogisticRegression(C=1/l2, solver='lbfgs', tol=1e-14)` (no penalty
    /// for l2 = 0) on the mean-imputed design with a missing indicator, standardised by
    /// StandardScaler; standard errors from numpy's inverse of the penalised Hessian.
    static let scikitLearn: [(l2: Double, coefficients: [Double], errors: [Double])] = [
        (1.0, [-0.32903662583618104, 0.953313667319703, -0.2525408388514356, 0.335378948465778, -0.2254048093633278],
         [0.1139086340009034, 0.12049273505292994, 0.11400607683651669, 0.11376238660573154, 0.11458212512437711]),
        (0.1, [-0.3309137524558289, 0.9671742580935018, -0.25732198933561834, 0.34116933694883095, -0.2295405571965004],
         [0.11427254753523221, 0.121932204903787, 0.11506504362923049, 0.1148424117709446, 0.11560925343358781]),
        (0.0, [-0.33112853187242736, 0.9687505272169195, -0.25786847333560486, 0.3418303479408463, -0.2300128045831958],
         [0.11431420971384146, 0.12209721917952163, 0.11518567184856761, 0.11496559240915602, 0.11572598291181688]),
    ]

    @Test(arguments: 0..<3)
    func matchesScikitLearn(_ index: Int) throws {
        let reference = Self.scikitLearn[index]
        let (x, y) = Self.formulaData()
        let model = try LogisticModel.fit(x, labels: y, parameters: LogisticParameters(l2: reference.l2))
        #expect(model.converged)
        #expect(model.coefficientTable.map(\.name) == ["(intercept)", "x0", "x1", "x2", "x2_missing"])
        for (row, (b, se)) in zip(model.coefficientTable, zip(reference.coefficients, reference.errors)) {
            #expect(abs(row.coefficient - b) < 1e-6, "\(row.name)")
            #expect(abs(row.standardError! - se) < 1e-6, "\(row.name)")
        }
    }

    @Test func singleBinaryFeatureGivesEachGroupsLogOdds() throws {
        // Group 0: 30 defaults in 130; group 1: 45 in 95. Unpenalised, the MLE reproduces
        // each group's log-odds, and the SE of the log odds ratio is Woolf's √(Σ 1/count).
        var x: [Double] = [], y: [Bool] = []
        for (group, defaults, total) in [(0.0, 30, 130), (1.0, 45, 95)] {
            for i in 0..<total {
                x.append(group)
                y.append(i < defaults)
            }
        }
        let model = try LogisticModel.fit(FeatureMatrix(columns: [x], names: ["flag"]), labels: y, parameters: LogisticParameters(l2: 0))
        let odds0 = 30.0 / 100, odds1 = 45.0 / 50
        #expect(abs(model.originalIntercept - log(odds0)) < 1e-9)
        let flag = model.coefficientTable[1]
        #expect(abs(flag.originalCoefficient - log(odds1 / odds0)) < 1e-9)
        #expect(abs(flag.originalStandardError! - (1.0 / 30 + 1.0 / 100 + 1.0 / 45 + 1.0 / 50).squareRoot()) < 1e-9)
        #expect(abs(model.coefficientTable[0].originalStandardError! - (1.0 / 30 + 1.0 / 100).squareRoot()) < 1e-9)
        let p = try model.probabilities(FeatureMatrix(columns: [[0, 1]], names: ["flag"]))
        #expect(abs(p[0] - 30.0 / 130) < 1e-12 && abs(p[1] - 45.0 / 95) < 1e-12)
        // The z and p-value follow from the estimate and its error.
        #expect(abs(flag.z! - flag.coefficient / flag.standardError!) < 1e-12)
        #expect(abs(flag.pValue! - erfc(abs(flag.z!) / 2.squareRoot())) < 1e-15)
    }

    /// The solver's problem on the model's own design, to differentiate numerically.
    static func solver(_ x: FeatureMatrix, _ y: [Bool], l2: Double) -> NewtonSolver {
        let (terms, imputed) = DesignTerm.learn(x, missingIndicators: true)
        return NewtonSolver(
            columns: terms.standardisedColumns(of: x, imputed: imputed), labels: y.map { $0 ? 1 : 0 }, l2: l2, threads: 1)
    }

    @Test(arguments: [0.0, 2.5])
    func gradientVanishesAndErrorsMatchAFiniteDifferenceHessian(l2: Double) throws {
        let (columns, y) = SyntheticData.creditLike(rows: 3000, features: 6, seed: 3)
        let x = FeatureMatrix(columns: columns, names: SyntheticData.names(6))
        let model = try LogisticModel.fit(x, labels: y, parameters: LogisticParameters(l2: l2))
        let solver = Self.solver(x, y, l2: l2)
        let theta = [model.intercept] + model.coefficients
        #expect(theta.count == solver.size)
        let f = { (t: [Double]) in solver.objective(t, eta: solver.linearPredictor(t)) }
        let h = 1e-4
        var hessian = SymmetricMatrix(size: theta.count)
        for j in theta.indices {
            var up = theta, down = theta
            up[j] += h
            down[j] -= h
            // Central difference of the objective: the gradient, which must vanish.
            #expect(abs((f(up) - f(down)) / (2 * h)) < 1e-5)
            // Central difference of the analytic gradient: a Hessian column.
            let gUp = solver.derivatives(up, eta: solver.linearPredictor(up)).gradient
            let gDown = solver.derivatives(down, eta: solver.linearPredictor(down)).gradient
            for i in theta.indices { hessian[i, j] = (gUp[i] - gDown[i]) / (2 * h) }
        }
        let covariance = SymmetricMatrix.inverse(factor: hessian.cholesky()!, size: theta.count)
        for (j, row) in model.coefficientTable.enumerated() {
            let se = covariance[j, j].squareRoot()
            #expect(abs(row.standardError! - se) < 1e-5 * se, "\(row.name)")
        }
    }

    @Test func originalScaleCoefficientsGiveTheSameLogits() throws {
        let (x, y) = Self.formulaData()
        let model = try LogisticModel.fit(x, labels: y)
        let logits = try model.logits(x)
        let table = model.coefficientTable
        for i in stride(from: 0, to: 400, by: 13) {
            let x2 = x[i, 2]
            var eta = table[0].originalCoefficient + table[1].originalCoefficient * x[i, 0] + table[2].originalCoefficient * x[i, 1]
            eta += table[3].originalCoefficient * (x2.isNaN ? table[3].mean! : x2) + table[4].originalCoefficient * (x2.isNaN ? 1 : 0)
            #expect(abs(eta - logits[i]) < 1e-10)
            #expect(abs(table[1].oddsRatioPerSD! - exp(table[1].coefficient)) < 1e-15)
        }
    }

    /// Each row's z is its shown (original-scale) coefficient over its standard error,
    /// the intercept's included; for the other terms that equals the standardised test.
    @Test func zTestsTheCoefficientTheTableShows() throws {
        let (x, y) = Self.formulaData()
        for row in try LogisticModel.fit(x, labels: y).coefficientTable {
            let z = try #require(row.z), se = try #require(row.originalStandardError)
            #expect(abs(z - row.originalCoefficient / se) < 1e-9 * max(1, abs(z)), "\(row.name)")
            #expect(abs(row.pValue! - LogisticModel.pValue(z)) < 1e-15)
            if !row.isIntercept { #expect(abs(z - row.coefficient / row.standardError!) < 1e-9 * max(1, abs(z))) }
        }
    }

    @Test func missingValuesTakeTheMeanAndAnIndicator() throws {
        // Missing rows default far more often than their (mean) value suggests.
        var rng = SeededGenerator(seed: 5)
        var v: [Double] = [], w: [Double] = [], y: [Bool] = []
        for _ in 0..<2000 {
            let missing = rng.nextUnit() < 0.25
            let value = rng.nextUnit()
            v.append(missing ? .nan : value)
            w.append(rng.nextUnit())
            y.append(rng.nextUnit() < (missing ? 0.5 : 0.1 + 0.2 * value))
        }
        let x = FeatureMatrix(columns: [v, w], names: ["v", "w"])
        let model = try LogisticModel.fit(x, labels: y)
        #expect(model.coefficientTable.map(\.name) == ["(intercept)", "v", "v_missing", "w"])
        #expect(model.coefficientTable[2].coefficient > 0.5)
        let mean = model.coefficientTable[1].mean!
        #expect(abs(mean - v.filter { !$0.isNaN }.reduce(0, +) / Double(v.filter { !$0.isNaN }.count)) < 1e-12)
        // A missing v scores as the mean plus the indicator's effect.
        let probe = FeatureMatrix(columns: [[.nan, mean], [0.5, 0.5]], names: ["v", "w"])
        let eta = try model.logits(probe)
        #expect(abs(eta[0] - eta[1] - model.coefficientTable[2].originalCoefficient) < 1e-12)
        // w had no missing training values: a missing w at scoring takes w's mean, no indicator.
        let probeW = FeatureMatrix(columns: [[0.3, 0.3], [.nan, model.coefficientTable[3].mean!]], names: ["v", "w"])
        let etaW = try model.logits(probeW)
        #expect(abs(etaW[0] - etaW[1]) < 1e-12)
        // Without indicators, only the imputation is left.
        var p = LogisticParameters()
        p.missingIndicators = false
        #expect(try LogisticModel.fit(x, labels: y, parameters: p).coefficientTable.map(\.name) == ["(intercept)", "v", "w"])
    }

    @Test func constantColumnsStayAtZero() throws {
        let (x, y) = Self.formulaData()
        let withConstant = FeatureMatrix(columns: x.columns + [[Double](repeating: 7, count: 400)], names: x.names + ["seven"])
        let a = try LogisticModel.fit(x, labels: y), b = try LogisticModel.fit(withConstant, labels: y)
        let seven = b.coefficientTable.last!
        #expect(seven.name == "seven" && seven.coefficient == 0 && seven.standardError == nil)
        #expect(zip(a.coefficients, b.coefficients).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(a.originalIntercept - b.originalIntercept) < 1e-12)
    }

    @Test func deterministicWhateverTheThreads() throws {
        let (columns, y) = SyntheticData.creditLike(rows: 2000, features: 8, seed: 9)
        let x = FeatureMatrix(columns: columns, names: SyntheticData.names(8))
        var p = LogisticParameters()
        p.threads = 1
        let one = try LogisticModel.fit(x, labels: y, parameters: p)
        p.threads = 3
        let three = try LogisticModel.fit(x, labels: y, parameters: p)
        #expect(one.coefficientTable == three.coefficientTable)
        #expect(try one.probabilities(x) == three.probabilities(x))
        // A Codable round trip keeps every bit.
        let decoded = try JSONDecoder().decode(LogisticModel.self, from: JSONEncoder().encode(one))
        #expect(try decoded.probabilities(x) == one.probabilities(x))
    }

    @Test func separatedClassesWithoutPenaltyDoNotClaimConvergence() throws {
        let x = FeatureMatrix(columns: [[0, 1, 2, 3, 4, 5]], names: ["a"])
        let y = [false, false, false, true, true, true]
        do {
            let model = try LogisticModel.fit(x, labels: y, parameters: LogisticParameters(l2: 0))
            #expect(!model.converged)
        } catch {
            #expect(error == .singularHessian)
        }
        // A penalty makes the same problem well posed.
        #expect(try LogisticModel.fit(x, labels: y, parameters: LogisticParameters(l2: 1)).converged)
    }

    @Test func refusesWhatItCannotFit() {
        let x = FeatureMatrix(columns: [[1, 2, 3]], names: ["a"])
        #expect(throws: LogisticError.singleClass(positive: false)) { try LogisticModel.fit(x, labels: [false, false, false]) }
        #expect(throws: LogisticError.lengthMismatch(rows: 3, labels: 2)) { try LogisticModel.fit(x, labels: [true, false]) }
        #expect(throws: LogisticError.self) { try LogisticModel.fit(x, labels: [true, false, true], parameters: LogisticParameters(l2: -1)) }
        let model = try? LogisticModel.fit(x, labels: [true, false, true])
        #expect(throws: LogisticError.featureMismatch(missing: ["a"], unexpected: ["b"])) {
            try model?.probabilities(FeatureMatrix(columns: [[1]], names: ["b"]))
        }
    }
}
