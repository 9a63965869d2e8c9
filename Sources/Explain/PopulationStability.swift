import Foundation
import Tables

/// The population stability index: how far a column's distribution in one table (the
/// "actual", today's applicants) has moved from another (the "expected", the training
/// clients), over bins fixed on the expected one.
///
///     PSI = Σ_bins (actual% − expected%) · ln(actual% / expected%)
///
/// Numbers are cut at the expected table's deciles (ties merged), categories are their
/// levels, and missing values are a bin of their own; an empty bin counts as 0.01% so that
/// the logarithm stays finite. The usual reading: under 0.10 stable, 0.10 to 0.25 a moderate
/// shift, above 0.25 a significant one.
public enum PopulationStability {
    public struct Bins: Sendable, Equatable {
        public let labels: [String]
        public let expected: [Double]
        public let actual: [Double]
        public var index: Double {
            zip(expected, actual).reduce(0) { total, pair in
                let e = max(pair.0, 1e-4), a = max(pair.1, 1e-4)
                return total + (a - e) * log(a / e)
            }
        }
    }

    /// The bins and shares of `actual` against `expected` (columns of one kind).
    public static func compare(expected: Column, actual: Column) -> Bins {
        if expected.type == .category || expected.type == .bool || actual.type == .category {
            let counted = [expected, actual].map(levelCounts)
            let labels = Set(counted[0].counts.keys).union(counted[1].counts.keys).sorted()
            return Bins(labels: labels + ["missing"], expected: levelShares(counted[0], labels, expected.count), actual: levelShares(counted[1], labels, actual.count))
        }
        guard let expectedValues = expected.doublesWithNaN(), let actualValues = actual.doublesWithNaN() else {
            return Bins(labels: [], expected: [], actual: [])
        }
        var reference = expectedValues.filter { !$0.isNaN }
        reference.sort()
        var cuts: [Double] = []
        if !reference.isEmpty {
            for k in 1..<10 {
                let cut = reference[min(reference.count - 1, k * reference.count / 10)]
                if cut > (cuts.last ?? -.infinity), cut > reference[0] { cuts.append(cut) }
            }
        }
        func bin(_ x: Double) -> Int {
            var lo = 0, hi = cuts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if x < cuts[mid] { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        func shares(_ values: [Double]) -> [Double] {
            var counts = [Int](repeating: 0, count: cuts.count + 2)
            for x in values { counts[x.isNaN ? cuts.count + 1 : bin(x)] += 1 }
            let n = Double(max(1, values.count))
            return counts.map { Double($0) / n }
        }
        var labels: [String] = []
        for k in 0...cuts.count {
            let low = k == 0 ? "-inf" : short(cuts[k - 1]), high = k == cuts.count ? "inf" : short(cuts[k])
            labels.append("[\(low), \(high))")
        }
        return Bins(labels: labels + ["missing"], expected: shares(expectedValues), actual: shares(actualValues))
    }

    /// Rows per label and missing rows: a categorical column's codes counted once, then
    /// named (no text per row); other columns row by row.
    private static func levelCounts(_ column: Column) -> (counts: [String: Int], missing: Int) {
        var counts = [String: Int](), missing = 0
        if column.type == .category {
            for (level, n) in zip(column.levels, column.levelCounts()) where n > 0 { counts[level, default: 0] += n }
            return (counts, column.missingCount)
        }
        for i in 0..<column.count {
            if column.isMissing(i) { missing += 1 } else { counts[column[i].description, default: 0] += 1 }
        }
        return (counts, missing)
    }

    private static func levelShares(_ counted: (counts: [String: Int], missing: Int), _ labels: [String], _ rows: Int) -> [Double] {
        let n = Double(max(1, rows))
        return labels.map { Double(counted.counts[$0] ?? 0) / n } + [Double(counted.missing) / n]
    }

    private static func short(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.4g", x)
    }

    /// The usual reading of an index.
    public static func band(_ index: Double) -> String {
        index < 0.10 ? "stable" : index <= 0.25 ? "moderate shift" : "significant shift"
    }
}
