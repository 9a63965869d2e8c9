/// The empirical cumulative distribution: for each value, the share of the sample at or below
/// it. Unlike a histogram it needs no bins, and medians and tails read straight off it.
public struct EmpiricalCDF: Sendable, Equatable {
    /// One step of the function: at `value` it rises to `proportion`.
    public struct Step: Sendable, Equatable {
        public let value: Double
        public let proportion: Double
    }

    /// The distinct finite values, ascending, each with the share of the sample ≤ it.
    public let steps: [Step]
    /// The finite values counted.
    public let count: Int

    public init(_ values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        count = sorted.count
        var steps: [Step] = []
        for (index, value) in sorted.enumerated() where index + 1 == sorted.count || sorted[index + 1] != value {
            steps.append(Step(value: value, proportion: Double(index + 1) / Double(sorted.count)))
        }
        self.steps = steps
    }

    /// The share of the sample ≤ `x` (0 before the first value, 1 from the last on).
    public func callAsFunction(_ x: Double) -> Double {
        var low = 0, high = steps.count   // find the first step with value > x
        while low < high {
            let middle = (low + high) / 2
            if steps[middle].value > x { high = middle } else { low = middle + 1 }
        }
        return low == 0 ? 0 : steps[low - 1].proportion
    }
}
