import Synchronization

/// A request to stop the running statement, raised by Ctrl-C and polled by long operations.
///
/// Lives in the lowest module so that loads, queries and model fits can all poll it without
/// knowing about terminals or signals. The flag is an atomic, so a signal handler may set it.
public enum Cancellation {
    private static let flag = Atomic<Bool>(false)

    /// A request that holds only for the statements run inside `withRequest`, on its task.
    @TaskLocal private static var requestedHere = false

    /// Asks the running statement to stop; safe to call from a signal handler.
    /// Returns whether a request was already pending (a second Ctrl-C).
    @discardableResult
    public static func request() -> Bool {
        flag.exchange(true, ordering: .sequentiallyConsistent)
    }

    /// Whether the running statement should stop: always inside `withRequest` (polled on the
    /// task that runs the statement), else when Ctrl-C asked.
    public static var isRequested: Bool { requestedHere || flag.load(ordering: .relaxed) }

    /// Forgets a request: at the prompt, once the statement it was meant for has ended.
    public static func reset() { flag.store(false, ordering: .sequentiallyConsistent) }

    /// Runs `body` as if Ctrl-C had been pressed just before it, for `body` alone: statements
    /// run at the same time elsewhere in the process (tests in parallel) are not stopped.
    public static func withRequest<T>(_ body: () throws -> T) rethrows -> T {
        try $requestedHere.withValue(true, operation: body)
    }
}
