import Foundation

/// Reference implementations straight from the definitions, slow and obvious, to check
/// the fast ones against.
enum BruteForce {
    /// P(score of a random positive > score of a random negative), ties counting 1/2.
    static func auc(_ labels: [Bool], _ scores: [Double]) -> Double {
        var wins = 0.0, pairs = 0.0
        for i in labels.indices where labels[i] {
            for j in labels.indices where !labels[j] {
                pairs += 1
                if scores[i] > scores[j] { wins += 1 } else if scores[i] == scores[j] { wins += 0.5 }
            }
        }
        return wins / pairs
    }

    /// max over every threshold t (flag score ≥ t) of |TPR − FPR|.
    static func ks(_ labels: [Bool], _ scores: [Double]) -> Double {
        let p = Double(labels.filter { $0 }.count), n = Double(labels.count) - p
        var best = 0.0
        for t in scores {
            var tp = 0.0, fp = 0.0
            for i in labels.indices where scores[i] >= t {
                if labels[i] { tp += 1 } else { fp += 1 }
            }
            best = max(best, abs(tp / p - fp / n))
        }
        return best
    }

    /// Σ over distinct thresholds, highest first, of (recall − previous recall) · precision.
    static func averagePrecision(_ labels: [Bool], _ scores: [Double]) -> Double {
        let p = Double(labels.filter { $0 }.count)
        var previousRecall = 0.0, ap = 0.0
        for t in Set(scores).sorted(by: >) {
            var tp = 0.0, flagged = 0.0
            for i in labels.indices where scores[i] >= t {
                flagged += 1
                if labels[i] { tp += 1 }
            }
            ap += (tp / p - previousRecall) * (tp / flagged)
            previousRecall = tp / p
        }
        return ap
    }

    static func logLoss(_ labels: [Bool], _ p: [Double]) -> Double {
        var total = 0.0
        for i in labels.indices {
            let q = min(max(p[i], 1e-15), 1 - 1e-15)
            total += labels[i] ? -log(q) : -log(1 - q)
        }
        return total / Double(labels.count)
    }

    static func brier(_ labels: [Bool], _ p: [Double]) -> Double {
        labels.indices.map { pow(p[$0] - (labels[$0] ? 1 : 0), 2) }.reduce(0, +) / Double(labels.count)
    }
}
