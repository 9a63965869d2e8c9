/// Deterministic data for the tests: a tiny seeded generator (SplitMix64) and samples shaped
/// like the Home Credit columns, identical on every run and platform (no libm calls).
struct SeededGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// Approximately standard normal: the sum of twelve uniforms, less six.
    mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += uniform() }
        return sum - 6
    }

    /// An integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

enum Fixtures {
    /// Incomes: right-skewed, like AMT_INCOME_TOTAL (a squared normal, shifted).
    static func incomes(_ n: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in
            let z = 1 + 0.35 * g.normal()
            return (60_000 + 110_000 * z * z) * scale
        }
    }

    /// An external score in roughly 0…1, like EXT_SOURCE_2.
    static func scores(_ n: Int, seed: UInt64, mean: Double) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in mean + 0.17 * g.normal() }
    }

    static let incomeTypes = ["Working", "Commercial associate", "Pensioner", "State servant",
                              "Unemployed", "Student", "Businessman", "Maternity leave"]
    static let incomeTypeCounts: [Double] = [158_774, 71_617, 55_362, 21_703, 22, 18, 10, 5]

    static let deciles = (1...10).map(Double.init)
    static let defaultRateTrain: [Double] = [0.212, 0.151, 0.118, 0.097, 0.081, 0.069, 0.058, 0.046, 0.034, 0.021]
    static let defaultRateTest: [Double] = [0.189, 0.160, 0.109, 0.093, 0.086, 0.062, 0.055, 0.050, 0.031, 0.026]

    static let features = ["EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3", "DAYS_BIRTH", "AMT_CREDIT"]
    static let correlations: [[Double]] = [
        [1.00, 0.21, 0.19, -0.60, 0.17],
        [0.21, 1.00, 0.11, -0.09, 0.13],
        [0.19, 0.11, 1.00, -0.20, 0.04],
        [-0.60, -0.09, -0.20, 1.00, 0.05],
        [0.17, 0.13, 0.04, 0.05, 1.00],
    ]

    /// Credit against income for `n` clients, correlated.
    static func creditAndIncome(_ n: Int, seed: UInt64) -> (income: [Double], credit: [Double]) {
        var g = SeededGenerator(seed: seed)
        var income: [Double] = [], credit: [Double] = []
        for _ in 0..<n {
            let a = g.normal()
            income.append(170_000 + 60_000 * a)
            credit.append(600_000 + 250_000 * (0.7 * a + 0.7 * g.normal()))
        }
        return (income, credit)
    }
}
