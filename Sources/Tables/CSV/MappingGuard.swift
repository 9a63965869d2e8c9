#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// Keeps a file that shrinks while it is mapped from killing the process.
///
/// Reading a mapped page past the end of a file that another process truncated raises
/// SIGBUS. While a CSV is parsed, its mapping is registered here; a SIGBUS inside a registered
/// mapping puts a page of zeros over the faulting page (so the parser reads on, harmlessly)
/// and raises a flag, and the reader then reports "the file changed while it was read". A
/// SIGBUS anywhere else is left to kill the process as before.
enum MappingGuard {
    /// Registered ranges as (start, end) address pairs; 0 marks a free slot. Plain words the
    /// signal handler can read without a lock (writers hold `writers`).
    private static let slotCount = 64
    nonisolated(unsafe) private static let slots = UnsafeMutablePointer<Int>.allocate(capacity: 2 * slotCount)
    private static let writers = Mutex<Bool>(false)
    private static let faulted = Atomic<Bool>(false)
    nonisolated(unsafe) private static var pageSize = 4096

    /// Installs the handler once (the first registration).
    private static let installed: Bool = {
        slots.initialize(repeating: 0, count: 2 * slotCount)
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { _, info, _ in
            if let info, MappingGuard.covers(Int(bitPattern: info.pointee._sifields._sigfault.si_addr)) {
                let page = Int(bitPattern: info.pointee._sifields._sigfault.si_addr) & ~(MappingGuard.pageSize - 1)
                let zeros = mmap(UnsafeMutableRawPointer(bitPattern: page), MappingGuard.pageSize, PROT_READ,
                                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
                if zeros != MAP_FAILED {
                    MappingGuard.faulted.store(true, ordering: .relaxed)
                    return
                }
            }
            // Not a page of a file being read: die as the signal would have.
            signal(SIGBUS, SIG_DFL)
            raise(SIGBUS)
        }
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        return sigaction(SIGBUS, &action, nil) == 0
    }()

    private static func covers(_ address: Int) -> Bool {
        for k in 0..<slotCount {
            let start = slots[2 * k], end = slots[2 * k + 1]
            if start != 0 && address >= start && address < end { return true }
        }
        return false
    }

    /// Guards `count` bytes at `base` while `body` runs; tells whether a page had vanished
    /// (whether `body` succeeded or not: reading zeros may well have made it fail).
    static func reading<T>(_ base: UnsafePointer<UInt8>, count: Int, _ body: () throws(CSVError) -> T) -> (Result<T, CSVError>, truncated: Bool) {
        _ = installed
        let start = Int(bitPattern: base), end = start + count
        let slot: Int? = writers.withLock { _ in
            for k in 0..<slotCount where slots[2 * k] == 0 {
                slots[2 * k + 1] = end
                slots[2 * k] = start
                return k
            }
            return nil
        }
        defer {
            if let slot { writers.withLock { _ in slots[2 * slot] = 0; slots[2 * slot + 1] = 0 } }
        }
        faulted.store(false, ordering: .relaxed)
        let value: Result<T, CSVError>
        do throws(CSVError) { value = .success(try body()) } catch { value = .failure(error) }
        return (value, faulted.exchange(false, ordering: .relaxed))
    }
}
