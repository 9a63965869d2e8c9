import Synchronization

/// The largest of the values threads have offered so far, read and raised without a lock.
///
/// Split search uses it to pass the best gain found in a leaf from one thread's features to
/// the other's (`SplitFinder.best(…rival:)`): any value it holds is one that was offered,
/// so the choice of split does not depend on when a thread reads it.
///
/// A view of a slot in `SharedMaxima`, not an object: both threads read it once per
/// feature, and an object's reference count, changed by every copy, would send its cache
/// line back and forth between the cores each time.
struct SharedMaximum: @unchecked Sendable {
    fileprivate let slot: UnsafeMutablePointer<Atomic<UInt64>>

    var value: Double { Double(orderKey: slot.pointee.load(ordering: .relaxed)) }

    func offer(_ value: Double) {
        let key = value.orderKey
        var current = slot.pointee.load(ordering: .relaxed)
        while key > current {
            let (exchanged, original) = slot.pointee.compareExchange(expected: current, desired: key, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Forgets every value offered: back to −∞.
    func reset() { slot.pointee.store((-Double.infinity).orderKey, ordering: .relaxed) }
}

/// The storage of `count` `SharedMaximum`s, each on a cache line of its own, allocated once
/// by its owner and reused.
final class SharedMaxima: @unchecked Sendable {
    /// Slots apart, in `Atomic<UInt64>`s: 64 bytes.
    private static let spacing = 8
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>
    let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count * Self.spacing)
        for k in 0..<(count * Self.spacing) { (slots + k).initialize(to: Atomic((-Double.infinity).orderKey)) }
    }

    deinit {
        slots.deinitialize(count: count * Self.spacing)
        slots.deallocate()
    }

    /// Slot `k` (0 ≤ k < count); valid while this storage lives.
    subscript(k: Int) -> SharedMaximum {
        precondition(k >= 0 && k < count)
        return SharedMaximum(slot: slots + k * Self.spacing)
    }
}
