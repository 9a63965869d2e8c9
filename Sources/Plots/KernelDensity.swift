/// A Gaussian kernel density estimate: a smooth version of the histogram whose shape does not
/// depend on where bins start.
///
/// The default bandwidth is Silverman's rule of thumb, h = 0.9 · min(s, IQR / 1.34) · n^(−1/5)
/// (R's `bw.nrd0`), robust to the heavy tails of money amounts. When both spreads are zero
/// (all values equal) it falls back to s, then |x₀|, then 1, so the estimate is always defined.
public struct KernelDensity: Sendable {
    /// The finite sample values, ascending.
    public let sample: [Double]
    /// The kernel's standard deviation.
    public let bandwidth: Double

    /// The estimate for the finite `values`, or nil when there are none. A `bandwidth` that is
    /// not a positive finite number is replaced by Silverman's.
    public init?(_ values: [Double], bandwidth: Double? = nil) {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        sample = sorted
        if let bandwidth, bandwidth.isFinite, bandwidth > 0 {
            self.bandwidth = bandwidth
        } else {
            self.bandwidth = KernelDensity.silvermanBandwidth(sorted)
        }
    }

    /// Silverman's rule-of-thumb bandwidth for an ascending, non-empty sample.
    public static func silvermanBandwidth(_ sorted: [Double]) -> Double {
        let deviation = Moments.meanAndDeviation(sorted).deviation
        let iqr = Quantiles.linear(sorted, 0.75) - Quantiles.linear(sorted, 0.25)
        var spread = min(deviation, iqr / 1.34)
        if !(spread > 0) { spread = deviation }
        if !(spread > 0) { spread = abs(sorted[0]) }
        if !(spread > 0) || !spread.isFinite { spread = 1 }
        let h = 0.9 * spread * Math.pow(Double(sorted.count), -0.2)
        return h > 0 && h.isFinite ? h : 1
    }

    /// The estimated density at `x`. Sample points more than 6 bandwidths away add less than
    /// e⁻¹⁸ (2·10⁻⁸ of a point's peak) each and are skipped, found by binary search, which
    /// keeps large samples fast.
    public func density(at x: Double) -> Double {
        let h = bandwidth
        let from = firstIndex { $0 >= x - 6 * h }
        let to = firstIndex { $0 > x + 6 * h }
        var sum = 0.0
        if from < to {
            for value in sample[from..<to] {
                let z = (x - value) / h
                sum += Math.exp(-0.5 * z * z)
            }
        }
        return sum / (Double(sample.count) * h * 2.5066282746310002)   // √(2π)
    }

    /// The range worth drawing: the sample's range extended by three bandwidths each side
    /// (as R's `density` does), where the estimate has fallen to about 1% of a point's peak.
    public var support: ClosedRange<Double> {
        let lo = sample[0] - 3 * bandwidth, hi = sample[sample.count - 1] + 3 * bandwidth
        return (lo.isFinite ? lo : sample[0])...(hi.isFinite ? hi : sample[sample.count - 1])
    }

    /// The first index whose value satisfies `predicate`, which must be false then true
    /// along the ascending sample; `sample.count` when none does.
    private func firstIndex(where predicate: (Double) -> Bool) -> Int {
        var low = 0, high = sample.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(sample[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
