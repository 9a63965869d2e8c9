/// Named columns of equal length.
///
/// A value type: kernels return new tables and share unchanged column buffers
/// through copy-on-write, so deriving a table never copies data it does not touch.
public struct Table: Sendable, Equatable {
    public private(set) var names: [String]
    public private(set) var columns: [Column]
    public private(set) var rowCount: Int
    /// Each name's column index: lookups by name are O(1), so a pipeline of 20,000 `derive`
    /// steps stays linear.
    private var positions: [String: Int]

    public init(_ pairs: [(String, Column)]) throws(TableError) {
        try self.init(names: pairs.map(\.0), columns: pairs.map(\.1))
    }

    public init(names: [String], columns: [Column]) throws(TableError) {
        precondition(names.count == columns.count)
        var positions: [String: Int] = [:]
        positions.reserveCapacity(names.count)
        for (i, name) in names.enumerated() where positions.updateValue(i, forKey: name) != nil {
            throw .duplicateColumn(name)
        }
        let rows = columns.first?.count ?? 0
        for (name, column) in zip(names, columns) where column.count != rows {
            throw .lengthMismatch(column: name, expected: rows, found: column.count)
        }
        self.names = names
        self.columns = columns
        self.rowCount = rows
        self.positions = positions
    }

    /// The same names over other columns of one length (rows gathered or filtered): the name
    /// index is shared, not rebuilt, which matters for wide tables cut into many small ones
    /// (one client's rows, 800 columns, every step).
    func replacingColumns(_ columns: [Column]) -> Table {
        precondition(columns.count == self.columns.count)
        var copy = self
        copy.columns = columns
        copy.rowCount = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == copy.rowCount }, "columns of one length")
        return copy
    }

    /// The columns, handed over: the table is left without any, so that a caller holding the
    /// only reference can free each column as soon as it has used it.
    mutating func takeColumns() -> [Column] {
        defer { columns = [] }
        return columns
    }

    /// This table's columns followed by `extra` ones (new names): only the new names are
    /// added to the name index.
    func appending(names extraNames: [String], columns extra: [Column], rows: [Column]? = nil) throws(TableError) -> Table {
        var copy = self
        if let rows { copy.columns = rows }
        for (name, column) in zip(extraNames, extra) {
            guard copy.positions.updateValue(copy.columns.count, forKey: name) == nil else { throw .duplicateColumn(name) }
            guard column.count == (copy.columns.first?.count ?? column.count) else {
                throw .lengthMismatch(column: name, expected: copy.columns.first?.count ?? 0, found: column.count)
            }
            copy.names.append(name)
            copy.columns.append(column)
        }
        copy.rowCount = copy.columns.first?.count ?? 0
        return copy
    }

    /// A table with no columns and no rows.
    public static let empty = try! Table(names: [], columns: [])

    public var columnCount: Int { columns.count }

    public func index(of name: String) -> Int? { positions[name] }

    public subscript(name: String) -> Column? {
        index(of: name).map { columns[$0] }
    }

    /// The column named `name`, or an error that suggests the nearest names.
    public func column(_ name: String) throws(TableError) -> Column {
        guard let i = index(of: name) else {
            throw .unknownColumn(name, suggestions: NameSuggester.nearest(to: name, in: names))
        }
        return columns[i]
    }

    /// Adds or replaces a column.
    public func with(_ name: String, _ column: Column) throws(TableError) -> Table {
        var copy = self
        try copy.set(name, column)
        return copy
    }

    /// Adds or replaces a column in place: O(1) when the table's storage is not shared.
    public mutating func set(_ name: String, _ column: Column) throws(TableError) {
        if columns.isEmpty {
            self = try Table([(name, column)])
            return
        }
        guard column.count == rowCount else {
            throw .lengthMismatch(column: name, expected: rowCount, found: column.count)
        }
        if let i = positions[name] {
            columns[i] = column
        } else {
            positions[name] = names.count
            names.append(name)
            columns.append(column)
        }
    }

    /// The named columns, in the order given.
    public func selecting(_ wanted: [String]) throws(TableError) -> Table {
        var cols: [Column] = []
        for name in wanted { cols.append(try column(name)) }
        return try Table(names: wanted, columns: cols)
    }

    /// One row as values, for display and tests.
    public func row(_ i: Int) -> [Value] { columns.map { $0[i] } }
}

/// Errors about the shape of tables; messages use the user's column names.
public enum TableError: Error, Equatable, CustomStringConvertible {
    case duplicateColumn(String)
    case lengthMismatch(column: String, expected: Int, found: Int)
    case unknownColumn(String, suggestions: [String])
    case typeMismatch(column: String, expected: String, found: ColumnType)
    case incompatibleTypes(column: String, ColumnType, ColumnType)

    public var description: String {
        switch self {
        case .duplicateColumn(let name):
            "duplicate column name '\(name)'"
        case .lengthMismatch(let column, let expected, let found):
            "column '\(column)' has \(found) rows where the table has \(expected)"
        case .unknownColumn(let name, let suggestions):
            "unknown column '\(name)'" + NameSuggester.didYouMean(suggestions)
        case .typeMismatch(let column, let expected, let found):
            "column '\(column)' is \(found), expected \(expected)"
        case .incompatibleTypes(let column, let a, let b):
            "column '\(column)' is \(a) in one table and \(b) in the other"
        }
    }
}
