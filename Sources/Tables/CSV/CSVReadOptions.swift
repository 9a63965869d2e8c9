/// How a CSV column is to be read.
public enum ColumnHint: Sendable, Equatable {
    /// Integers, decimals or text, decided by the data: any text makes it categorical.
    case auto
    /// Integers or decimals, decided by the data; text is an error.
    case number
    /// Integers only; `100004.0` is accepted as 100004 (pandas writes IDs that way), `1.5` is an error.
    case integer
    /// Text, stored dictionary-encoded, even when it looks like numbers (`0`, `1`, `C`, `X`).
    case category
    /// Parsed for validity but not kept (the unnamed index column some exports add).
    case skip
}

/// Options for reading a CSV file.
public struct CSVReadOptions: Sendable {
    /// Per-column hints by header name; columns not named here use `defaultHint`.
    public var hints: [String: ColumnHint]
    public var defaultHint: ColumnHint
    /// Skip rows with the wrong number of fields or a value of the wrong type, and
    /// report them, instead of stopping at the first one.
    public var skipBadRows: Bool
    /// Threads for parsing; the file is cut into chunks at row boundaries.
    public var threads: Int
    /// Drop a leading column whose header is empty (a pandas index written by `to_csv`).
    public var dropUnnamedIndexColumn: Bool

    public init(
        hints: [String: ColumnHint] = [:],
        defaultHint: ColumnHint = .auto,
        skipBadRows: Bool = false,
        threads: Int = CSVReadOptions.defaultThreads,
        dropUnnamedIndexColumn: Bool = true
    ) {
        self.hints = hints
        self.defaultHint = defaultHint
        self.skipBadRows = skipBadRows
        self.threads = max(1, threads)
        self.dropUnnamedIndexColumn = dropUnnamedIndexColumn
    }

    public static var defaultThreads: Int { max(1, min(8, sysconfThreads())) }
}

#if canImport(Glibc)
import Glibc
private func sysconfThreads() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#else
import Darwin
private func sysconfThreads() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif

/// What a read found besides the table: skipped rows and dropped columns.
public struct CSVReport: Sendable, Equatable {
    public var rows: Int = 0
    /// Rows skipped with `skipBadRows`.
    public var badRowCount: Int = 0
    /// Line numbers (1-based, header is line 1) of the first skipped rows, and why.
    public var firstBadRows: [(line: Int, reason: String)] = []
    public var droppedIndexColumn: Bool = false

    public static func == (a: CSVReport, b: CSVReport) -> Bool {
        a.rows == b.rows && a.badRowCount == b.badRowCount && a.droppedIndexColumn == b.droppedIndexColumn
            && a.firstBadRows.map(\.line) == b.firstBadRows.map(\.line)
    }
}
