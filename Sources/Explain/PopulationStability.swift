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
            var labels: [String] = []
            var seen = Set<String>()
            for column in [expected, actual] {
                for i in 0..<column.count where !column.isMissing(i) {
                    let label = column[i].description
                    if seen.insert(label).inserted { labels.append(label) }
                }
            }
            labels.sort()
            func shares(_ column: Column) -> [Double] {
                var counts = [String: Int]()
                var missing = 0
                for i in 0..<column.count {
                    if column.isMissing(i) { missing += 1 } else { counts[column[i].description, default: 0] += 1 }
                }
                let n = Double(max(1, column.count))
                return labels.map { Double(counts[$0] ?? 0) / n } + [Double(missing) / n]
            }
            return Bins(labels: labels + ["missing"], expected: shares(expected), actual: shares(actual))
        }
        let reference = (0..<expected.count).compactMap { expected.number(at: $0) }.sorted()
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
        func shares(_ column: Column) -> [Double] {
            var counts = [Int](repeating: 0, count: cuts.count + 2)
            for i in 0..<column.count {
                if let x = column.number(at: i) { counts[bin(x)] += 1 } else { counts[cuts.count + 1] += 1 }
            }
            let n = Double(max(1, column.count))
            return counts.map { Double($0) / n }
        }
        var labels: [String] = []
        for k in 0...cuts.count {
            let low = k == 0 ? "-inf" : short(cuts[k - 1]), high = k == cuts.count ? "inf" : short(cuts[k])
            labels.append("[\(low), \(high))")
        }
        return Bins(labels: labels + ["missing"], expected: shares(expected), actual: shares(actual))
    }

    private static func short(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.4g", x)
    }

    /// The usual reading of an index.
    public static func band(_ index: Double) -> String {
        index < 0.10 ? "stable" : index <= 0.25 ? "moderate shift" : "significant shift"
    }
}
