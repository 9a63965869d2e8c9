import Synchronization

/// How far the running statement has got, in the unit that matters to it (trees, folds,
/// clients), so that a front end can draw a progress bar while it runs.
///
/// Like `Cancellation`, it lives in the lowest module so that any long loop can report
/// without knowing who listens. A statement declares what it will count (`expect`); loops
/// report in their own unit, and only reports in the expected unit count: a `cv` of boosted
/// trees counts trees across all folds, while the folds' own reports are ignored.
public enum Progress {
    private static let done = Atomic<Int>(0)
    private static let total = Atomic<Int>(0)
    private static let unit = Mutex<String>("")

    /// Starts counting `total` steps of `unit` for the running statement.
    public static func expect(_ total: Int, _ unit: String) {
        self.unit.withLock { $0 = unit }
        done.store(0, ordering: .relaxed)
        self.total.store(total, ordering: .relaxed)
    }

    /// Reports `steps` more of `unit` done (ignored when another unit is being counted).
    public static func advance(_ steps: Int = 1, _ unit: String) {
        guard total.load(ordering: .relaxed) > 0, self.unit.withLock({ $0 == unit }) else { return }
        done.add(steps, ordering: .relaxed)
    }

    /// What is expected and done so far; total 0 when nothing is being counted.
    public static var snapshot: (done: Int, total: Int, unit: String) {
        (min(done.load(ordering: .relaxed), total.load(ordering: .relaxed)), total.load(ordering: .relaxed), unit.withLock { $0 })
    }

    /// Stops counting: the statement ended.
    public static func finish() {
        total.store(0, ordering: .relaxed)
        done.store(0, ordering: .relaxed)
    }
}
