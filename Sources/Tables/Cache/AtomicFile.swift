#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file operation that failed, with the path and the system's reason.
public struct FileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    static func errno(_ path: String) -> FileError { FileError(path: path, reason: String(cString: strerror(Glibc.errno))) }

    public var description: String { "\(path): \(reason)" }
}

/// Writes files so that readers see either the old content or the new, never half of it:
/// write a temporary file in the same folder, flush it, then rename it over the target.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { fd in
            try bytes.withUnsafeBytes { try writeAll(fd, $0, path) }
        }
    }

    /// Calls `body` with a descriptor to a temporary file, then renames it to `path`.
    /// `durable` flushes the data to disk before the rename, so that even a power cut leaves
    /// the old or the new file; files whose damage is detected anyway (the checksummed cache)
    /// skip that wait.
    public static func write(to path: String, durable: Bool = true, _ body: (Int32) throws -> Void) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileError.errno(temporary) }
        do {
            try body(fd)
            if durable { guard fsync(fd) == 0 else { throw FileError.errno(temporary) } }
            close(fd)
            guard rename(temporary, path) == 0 else { throw FileError.errno(path) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    /// Writes every byte, retrying short writes.
    public static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, _ path: String) throws {
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path)
            }
            offset += n
        }
    }
}
