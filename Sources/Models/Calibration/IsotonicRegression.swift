/// Isotonic regression of outcomes on scores: the non-decreasing function of the score
/// closest to the labels in squared error, found by pool-adjacent-violators. It fixes any
/// monotone miscalibration, at the price of steps that need many rows to be stable.
///
/// The fit is kept as scikit-learn keeps it: for each pooled block, its lowest and highest
/// score with the block's mean outcome. Between blocks a prediction either interpolates
/// linearly (`.interpolate`, scikit-learn's `predict`) or keeps the lower block's value
/// (`.step`); outside the training scores it is clipped to the end values.
public struct IsotonicRegression: Sendable, Equatable, Codable {
    public enum Predictor: String, Sendable, Codable {
        case interpolate
        case step
    }

    /// Knots: ascending scores and the fitted (non-decreasing) values there.
    public let scores: [Double]
    public let values: [Double]
    public let predictor: Predictor

    /// Fits on predictions and their outcomes (out-of-fold, not training ones).
    public static func fit(
        labels: [Bool], probabilities: [Double], predictor: Predictor = .interpolate
    ) throws(CalibrationError) -> IsotonicRegression {
        try Calibrator.check(labels: labels, probabilities: probabilities)
        let blocks = pool(x: probabilities, y: labels.map { $0 ? 1 : 0 }, weights: nil)
        var scores: [Double] = [], values: [Double] = []
        for block in blocks {
            scores.append(block.low)
            values.append(block.mean)
            if block.high > block.low {
                scores.append(block.high)
                values.append(block.mean)
            }
        }
        return IsotonicRegression(scores: scores, values: values, predictor: predictor)
    }

    public func apply(_ p: Double) -> Double {
        if p <= scores[0] { return values[0] }
        if p >= scores[scores.count - 1] { return values[values.count - 1] }
        // The last knot at or below p.
        var low = 0, high = scores.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if scores[mid] <= p { low = mid } else { high = mid }
        }
        switch predictor {
        case .step:
            return values[low]
        case .interpolate:
            let t = (p - scores[low]) / (scores[high] - scores[low])
            return values[low] + t * (values[high] - values[low])
        }
    }

    /// A run of sorted rows pooled into one fitted value.
    struct Block {
        var weight: Double
        var sum: Double
        var low: Double
        var high: Double
        var mean: Double { sum / weight }
    }

    /// Pool-adjacent-violators: rows sorted by x, equal x pooled first (a function of x
    /// must give them one value), then each new block merged backwards while it is below
    /// the block before it. O(n log n) for the sort, O(n) for the pooling.
    static func pool(x: [Double], y: [Double], weights: [Double]?) -> [Block] {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        var blocks: [Block] = []
        for i in order {
            let w = weights?[i] ?? 1
            if let last = blocks.last, last.high == x[i] {
                blocks[blocks.count - 1].weight += w
                blocks[blocks.count - 1].sum += w * y[i]
            } else {
                blocks.append(Block(weight: w, sum: w * y[i], low: x[i], high: x[i]))
            }
            while blocks.count > 1 && blocks[blocks.count - 1].mean <= blocks[blocks.count - 2].mean {
                let last = blocks.removeLast()
                blocks[blocks.count - 1].weight += last.weight
                blocks[blocks.count - 1].sum += last.sum
                blocks[blocks.count - 1].high = last.high
            }
        }
        return blocks
    }
}
