/// What a generator run wrote: rows and bytes per file, and how long it took.
public struct GeneratorReport: Sendable, CustomStringConvertible {
    /// One written file.
    public struct FileSummary: Sendable {
        public let file: HomeCreditFile
        /// Data rows, without the header.
        public let rows: Int
        /// Bytes on disk, header included.
        public let bytes: Int
    }

    /// The eight files, in `HomeCreditFile.allCases` order.
    public let files: [FileSummary]
    /// Wall-clock seconds of the whole run.
    public let seconds: Double

    public var totalRows: Int { files.reduce(0) { $0 + $1.rows } }
    public var totalBytes: Int { files.reduce(0) { $0 + $1.bytes } }

    public func rows(of file: HomeCreditFile) -> Int { files.first { $0.file == file }?.rows ?? 0 }
    public func bytes(of file: HomeCreditFile) -> Int { files.first { $0.file == file }?.bytes ?? 0 }

    /// A small table: one line per file, then the totals and the time.
    public var description: String {
        var lines = files.map { summary in
            pad(summary.file.fileName, 28) + pad(String(summary.rows), 12, left: true) + pad(String(summary.bytes), 15, left: true)
        }
        lines.append(pad("total", 28) + pad(String(totalRows), 12, left: true) + pad(String(totalBytes), 15, left: true))
        lines.append("in \(Double(Int(seconds * 100)) / 100) s")
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return left ? padding + text : text + padding
    }
}
