/// The five numbers of a Tukey box plot and the points beyond its whiskers.
///
/// Quartiles are interpolated linearly (numpy's default). The whiskers reach the most extreme
/// values still within 1.5 IQR of the box; values beyond them are outliers.
public struct BoxStatistics: Sendable, Equatable {
    public let count: Int
    public let minimum: Double
    public let lowerQuartile: Double
    public let median: Double
    public let upperQuartile: Double
    public let maximum: Double
    /// The smallest value ≥ Q1 − 1.5 IQR.
    public let lowerWhisker: Double
    /// The largest value ≤ Q3 + 1.5 IQR.
    public let upperWhisker: Double
    /// The values outside the whiskers, ascending.
    public let outliers: [Double]
    public let mean: Double

    /// The interquartile range Q3 − Q1.
    public var interquartileRange: Double { upperQuartile - lowerQuartile }

    /// The statistics of the finite `values`, or nil when there are none.
    public init?(_ values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        count = sorted.count
        minimum = first
        maximum = last
        lowerQuartile = Quantiles.linear(sorted, 0.25)
        median = Quantiles.linear(sorted, 0.5)
        upperQuartile = Quantiles.linear(sorted, 0.75)
        let reach = 1.5 * (upperQuartile - lowerQuartile)
        let lowFence = lowerQuartile - reach, highFence = upperQuartile + reach
        lowerWhisker = sorted.first { $0 >= lowFence } ?? first
        upperWhisker = sorted.last { $0 <= highFence } ?? last
        outliers = sorted.filter { $0 < lowFence || $0 > highFence }
        mean = Moments.meanAndDeviation(sorted).mean
    }
}
