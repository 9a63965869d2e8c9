import Foundation
import Tables

/// Information value of a column against a 0/1 target: how well its bins separate defaults
/// from good clients, as scorecard teams rank characteristics (< 0.02 useless, > 0.3 strong).
public enum InformationValue {
    /// Over up to `bins` equal-frequency bins of the values, plus one bin for missing values;
    /// rows without a label are skipped. Empty bins add nothing; a bin with no default (or no
    /// good client) counts half of one, so one pure bin cannot make the value infinite.
    public static func of(_ column: Column, labels: [Double?], bins: Int = 10) -> Double? {
        guard column.type != .category else { return nil }
        var pairs: [(Double, Bool)] = []
        var missingGood = 0.0, missingBad = 0.0
        for i in 0..<column.count {
            guard let y = labels[i] else { continue }
            if let x = column.number(at: i) { pairs.append((x, y == 1)) } else if y == 1 { missingBad += 1 } else { missingGood += 1 }
        }
        let totalBad = Double(pairs.filter(\.1).count) + missingBad
        let totalGood = Double(pairs.count) - Double(pairs.filter(\.1).count) + missingGood
        guard totalBad > 0, totalGood > 0 else { return nil }
        pairs.sort { $0.0 < $1.0 }
        var counts: [(good: Double, bad: Double)] = []
        var start = 0
        while start < pairs.count {
            // Equal-frequency cut, moved past ties so a value never straddles two bins.
            var end = min(pairs.count, start + max(1, pairs.count / bins))
            while end < pairs.count && pairs[end].0 == pairs[end - 1].0 { end += 1 }
            let bad = Double(pairs[start..<end].filter(\.1).count)
            counts.append((Double(end - start) - bad, bad))
            start = end
        }
        if missingGood + missingBad > 0 { counts.append((missingGood, missingBad)) }
        var iv = 0.0
        for c in counts where c.good + c.bad > 0 {
            let g = max(c.good, 0.5) / totalGood, b = max(c.bad, 0.5) / totalBad
            iv += (g - b) * Foundation.log(g / b)
        }
        return iv
    }
}

/// Compares a recomputed row with the full build's, column by column.
public enum FeatureComparison {
    /// The names of the columns whose values differ (`name: a ≠ b`); numbers compare as
    /// numbers (an integer column may come back as decimals when a block had no rows).
    public static func differences(_ a: Table, row i: Int, _ b: Table, row j: Int) -> [String] {
        var out: [String] = []
        for name in b.names {
            guard let x = a[name] else { out.append("\(name): not recomputed"); continue }
            let y = b[name]!
            let same: Bool
            if x.type == .category || y.type == .category {
                same = x[i] == y[j]
            } else {
                let p = x.number(at: i), q = y.number(at: j)
                same = p == q || (p?.isNaN == true && q?.isNaN == true)
            }
            if !same { out.append("\(name): \(x[i]) ≠ \(y[j])") }
        }
        return out
    }
}
