import Synchronization

/// A request to stop the running statement, raised by Ctrl-C and polled by long operations.
///
/// Lives in the lowest module so that loads, queries and model fits can all poll it without
/// knowing about terminals or signals. The flag is an atomic, so a signal handler may set it.
public enum Cancellation {
    private static let flag = Atomic<Bool>(false)

    /// Asks the running statement to stop; safe to call from a signal handler.
    /// Returns whether a request was already pending (a second Ctrl-C).
    @discardableResult
    public static func request() -> Bool {
        flag.exchange(true, ordering: .sequentiallyConsistent)
    }

    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Forgets a request: at the prompt, once the statement it was meant for has ended.
    public static func reset() { flag.store(false, ordering: .sequentiallyConsistent) }
}
