import Tables
/// Settings of a scorecard: how features are binned, which are kept, and how log-odds
/// become points.
public struct ScorecardParameters: Sendable, Equatable, Codable {
    /// Quantile bins a numeric feature starts from, before merging.
    public var fineClasses = 20
    /// Every numeric bin (missing apart) ends with at least this share of all rows.
    public var minBinShare = 0.05
    /// Merge adjacent numeric bins until WoE rises or falls steadily with the value.
    public var monotone = true
    /// Categorical levels with a smaller share of rows are pooled into one "other" bin.
    public var rareLevelShare = 0.01
    /// Added to the goods and the bads of every bin before WoE is taken, so that a bin
    /// without goods or without bads gets a large finite WoE instead of an infinite one.
    public var smoothing = 0.5
    /// Features whose information value is below this are left out of the model; `nil`
    /// keeps all. 0.02 is the usual "useless below" line (0.1 weak, 0.3 strong).
    public var minInformationValue: Double? = 0.02
    /// The score of a client whose good:bad odds are `baseOdds`.
    public var baseScore = 600.0
    public var baseOdds = 50.0
    /// Points that double the good:bad odds.
    public var pointsToDoubleOdds = 20.0
    /// The regression on WoE features.
    public var logistic = LogisticParameters()
    /// Bins the analyst set (`bins COLUMN cuts=…`), by feature: used as given, neither
    /// merged nor made monotone, so that a reviewed binning survives every refit.
    public var manualBins: [String: ManualBins] = [:]

    public init() {}

    func validated() throws(ScorecardError) -> ScorecardParameters {
        func check(_ ok: Bool, _ name: String, _ reason: String) throws(ScorecardError) {
            if !ok { throw .invalidParameter(name: name, reason: reason) }
        }
        try check(fineClasses >= 2, "fineClasses", "must be at least 2")
        try check(minBinShare >= 0 && minBinShare < 1, "minBinShare", "must be in [0, 1)")
        try check(rareLevelShare >= 0 && rareLevelShare < 1, "rareLevelShare", "must be in [0, 1)")
        try check(smoothing >= 0, "smoothing", "must not be negative")
        try check(baseOdds > 0 && pointsToDoubleOdds > 0, "baseOdds/pointsToDoubleOdds", "must be positive")
        return self
    }
}

/// One feature's bins as an analyst set them.
public enum ManualBins: Sendable, Equatable, Codable {
    /// Numeric: ascending cuts; a bin holds the values from one cut up to (not including)
    /// the next, and missing values have their own bin.
    case cuts([Double])
    /// Categorical: each group of levels is one bin; levels in no group pool into "other".
    case groups([[String]])

    /// As `bins` takes it: `cuts=0.2,0.5` or `groups=A+B,C`.
    public var description: String {
        switch self {
        case .cuts(let c): "cuts=" + c.map(\.plainText).joined(separator: ",")
        case .groups(let g): "groups=" + g.map { $0.joined(separator: "+") }.joined(separator: ",")
        }
    }
}

extension ScorecardParameters {
    /// Reads a model file's settings; `manualBins`, newer than some files, defaults to none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ScorecardParameters()
        fineClasses = try c.decode(.fineClasses, or: d.fineClasses)
        minBinShare = try c.decode(.minBinShare, or: d.minBinShare)
        monotone = try c.decode(.monotone, or: d.monotone)
        rareLevelShare = try c.decode(.rareLevelShare, or: d.rareLevelShare)
        smoothing = try c.decode(.smoothing, or: d.smoothing)
        minInformationValue = try c.decodeIfPresent(Double.self, forKey: .minInformationValue)
        baseScore = try c.decode(.baseScore, or: d.baseScore)
        baseOdds = try c.decode(.baseOdds, or: d.baseOdds)
        pointsToDoubleOdds = try c.decode(.pointsToDoubleOdds, or: d.pointsToDoubleOdds)
        logistic = try c.decode(.logistic, or: d.logistic)
        manualBins = try c.decode(.manualBins, or: d.manualBins)
    }
}
