#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A read-only memory map of a whole file.
///
/// Mapping beats read() for parsing (measured +17% on one thread, +42% on two), and
/// parsed regions can be handed back to the kernel so a large file's pages do not
/// stay counted against the process.
/// Immutable after init, and madvise may be called from any thread: safe to share.
final class MappedFile: @unchecked Sendable {
    let path: String
    let bytes: UnsafePointer<UInt8>?
    let count: Int
    /// Size, modification and status-change times when mapped, to tell a file that changed.
    private var identity: (Int, Int, Int) = (0, 0, 0)

    init(path: String) throws(CSVError) {
        self.path = path
        // O_NONBLOCK: opening a FIFO named like a CSV must not wait for a writer for ever.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw CSVError(file: path, problem: .cannotOpen(reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CSVError(file: path, problem: .cannotOpen(reason: String(cString: strerror(errno)))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw CSVError(file: path, problem: .cannotOpen(reason: "not a regular file")) }
        count = Int(info.st_size)
        identity = Self.identity(info)
        guard count > 0 else { bytes = nil; return }
        guard let map = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw CSVError(file: path, problem: .cannotOpen(reason: String(cString: strerror(errno))))
        }
        madvise(map, count, MADV_SEQUENTIAL)
        bytes = UnsafePointer(map.assumingMemoryBound(to: UInt8.self))
    }

    private static func identity(_ info: stat) -> (Int, Int, Int) {
        (Int(info.st_size), Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec),
         Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec))
    }

    /// Whether the file on disk is no longer the one mapped (written or truncated since).
    func changedSinceMapping() -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }
        return Self.identity(info) != identity
    }

    /// Tells the kernel the whole pages inside `range` are no longer needed; they are
    /// read back from the page cache if touched again.
    func release(_ range: Range<Int>) {
        guard let bytes else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: bytes + start), end - start, MADV_DONTNEED)
    }

    deinit {
        if let bytes { munmap(UnsafeMutableRawPointer(mutating: bytes), count) }
    }
}
