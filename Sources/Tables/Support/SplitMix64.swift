/// SplitMix64, the one seeded generator every module and test builds on: the model
/// trainer's streams, the data generator's seeding of xoshiro, and random test inputs.
///
/// Its whole definition is these few lines, so a seed gives the same numbers on every
/// machine and Swift version, unlike the standard library's generators.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    @inlinable
    public init(state: UInt64) { self.state = state }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
