/// Where a column of a result comes from: the raw tables and columns it reads, the rows it was
/// restricted to and how it was summarised. Pipelines carry it from step to step, so that a
/// feature built by a recipe can be described in words without the recipe saying anything
/// twice (see the Features module).
public struct ColumnLineage: Sendable, Equatable, Codable {
    /// One `group`: the aggregate and the keys it summarised by.
    public struct Summary: Sendable, Equatable, Codable {
        public var function: String
        public var keys: [String]
    }

    /// The loaded tables its values were read from.
    public var tables: [String]
    /// The raw columns of those tables it reads.
    public var columns: [String]
    /// The row conditions applied, as written, in the order they ran.
    public var filters: [String] = []
    /// The aggregations applied, innermost first (a maximum of per-credit minimums).
    public var summaries: [Summary] = []
    /// For a one-hot column: the level of `columns[0]` it marks (nil for the missing indicator's
    /// "missing", which is `isMissingIndicator`).
    public var level: String?
    public var isMissingIndicator = false
    /// For a computed column: its expression as written (names are those of its step's input).
    public var expression: String?

    public init(table: String, column: String) {
        tables = [table]
        columns = [column]
    }

    /// A table's column as it was read: nothing computed, kept or summarised on the way.
    public var isPlainColumn: Bool {
        columns.count == 1 && tables.count == 1 && filters.isEmpty && summaries.isEmpty && level == nil && !isMissingIndicator && expression == nil
    }
}
