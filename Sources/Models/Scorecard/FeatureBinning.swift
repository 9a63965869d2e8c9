import Foundation

/// How one feature is cut into bins, each bin's counts and WoE, and the feature's
/// information value: the binning table an analyst reads, and the map from values to WoE.
///
/// Numeric features: quantile fine classes (`fineClasses`; a run of equal values is never
/// split), then adjacent bins merged — while WoE is not monotone in the value (the
/// rising or the falling order, whichever keeps more information value), and while some
/// bin holds less than `minBinShare` of all rows (the smallest bin joins the neighbour
/// with the closer WoE) — until neither rule asks for a merge. Missing values are a bin
/// of their own, never merged. Categorical features: one bin per level, rare levels
/// pooled in "other".
///
/// Values the training rows did not have a bin for (a missing value when none was
/// missing, a new level when no level was rare) get WoE 0: no evidence either way.
public struct FeatureBinning: Sendable, Equatable, Codable {
    public let feature: String
    public let bins: [WoEBin]
    /// Σ of the bins' information values.
    public let informationValue: Double

    /// Numeric: bin k (of the value bins) holds cuts[k−1] ≤ x < cuts[k].
    let cuts: [Double]
    /// Categorical: the bin of each level code (−1: none, as for an unseen level); empty
    /// for a numeric feature.
    let levelBins: [Int]
    let isCategorical: Bool
    let missingBin: Int?
    let otherBin: Int?

    /// The bin of a value, or `nil` when the training rows gave it none.
    func bin(of x: Double) -> Int? {
        if x.isNaN { return missingBin }
        if isCategorical {
            let code = Int(x)
            guard code >= 0 && code < levelBins.count && levelBins[code] >= 0 else { return otherBin }
            return levelBins[code]
        }
        // The number of cuts at or below x is the bin index (cuts ascend).
        var low = 0, high = cuts.count
        while low < high {
            let mid = (low + high) / 2
            if cuts[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The WoE of a value: its bin's, or 0 for a value without a bin.
    public func woe(of x: Double) -> Double { bin(of: x).map { bins[$0].woe } ?? 0 }
}

/// Goods and bads of a group of rows: how many, and their summed weights (the same
/// numbers without sample weights). WoE and information value read the weights; the
/// counts are what a binning table shows and what minimum bin sizes judge.
struct BinCounts: Equatable {
    var goods = 0
    var bads = 0
    var goodWeight = 0.0
    var badWeight = 0.0
    var count: Int { goods + bads }

    static func + (a: BinCounts, b: BinCounts) -> BinCounts {
        BinCounts(goods: a.goods + b.goods, bads: a.bads + b.bads, goodWeight: a.goodWeight + b.goodWeight, badWeight: a.badWeight + b.badWeight)
    }

    mutating func add(_ bad: Bool, weight: Double = 1) {
        if bad { bads += 1; badWeight += weight } else { goods += 1; goodWeight += weight }
    }
}

extension FeatureBinning {
    /// WoE of each group in `counts` given the totals, as `WoEBin` defines it.
    static func woes(_ counts: [BinCounts], smoothing s: Double) -> [Double] {
        let goods = counts.reduce(0) { $0 + $1.goodWeight } + s * Double(counts.count)
        let bads = counts.reduce(0) { $0 + $1.badWeight } + s * Double(counts.count)
        return counts.map { log((($0.goodWeight + s) / goods) / (($0.badWeight + s) / bads)) }
    }

    init(feature: String, contents: [WoEBin.Content], counts: [BinCounts], smoothing s: Double,
         cuts: [Double], levelBins: [Int], isCategorical: Bool, missingBin: Int?, otherBin: Int?) {
        let goods = counts.reduce(0) { $0 + $1.goodWeight }, bads = counts.reduce(0) { $0 + $1.badWeight }
        let smoothedGoods = goods + s * Double(counts.count), smoothedBads = bads + s * Double(counts.count)
        let woes = Self.woes(counts, smoothing: s)
        bins = zip(contents, zip(counts, woes)).map { content, pair in
            let (c, woe) = pair
            let iv = ((c.goodWeight + s) / smoothedGoods - (c.badWeight + s) / smoothedBads) * woe
            return WoEBin(
                content: content, count: c.count, goods: c.goods, bads: c.bads,
                goodShare: c.goodWeight / goods, badShare: c.badWeight / bads,
                woe: woe, informationValue: iv)
        }
        informationValue = bins.reduce(0) { $0 + $1.informationValue }
        self.feature = feature
        self.cuts = cuts
        self.levelBins = levelBins
        self.isCategorical = isCategorical
        self.missingBin = missingBin
        self.otherBin = otherBin
    }
}
