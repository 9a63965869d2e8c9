import Foundation

/// A file written under a temporary name and renamed into place only once complete, so that a
/// failed or interrupted run never leaves a half-written CSV under a real file name.
///
///     var file = try OutputFile(path: "/data/bureau.csv")   // writes /data/bureau.csv.tmp-PID
///     try file.write(bytes)
///     try file.commit()                                    // renames to /data/bureau.csv
struct OutputFile {
    let path: String
    let temporaryPath: String
    private var descriptor: Int32
    private(set) var bytesWritten = 0

    init(path: String) throws {
        self.path = path
        temporaryPath = path + ".tmp-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw GeneratorError.cannotCreate(temporaryPath, errno: errno) }
    }

    /// Removes the temporaries of runs that died (killed mid-way): `NAME.tmp` of older
    /// versions, and `NAME.tmp-PID` whose process is gone.
    static func sweepStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            guard let range = name.range(of: ".csv.tmp") else { continue }
            let suffix = name[range.upperBound...]
            let pid = suffix.hasPrefix("-") ? Int32(suffix.dropFirst()) : nil
            if suffix.isEmpty || (pid.map { $0 != getpid() && kill($0, 0) != 0 && errno == ESRCH } ?? false) {
                unlink(directory + "/" + name)
            }
        }
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
    case notAFolder(String)
    case noRoom(clients: Int, needed: Double, free: Double, what: String)

    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path) is a file, not a folder: --out names the folder the eight files go into"
        case .noRoom(let clients, let needed, let free, let what):
            "\(clients) clients would take about \(Self.size(needed)) of \(what), and \(Self.size(free)) is available: ask for fewer clients"
        case .cannotCreate(let path, let code): "cannot create \(path): \(String(cString: strerror(code)))"
        case .cannotWrite(let path, let code): "cannot write \(path): \(String(cString: strerror(code)))"
        case .cannotRename(let path, let code): "cannot rename \(path): \(String(cString: strerror(code)))"
        case .invalidClientCount(let count): "the number of clients must be at least 1, not \(count)"
        }
    }

    private static func size(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "more bytes than can be counted" }
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = bytes, k = 0
        while value >= 1000 && k < units.count - 1 { value /= 1000; k += 1 }
        return k == 0 ? "\(Int(value)) bytes" : String(format: "%.1f %@", value, units[k])
    }
}
