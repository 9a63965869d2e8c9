/// How one feature's values map to the small integer bins trees split on.
///
/// Numeric features get at most `maxBins` value bins placed at quantiles of a sample, so
/// each bin holds about as many rows (a value frequent enough gets a bin of its own);
/// categorical features get one bin per level. One more bin, the last, holds missing
/// values, so that a split can send them to whichever side fits them best.
///
/// A value bin b holds the values in (upperBounds[b−1], upperBounds[b]]; the last bound is
/// +∞. A split "bin ≤ t" is therefore exactly "value ≤ upperBounds[t]", which is how the
/// trees store raw thresholds, and why predicting on raw values agrees with training.
public struct FeatureBins: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case numeric, categorical }

    public let kind: Kind
    /// Numeric: inclusive upper bound of each value bin, ascending, the last +∞. Empty for categorical.
    public let upperBounds: [Double]
    /// Value bins: the quantile bins, or the number of levels.
    public let valueBinCount: Int

    public var missingBin: Int { valueBinCount }
    public var binCount: Int { valueBinCount + 1 }

    /// What a split search needs of the bins: a plain value, which the training loops copy
    /// without the reference counting of `upperBounds`.
    struct Shape {
        let kind: Kind
        let valueBinCount: Int
        var missingBin: Int { valueBinCount }
    }

    var shape: Shape { Shape(kind: kind, valueBinCount: valueBinCount) }

    init(upperBounds: [Double]) {
        kind = .numeric
        self.upperBounds = upperBounds
        valueBinCount = upperBounds.count
    }

    init(categoryCount: Int) {
        kind = .categorical
        upperBounds = []
        valueBinCount = categoryCount
    }

    /// The bin of a value. Categorical: the level code; a code outside the levels is
    /// treated as missing.
    func bin(of value: Double) -> Int {
        upperBounds.withUnsafeBufferPointer { bin(of: value, bounds: $0.baseAddress) }
    }

    /// `bin(of:)` with the bounds' storage passed in, for loops over a whole column.
    @inline(__always)
    func bin(of value: Double, bounds: UnsafePointer<Double>?) -> Int {
        if value.isNaN { return missingBin }
        if kind == .categorical {
            guard value >= 0, value < Double(valueBinCount) else { return missingBin }
            return Int(value)
        }
        // The first bound ≥ value; the last bound is +∞, so one always exists. The search
        // halves the range without a data-dependent branch (a conditional move), which is
        // what makes binning a column fast: the comparisons are unpredictable.
        var low = 0, length = valueBinCount
        while length > 1 {
            let half = length >> 1
            low = bounds![low + half - 1] < value ? low + half : low
            length -= half
        }
        return low
    }

    /// The bins of `count` values into `codes`: `bin(of:)` for each.
    ///
    /// A numeric search is a chain of dependent loads (eight for 255 bins), so one value at
    /// a time waits at every step; four searches advance side by side, as vector lanes, which
    /// also keeps the unpredictable comparisons out of branches (as scalars, the compiler
    /// turns them into jumps).
    func codes(of values: UnsafePointer<Double>, count: Int, into codes: UnsafeMutablePointer<UInt8>) {
        upperBounds.withUnsafeBufferPointer { buffer in
            let bounds = buffer.baseAddress
            var r = 0
            if kind == .numeric {
                while r &+ 3 < count {
                    let v = SIMD4(values[r], values[r &+ 1], values[r &+ 2], values[r &+ 3])
                    var low = SIMD4<Int64>(repeating: 0), length = valueBinCount
                    while length > 1 {
                        let half = length >> 1
                        let at = low &+ Int64(half &- 1)
                        let bound = SIMD4(bounds![Int(at[0])], bounds![Int(at[1])], bounds![Int(at[2])], bounds![Int(at[3])])
                        low.replace(with: low &+ Int64(half), where: bound .< v)
                        length &-= half
                    }
                    // NaN compares false everywhere, so its search ends at 0: send it to the missing bin.
                    low.replace(with: Int64(missingBin), where: v .!= v)
                    for k in 0..<4 { codes[r &+ k] = UInt8(truncatingIfNeeded: low[k]) }
                    r &+= 4
                }
            }
            while r < count {
                codes[r] = UInt8(truncatingIfNeeded: bin(of: values[r], bounds: bounds))
                r &+= 1
            }
        }
    }

    /// Quantile bins from sorted, non-missing sample values.
    ///
    /// With few distinct values each gets its own bin. Otherwise bins are closed greedily:
    /// once a bin holds its share of the remaining rows (remaining rows / remaining bins),
    /// the boundary goes halfway to the next distinct value. A heavy value (say, 0 in a
    /// count column) fills a bin alone and the remaining bins share the rest evenly.
    static func quantiles(sortedValues values: [Double], maxBins: Int) -> FeatureBins {
        var distinct: [Double] = []
        var counts: [Int] = []
        var i = 0
        while i < values.count {
            // One run of equal values at a time.
            var j = i + 1
            while j < values.count && values[j] == values[i] { j += 1 }
            distinct.append(values[i])
            counts.append(j - i)
            i = j
        }
        guard distinct.count > 1 else { return FeatureBins(upperBounds: [.infinity]) }
        var bounds: [Double] = []
        if distinct.count <= maxBins {
            for i in 0..<(distinct.count - 1) { bounds.append(midpoint(distinct[i], distinct[i + 1])) }
        } else {
            var remainingRows = values.count
            var filled = 0
            for i in 0..<(distinct.count - 1) {
                let binsLeft = maxBins - bounds.count
                if binsLeft <= 1 { break }
                if distinct.count - i <= binsLeft {
                    // As many distinct values left as bins: one each.
                    bounds.append(midpoint(distinct[i], distinct[i + 1]))
                    continue
                }
                filled += counts[i]
                if Double(filled) >= Double(remainingRows) / Double(binsLeft) {
                    bounds.append(midpoint(distinct[i], distinct[i + 1]))
                    remainingRows -= filled
                    filled = 0
                }
            }
        }
        bounds.append(.infinity)
        return FeatureBins(upperBounds: bounds)
    }

    /// A bound between two consecutive distinct values a < b, with a ≤ bound < b even when
    /// they are adjacent doubles (where the plain midpoint could round up to b).
    private static func midpoint(_ a: Double, _ b: Double) -> Double {
        let m = a / 2 + b / 2
        return m >= a && m < b ? m : a
    }
}
