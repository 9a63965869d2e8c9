import Testing
import Tables
@testable import Models

/// The tiled Hessian kernel against the textbook double sum, on sizes that leave partial
/// tiles, empty chunks and column counts that are not multiples of the four-entry block.
@Suite struct WeightedGramTests {
    static func data(rows: Int, columns: Int) -> (columns: [[Double]], weights: [Double]) {
        var random = SplitMix64(state: 12345)
        func next() -> Double { Double.random(in: -1..<1, using: &random) }
        let x = (0..<columns).map { _ in (0..<rows).map { _ in next() } }
        let w = (0..<rows).map { _ in abs(next()) * 0.25 }
        return (x, w)
    }

    @Test(arguments: [(1, 0), (5, 1), (130, 3), (1000, 4), (2049, 7), (300, 9)])
    func matchesTheDoubleSum(rows: Int, columns: Int) {
        let (x, w) = Self.data(rows: rows, columns: columns)
        let d = columns + 1
        let gram = WeightedGram.compute(columns: x, weights: w, threads: 2)
        #expect(gram.count == d * d)
        func value(_ c: Int, _ i: Int) -> Double { c == 0 ? 1 : x[c - 1][i] }
        for j in 0..<d {
            for k in 0..<d {
                var s = 0.0
                for i in 0..<rows { s += w[i] * value(j, i) * value(k, i) }
                #expect(abs(gram[j * d + k] - s) <= 1e-12 * max(1, abs(s)), "entry \(j),\(k)")
                #expect(gram[j * d + k] == gram[k * d + j])
            }
        }
    }

    @Test func sameBitsOnOneThreadOrTwo() {
        let (x, w) = Self.data(rows: 5000, columns: 6)
        #expect(WeightedGram.compute(columns: x, weights: w, threads: 1)
                == WeightedGram.compute(columns: x, weights: w, threads: 2))
    }
}
