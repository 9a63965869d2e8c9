import Synchronization

/// The largest of the values threads have offered so far, read and raised without a lock.
///
/// Split search uses it to pass the best gain found in a leaf from one thread's features to
/// the other's (`SplitFinder.best(…rival:)`): any value it holds is one that was offered,
/// so the choice of split does not depend on when a thread reads it.
final class SharedMaximum: Sendable {
    private let bits: Atomic<UInt64>

    init(_ value: Double = -.infinity) { bits = Atomic(Self.key(value)) }

    var value: Double { Self.value(bits.load(ordering: .relaxed)) }

    func offer(_ value: Double) {
        let key = Self.key(value)
        var current = bits.load(ordering: .relaxed)
        while key > current {
            let (exchanged, original) = bits.compareExchange(expected: current, desired: key, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Doubles as unsigned integers in the same order (NaN excluded): negative values
    /// flipped whole, others with the sign bit set.
    private static func key(_ x: Double) -> UInt64 {
        let b = x.bitPattern
        return b >> 63 == 1 ? ~b : b | (1 << 63)
    }

    private static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
    }
}
