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
        // Through a symbolic link to its target: the link stays a link.
        let target = resolvingLinks(path)
        sweepStaleTemporaries(of: target)
        var existing = stat()
        let mode: mode_t = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644
        let temporary = target + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            // Say what the user named, not the temporary file.
            let folder = PathParts(target).folder
            if Glibc.errno == ENOENT { throw FileError(path: path, reason: "the folder \(folder) does not exist") }
            throw FileError.errno(path)
        }
        do {
            // The file keeps the permissions it had (a 0600 notebook stays private).
            guard fchmod(fd, mode) == 0 else { throw FileError.errno(path) }
            try body(fd)
            if durable { guard fsync(fd) == 0 else { throw FileError.errno(path) } }
            guard close(fd) == 0 else {
                unlink(temporary)
                throw FileError.errno(path)
            }
            guard rename(temporary, target) == 0 else {
                unlink(temporary)
                throw FileError.errno(path)
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    /// The system's reason for a failed write, without the path (which callers name).
    public static func reason(_ error: any Error) -> String {
        (error as? FileError)?.reason ?? "\(error)"
    }

    /// `path` with symbolic links followed to the file they name (which may not exist yet).
    static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<32 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { return current }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : PathParts(current).folder + "/" + link
        }
        return current
    }

    /// Removes `path.tmp-PID` files left by writers that died (killed mid-write): the process
    /// is gone, so nothing will ever rename or remove them.
    static func sweepStaleTemporaries(of path: String) {
        let folder = PathParts(path).folder
        let prefix = PathParts(path).name + ".tmp-"
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && Glibc.errno == ESRCH { unlink(folder + "/" + name) }
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

/// The folder and last component of a path, without Foundation (Tables imports nothing).
private struct PathParts {
    let path: String
    init(_ path: String) { self.path = path }
    var folder: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
    var name: String { path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path }
}
