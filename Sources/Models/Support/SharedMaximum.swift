import Synchronization

/// The largest of the values threads have offered so far, read and raised without a lock.
///
/// Split search uses it to pass the best gain found in a leaf from one thread's features to
/// the other's (`SplitFinder.best(…rival:)`): any value it holds is one that was offered,
/// so the choice of split does not depend on when a thread reads it.
final class SharedMaximum: Sendable {
    private let bits: Atomic<UInt64>

    init(_ value: Double = -.infinity) { bits = Atomic(value.orderKey) }

    var value: Double { Double(orderKey: bits.load(ordering: .relaxed)) }

    func offer(_ value: Double) {
        let key = value.orderKey
        var current = bits.load(ordering: .relaxed)
        while key > current {
            let (exchanged, original) = bits.compareExchange(expected: current, desired: key, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
