/// The levels of one categorical column with their shares, drawn by inverse CDF.
///
/// A level may carry a default rate: the share of TARGET = 1 among clients at that level in the
/// real data (stats.md). It becomes a log-odds effect in the hidden default mechanism, so the
/// synthetic per-level default rates come out close to the real ones.
///
///     let status = LevelTable([("Approved", 0.62), ("Refused", 0.18), ("Canceled", 0.20)])
///     let index = status.draw(&random)
struct LevelTable: Sendable {
    /// The label of each level; nil for the "missing" level (written as an empty field).
    let labels: [Label?]
    /// The log-odds effect of each level on default (0 when no rate was given).
    let effects: [Double]
    private let cumulative: [Double]

    /// Levels with their shares (they need not sum to 1). An empty name is the missing level.
    init(_ levels: [(String, Double)]) {
        self.init(levels.map { ($0.0, $0.1, RiskModel.baseRate) })
    }

    /// Levels with their shares and real default rates.
    init(_ levels: [(String, Double, Double)]) {
        labels = levels.map { $0.0.isEmpty ? nil : Label($0.0) }
        effects = levels.map { RiskModel.levelEffect(defaultRate: $0.2) }
        let total = levels.reduce(0) { $0 + $1.1 }
        var running = 0.0
        cumulative = levels.map {
            running += $0.1 / total
            return running
        }
    }

    var count: Int { labels.count }

    /// A random level index, drawn with the table's shares.
    @inline(__always)
    func draw(_ random: inout RandomSource) -> Int { index(at: random.uniform()) }

    /// The level at cumulative probability `u` in [0, 1).
    @inline(__always)
    func index(at u: Double) -> Int {
        // Tables are short and sorted by share, so a linear scan ends within a few steps.
        var i = 0
        let last = cumulative.count - 1
        while i < last && u >= cumulative[i] { i += 1 }
        return i
    }

    subscript(index: Int) -> Label? { labels[index] }
}

/// Whole numbers drawn with given shares, such as loan terms in months or card limits.
struct WeightedValues: Sendable {
    let values: [Int]
    private let table: LevelTable

    init(_ pairs: [(Int, Double)]) {
        values = pairs.map(\.0)
        table = LevelTable(pairs.map { (String($0.0), $0.1) })
    }

    func draw(_ random: inout RandomSource) -> Int { values[table.draw(&random)] }

    /// The value at cumulative probability `u` in [0, 1): with the values in increasing order,
    /// a `u` skewed towards 1 gives larger values.
    func value(at u: Double) -> Int { values[table.index(at: u)] }
}

/// A continuous distribution given by a few of its quantiles, linearly interpolated between them.
///
/// Calibrating on quantiles (min, p05, p25, median, p75, p95, max from stats.md) reproduces the
/// real marginal distribution without guessing a parametric family. Feeding it `normalCDF(z)` of
/// a latent normal `z` (a Gaussian copula) lets several columns share one latent factor while
/// each keeps its own real marginal.
struct QuantileCurve: Sendable {
    private let probabilities: [Double]
    private let values: [Double]

    /// Knots as (probability, value), with increasing probabilities from 0 to 1.
    init(_ knots: [(Double, Double)]) {
        probabilities = knots.map(\.0)
        values = knots.map(\.1)
    }

    /// The value at probability `p` in [0, 1].
    func value(at p: Double) -> Double {
        var i = 1
        while i < probabilities.count - 1 && p > probabilities[i] { i += 1 }
        let p0 = probabilities[i - 1]
        let p1 = probabilities[i]
        let t = min(1, max(0, (p - p0) / (p1 - p0)))
        return values[i - 1] + t * (values[i] - values[i - 1])
    }

    /// The value for a latent standard normal `z`.
    func value(latent z: Double) -> Double { value(at: normalCDF(z)) }
}
