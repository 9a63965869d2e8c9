import Dispatch
import Synchronization

/// Runs independent work items on a few threads.
///
/// Items are handed out dynamically (whichever thread is free takes the next), so which
/// thread runs an item is not fixed. Callers stay deterministic by making every item's
/// result independent of the thread that computes it, and by combining results in item
/// order afterwards.
public enum Parallel {
    /// Calls `body(i)` for every `i` in `0..<items` and returns when all calls are done.
    public static func forEach(_ items: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        if threads <= 1 || items <= 1 {
            for i in 0..<items { body(i) }
            return
        }
        // Two threads (this machine's cores, and the usual setting): the polling worker.
        if threads == 2 && SpinningWorker.shared.run(items, body) { return }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(threads, items)) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= items { return }
                body(i)
            }
        }
    }
}

extension Parallel {
    /// `body(i)` for every `i` in `0..<items`, in item order, computed on `threads` threads.
    public static func map<T: Sendable>(_ items: Int, threads: Int = 2, _ body: @Sendable (Int) -> T) -> [T] {
        let results = UnsafeMutablePointer<T?>.allocate(capacity: max(1, items))
        results.initialize(repeating: nil, count: items)
        defer {
            results.deinitialize(count: items)
            results.deallocate()
        }
        let out = SharedPointer(results)
        forEach(items, threads: threads) { i in out.base[i] = body(i) }
        return (0..<items).map { results[$0]! }
    }
}

/// Lets a `@Sendable` work item capture a raw buffer pointer.
///
/// Safe because every parallel caller writes disjoint ranges of the buffer
/// (or only reads it), and `Parallel.forEach` returns only after every item has finished,
/// so no access outlives the buffer or races with another.
public struct SharedPointer<Element>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>
    public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
}
