import Foundation
import Tables

/// A small, fast, seedable random number generator (xoshiro256**, seeded through SplitMix64).
///
/// The generator must give byte-identical files for the same seed on every run and with any
/// number of threads, so it never touches the system generator: every block of clients owns
/// one `RandomSource` derived from `(seed, stream, block)`, and draws happen in a fixed order.
///
///     var random = RandomSource(seed: 42, stream: 1, block: 7)
///     let coin = random.chance(0.5)
struct RandomSource {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator for one block of one stream. Different (seed, stream, block) triples give
    /// unrelated sequences because each is run through SplitMix64 before use.
    init(seed: UInt64, stream: UInt64, block: UInt64) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        mixer.state ^= Self.scramble(block &+ 0x632B_E59B_D9B4_E019)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        // xoshiro's state must not be all zero; SplitMix64 practically never gives that,
        // but make it impossible.
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    private static func scramble(_ value: UInt64) -> UInt64 {
        var mixer = SplitMix64(state: value)
        return mixer.next()
    }

    /// The next 64 random bits.
    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1), with 53 random bits.
    @inline(__always)
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform double in [low, high).
    @inline(__always)
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// A uniform integer in `0..<n` (multiply-shift; the bias is below 2^-40 for our sizes).
    @inline(__always)
    mutating func int(below n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A uniform integer in `range`.
    @inline(__always)
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }

    /// A standard normal deviate (Box–Muller, one value per call so the draw count stays simple).
    mutating func normal() -> Double {
        let u1 = 1.0 - uniform()  // (0, 1]: log is finite
        let u2 = uniform()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// An exponential deviate with the given mean.
    mutating func exponential(mean: Double) -> Double { -mean * log(1.0 - uniform()) }

    /// A log-normal deviate with the given median and log-scale spread.
    mutating func logNormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }

    /// A Poisson count. Small means use Knuth's product method; large ones a rounded normal.
    mutating func poisson(mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }
        let limit = exp(-mean)
        var product = uniform()
        var count = 0
        while product > limit {
            count += 1
            product *= uniform()
        }
        return count
    }

    /// A gamma deviate with the given shape and scale 1 (Marsaglia–Tsang).
    mutating func gamma(shape: Double) -> Double {
        if shape < 1 {
            // Boost the shape and correct with a uniform power.
            return gamma(shape: shape + 1) * pow(1.0 - uniform(), 1.0 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1.0 / (9.0 * d).squareRoot()
        while true {
            let x = normal()
            let v0 = 1.0 + c * x
            if v0 <= 0 { continue }
            let v = v0 * v0 * v0
            let u = 1.0 - uniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// An over-dispersed count with the given mean: a Poisson whose rate is gamma distributed
    /// (a negative binomial). Smaller `shape` means a longer tail.
    mutating func negativeBinomial(mean: Double, shape: Double) -> Int {
        poisson(mean: mean * gamma(shape: shape) / shape)
    }
}

/// The logistic function: turns log-odds into a probability.
@inline(__always)
func logistic(_ x: Double) -> Double { 1.0 / (1.0 + exp(-x)) }

/// The standard normal distribution function, used to turn latent normals into quantiles.
@inline(__always)
func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
