import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A folder of binary columnar copies of CSV files, so that reopening a large data set
/// reads raw column buffers instead of parsing text again.
///
/// An entry is keyed by the CSV's absolute path, size, modification time, inode and status-change time, a hash of its
/// first and last 64 KiB and the read options. Any mismatch, truncation or checksum
/// failure makes the entry stale: it is ignored and rewritten, never trusted.
public struct TableCache: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Where a table came from.
    public enum Source: String, Sendable {
        case csv, cache
    }

    /// Reads `path` from the cache when a valid entry exists, else parses the CSV and
    /// stores it. A cache that cannot be written is not an error: the table is still returned.
    public func read(csv path: String, options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> (table: Table, report: CSVReport, source: Source) {
        guard let key = CacheKey(csvPath: path, options: options) else {
            let (t, r) = try CSVReader.read(path: path, options: options)
            return (t, r, .csv)
        }
        let entry = entryPath(for: key)
        if let (table, report) = CacheFile.load(entry, expectedKey: key.text) {
            return (table, report, .cache)
        }
        let (table, report) = try CSVReader.read(path: path, options: options)
        try? makeDirectory()
        try? CacheFile.save(table, report: report, key: key.text, to: entry)
        return (table, report, .csv)
    }

    /// A table computed from others (a feature build), stored under a key its maker derives
    /// from everything it depends on; `name` only makes the file recognisable.
    public func store(_ table: Table, name: String, key: String) throws {
        try makeDirectory()
        try CacheFile.save(table, report: CSVReport(), key: key, to: derivedPath(name: name, key: key))
    }

    /// The table stored under `key`, or nil when there is none or it is damaged.
    public func load(name: String, key: String) -> Table? {
        CacheFile.load(derivedPath(name: name, key: key), expectedKey: key)?.0
    }

    /// Where a derived table (and any file that goes with it, by extension) is kept.
    public func derivedPath(name: String, key: String) -> String {
        directory + "/" + name + "-" + String(Checksum.of(Array(key.utf8)), radix: 16) + ".cxtable"
    }

    /// The cache file that holds (or would hold) `path` read with `options`.
    public func entryPath(csv path: String, options: CSVReadOptions = CSVReadOptions()) -> String? {
        CacheKey(csvPath: path, options: options).map(entryPath(for:))
    }

    private func entryPath(for key: CacheKey) -> String {
        let stem = key.fileStem
        return directory + "/" + stem + "-" + String(Checksum.of(Array(key.text.utf8)), radix: 16) + ".cxtable"
    }

    private func makeDirectory() throws(FileError) {
        var path = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            path += "/" + part
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw FileError.errno(path) }
        }
    }
}

/// The identity of one CSV file's content, as cheaply as it can be checked.
struct CacheKey {
    let text: String
    let fileStem: String

    init?(csvPath: String, options: CSVReadOptions) {
        var info = stat()
        guard stat(csvPath, &info) == 0 else { return nil }
        let absolute = csvPath.hasPrefix("/") ? csvPath : Self.currentDirectory() + "/" + csvPath
        let size = Int(info.st_size)
        let mtime = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        // Every write changes the status-change time and no tool can set it back (`touch -r`
        // restores the modification time only), and a file replaced by another has a new
        // inode: together they catch an edit in the middle that keeps size and mtime.
        let ctime = Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec)
        let identity = "\(info.st_dev):\(info.st_ino):\(ctime)"
        guard let sample = Self.sampleHash(csvPath, size: size) else { return nil }
        let hints = options.hints.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        text = "v3|\(absolute)|\(size)|\(mtime)|\(identity)|\(sample)|\(options.defaultHint)|\(options.skipBadRows)|\(options.dropUnnamedIndexColumn)|\(hints)"
        let base = absolute.split(separator: "/").last.map(String.init) ?? "table"
        fileStem = String(base.prefix { $0 != "." })
    }

    /// A hash of the first and last 64 KiB: catches a file rewritten within the mtime resolution.
    private static func sampleHash(_ path: String, size: Int) -> UInt64? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let span = 65_536
        var bytes = [UInt8](repeating: 0, count: min(size, span) + min(max(size - span, 0), span))
        let headCount = min(size, span)
        let tailCount = bytes.count - headCount
        let ok = bytes.withUnsafeMutableBytes { raw -> Bool in
            pread(fd, raw.baseAddress!, headCount, 0) == headCount
                && (tailCount == 0 || pread(fd, raw.baseAddress! + headCount, tailCount, off_t(size - tailCount)) == tailCount)
        }
        return ok ? Checksum.of(bytes) : nil
    }

    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(cString: buffer)
    }
}
