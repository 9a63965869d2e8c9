import Dispatch
import Foundation
import Synchronization

/// One extra thread for short parallel jobs: after a job it keeps polling for the next one
/// for a fraction of a millisecond before it sleeps, so a job that follows soon (as the
/// next leaf of a tree does) starts in about a microsecond instead of a thread wake-up's
/// tens (measured here: a `concurrentPerform` hand-off costs about 20 µs). That is what
/// makes it pay to split leaves of a few hundred rows between two cores, as LightGBM's
/// spinning OpenMP threads do.
///
/// One caller at a time: `run` returns false at once when the worker is taken (another
/// thread's job, or a job started from inside a job), and the caller then uses Dispatch.
final class SpinningWorker: @unchecked Sendable {
    static let shared = SpinningWorker()

    private let busy = Atomic<Bool>(false)
    /// Bumped for every job; the worker compares it with the last one it ran.
    private let generation = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleeping = Atomic<Bool>(false)
    private let next = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    /// The current job; written by the caller before `generation` is bumped (a release),
    /// read by the worker after it sees the bump (an acquire).
    private var job: ((Int) -> Void)?
    private var items = 0
    /// How long the worker polls after a job before it sleeps.
    private static let pollNanoseconds: UInt64 = 300_000

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "credit-explorer worker"
        thread.start()
    }

    /// Calls `body(i)` for every `i` in `0..<count`, on the calling thread and the worker;
    /// false (and nothing run) when the worker is in use.
    func run(_ count: Int, _ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        withoutActuallyEscaping(body) { body in
            job = body
            items = count
            next.store(0, ordering: .relaxed)
            let g = generation.load(ordering: .relaxed) &+ 1
            generation.store(g, ordering: .sequentiallyConsistent)
            if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
            take(body, count)
            while finished.load(ordering: .acquiring) != g {}
            job = nil
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    private func take(_ body: (Int) -> Void, _ count: Int) {
        while true {
            let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
            if i >= count { return }
            body(i)
        }
    }

    private func loop() {
        var seen = 0
        while true {
            waitForJob(after: seen)
            seen = generation.load(ordering: .acquiring)
            runJob()
            finished.store(seen, ordering: .releasing)
        }
    }

    /// Its own frame, so that the worker's reference to the job ends before it reports
    /// the job finished (`withoutActuallyEscaping` checks that none is left).
    @inline(never)
    private func runJob() {
        if let body = job { take(body, items) }
    }

    private func waitForJob(after seen: Int) {
        var start = DispatchTime.now().uptimeNanoseconds, polls = 0
        while generation.load(ordering: .acquiring) == seen {
            polls += 1
            guard polls & 1023 == 0, DispatchTime.now().uptimeNanoseconds - start > Self.pollNanoseconds else { continue }
            // Sleep, unless a job arrived meanwhile: whoever clears `sleeping` first decides
            // whether the semaphore is signalled.
            sleeping.store(true, ordering: .sequentiallyConsistent)
            if generation.load(ordering: .sequentiallyConsistent) == seen || !sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                wake.wait()
            }
            start = DispatchTime.now().uptimeNanoseconds
        }
    }
}
