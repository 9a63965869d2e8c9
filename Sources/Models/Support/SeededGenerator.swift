import Tables

/// A small, fast, seedable random number generator (SplitMix64).
///
/// Training must give the same model for the same seed on every machine and Swift version,
/// so the project does not rely on the standard library's `SystemRandomNumberGenerator`
/// or on how `Int.random(in:using:)` happens to draw; every draw goes through the
/// methods below.
struct SeededGenerator: RandomNumberGenerator {
    private var source: SplitMix64

    init(seed: UInt64) { source = SplitMix64(state: seed) }

    /// An independent stream for one purpose and step, e.g. (seed, .bagging, iteration):
    /// streams never depend on how many numbers another stream drew.
    init(seed: UInt64, stream: UInt64, step: Int = 0) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        mixer.state ^= UInt64(truncatingIfNeeded: step) &* 0xD1B5_4A32_D192_ED03
        source = SplitMix64(state: mixer.next())
    }

    mutating func next() -> UInt64 { source.next() }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<bound (multiply-high; the bias is below 2⁻³² for our bounds).
    mutating func next(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Exactly `k` of `0..<n`, ascending (Knuth's selection sampling, one pass):
    /// keeps rows in table order, which keeps histogram sums in a fixed order.
    ///
    /// Without a branch on the draw (taken at random, so mispredicted): each row is written
    /// at the next free place, which advances only when the row is taken.
    mutating func sample(_ k: Int, of n: Int) -> [Int32] {
        guard k > 0, n > 0 else { return [] }
        var needed = k, taken = 0
        return [Int32](unsafeUninitializedCapacity: min(k, n)) { buffer, count in
            for i in 0..<n {
                buffer[taken] = Int32(truncatingIfNeeded: i)
                let take = Double(n - i) * nextUnit() < Double(needed) ? 1 : 0
                taken &+= take
                needed &-= take
                if needed == 0 { break }
            }
            count = taken
        }
    }

    /// `k` distinct values of `from`, in their original order (partial Fisher–Yates, then sorted back).
    mutating func choose(_ k: Int, from values: [Int]) -> [Int] {
        var pool = values
        for i in 0..<min(k, pool.count) {
            pool.swapAt(i, i + next(below: pool.count - i))
        }
        return pool.prefix(k).sorted()
    }
}

/// Stream identifiers for `SeededGenerator(seed:stream:step:)`.
enum RandomStream {
    static let binSample: UInt64 = 1
    static let bagging: UInt64 = 2
    static let featureFraction: UInt64 = 3
    static let folds: UInt64 = 4
    static let holdout: UInt64 = 5
}
