import Testing
@testable import Tables

/// Quantiles by selection against quantiles of the sorted values, on inputs that break
/// naive quickselects: ties, runs already in order or reversed, a single value.
@Suite struct OrderStatisticTests {
    static func inputs() -> [[Double]] {
        var rng = FastPathTests.Random(state: 99)
        var out: [[Double]] = [[3], [2, 1], [5, 5, 5, 5], Array(repeating: 7, count: 100)]
        for n in [3, 17, 64, 1001] {
            let random = (0..<n).map { _ in Double(Int.random(in: -1000...1000, using: &rng)) / 8 }
            let ties = (0..<n).map { _ in Double(Int.random(in: 0...3, using: &rng)) }
            out += [random, random.sorted(), random.sorted(by: >), ties, [-0.0, 0.0] + random]
        }
        return out
    }

    @Test func equalsTheQuantileOfTheSortedValues() {
        for input in Self.inputs() {
            for p in [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1] {
                var values = input
                let selected = OrderStatistic.interpolatedQuantile(&values, p)
                let sorted = Column.interpolatedQuantile(sorted: input.sorted(), p)
                #expect(selected == sorted, "n \(input.count), p \(p)")
                #expect(values.sorted() == input.sorted(), "selection only reorders")
            }
        }
    }

    @Test func placesTheKthValue() {
        for input in Self.inputs() {
            for k in Set([0, input.count / 3, input.count - 1]) {
                var values = input
                values.withUnsafeMutableBufferPointer { OrderStatistic.select($0, k) }
                let kth = values[k]
                #expect(kth == input.sorted()[k])
                #expect(values[..<k].allSatisfy { $0 <= kth } && values[(k + 1)...].allSatisfy { $0 >= kth })
            }
        }
    }
}
