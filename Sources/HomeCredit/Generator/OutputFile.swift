import Foundation

/// A file written under a temporary name and renamed into place only once complete, so that a
/// failed or interrupted run never leaves a half-written CSV under a real file name.
///
///     var file = try OutputFile(path: "/data/bureau.csv")   // writes /data/bureau.csv.tmp
///     try file.write(bytes)
///     try file.commit()                                    // renames to /data/bureau.csv
struct OutputFile {
    let path: String
    let temporaryPath: String
    private var descriptor: Int32
    private(set) var bytesWritten = 0

    init(path: String) throws {
        self.path = path
        temporaryPath = path + ".tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw GeneratorError.cannotCreate(temporaryPath, errno: errno) }
    }

    /// Appends bytes, retrying short writes.
    mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw GeneratorError.cannotWrite(temporaryPath, errno: errno)
                }
                offset += written
            }
        }
        bytesWritten += bytes.count
    }

    /// Closes the file and gives it its real name.
    mutating func commit() throws {
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw GeneratorError.cannotWrite(temporaryPath, errno: errno) }
        guard rename(temporaryPath, path) == 0 else { throw GeneratorError.cannotRename(temporaryPath, errno: errno) }
    }

    /// Closes (if still open) and deletes the temporary file, after a failure.
    mutating func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }
}

/// Why the generator could not write its files.
public enum GeneratorError: Error, CustomStringConvertible {
    case cannotCreate(String, errno: Int32)
    case cannotWrite(String, errno: Int32)
    case cannotRename(String, errno: Int32)
    case invalidClientCount(Int)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let code): "cannot create \(path): \(String(cString: strerror(code)))"
        case .cannotWrite(let path, let code): "cannot write \(path): \(String(cString: strerror(code)))"
        case .cannotRename(let path, let code): "cannot rename \(path): \(String(cString: strerror(code)))"
        case .invalidClientCount(let count): "the number of clients must be at least 1, not \(count)"
        }
    }
}
