import Tables
import Foundation

/// Binary log-loss in terms of the raw score s (log-odds): p = σ(s), and for a row with
/// label y, class weight c and sample weight w, gradient c·w·(p − y) and hessian c·w·p·(1 − p).
struct LogisticLoss: Sendable {
    /// Class weights: positives (defaults) and negatives.
    let positiveWeight: Double
    let negativeWeight: Double
    /// Sample weights, one per training row; nil for 1 everywhere.
    let sampleWeights: RawBuffer<Double>?

    init(labels: [Bool], weights: [Double]?, parameters: GBDTParameters) {
        sampleWeights = weights.map { RawBuffer($0) }
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = labels.count - positives
        if parameters.isUnbalance {
            // LightGBM's is_unbalance: up-weight the minority class by the count ratio.
            if positives < negatives {
                (positiveWeight, negativeWeight) = (Double(negatives) / Double(positives), 1)
            } else {
                (positiveWeight, negativeWeight) = (1, Double(positives) / Double(negatives))
            }
        } else {
            (positiveWeight, negativeWeight) = (parameters.scalePosWeight, 1)
        }
    }

    /// The starting score: the log-odds of the observed default rate (weighted by the
    /// sample weights), as LightGBM's `boost_from_average`. Class weights do not enter it
    /// there either, so with class weights the first trees move the scores towards the
    /// weighted balance.
    static func initialScore(labels: [Bool], weights: [Double]? = nil) -> Double {
        var positive = 0.0, total = 0.0
        for (i, y) in labels.enumerated() {
            let w = weights?[i] ?? 1
            total += w
            if y { positive += w }
        }
        let rate = positive / total
        return log(rate / (1 - rate))
    }

    static func sigmoid(_ s: Double) -> Double { 1 / (1 + exp(-s)) }

    /// Fills gradients and hessians of every row. Each row is independent, so splitting the
    /// rows between threads cannot change a result.
    func gradients(
        scores: RawBuffer<Double>, labels: RawBuffer<UInt8>,
        gradients: RawBuffer<Double>, hessians: RawBuffer<Double>, threads: Int
    ) {
        let n = scores.count, piece = 8_192
        let g = gradients.shared, h = hessians.shared
        let wPositive = positiveWeight, wNegative = negativeWeight, sample = sampleWeights
        Parallel.forEach((n + piece - 1) / piece, threads: threads) { k in
            for i in (k * piece)..<min(n, (k + 1) * piece) {
                let p = 1 / (1 + exp(-scores.base[i]))
                let positive = labels.base[i] != 0
                let w = (positive ? wPositive : wNegative) * (sample?.base[i] ?? 1)
                g.base[i] = w * (p - (positive ? 1 : 0))
                h.base[i] = w * p * (1 - p)
            }
        }
    }
}
