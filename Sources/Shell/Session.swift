import HomeCredit
import Tables

/// One user's working state: the loaded tables and the statements run against them.
///
/// Knows nothing of terminals: it takes statement text and returns text, so scripts, `-c`,
/// the interactive shell and tests all drive the same code.
public final class Session {
    public private(set) var catalog: Catalog
    public let dataDirectory: String?
    let dictionary: ColumnDictionary?

    public init(catalog: Catalog, dataDirectory: String? = nil, dictionary: ColumnDictionary? = ColumnDictionary.bundled()) {
        self.catalog = catalog
        self.dataDirectory = dataDirectory
        self.dictionary = dictionary
    }

    /// Runs one statement and returns what it prints.
    public func run(_ statement: String) throws(SessionError) -> String {
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let command = words.first else { return "" }
        let arguments = Array(words.dropFirst())
        switch command {
        case "tables": return tablesListing()
        case "columns":
            guard arguments.count == 1 else { throw SessionError("usage: columns <table>", column: command.count + 2) }
            return try columnsListing(arguments[0])
        case "help": return Self.help
        default:
            let suggestions = NameSuggester.nearest(to: command, in: Self.commands)
            throw SessionError("unknown command '\(command)'" + NameSuggester.didYouMean(suggestions), column: 1)
        }
    }

    static let commands = ["tables", "columns", "help"]

    static let help = """
        tables               the loaded tables: rows × columns, load time and source
        columns <table>      a table's columns: type, missing share, description
        help                 this list
        """

    /// One line per table: name, rows, columns, seconds to load, and whether from CSV or cache.
    public func tablesListing() -> String {
        var t = TextTable(header: ["table", "rows", "columns", "load s", "from"], rightAligned: [1, 2, 3])
        for e in catalog.entries {
            t.rows.append([e.name, NumberFormat.grouped(e.table.rowCount), String(e.table.columnCount),
                           NumberFormat.fixed(e.seconds, 3), e.source?.rawValue ?? "session"])
        }
        let total = catalog.entries.reduce(0.0) { $0 + $1.seconds }
        return t.render() + "\n\(catalog.entries.count) tables loaded in \(NumberFormat.fixed(total, 2)) s"
    }

    func columnsListing(_ name: String) throws(SessionError) -> String {
        let table: Table
        do { table = try catalog.table(name) } catch { throw SessionError(error.description, column: 9) }
        var t = TextTable(header: ["column", "type", "missing %", "role", "description"], rightAligned: [2])
        for (column, values) in zip(table.names, table.columns) {
            let missing = table.rowCount == 0 ? 0 : Double(values.missingCount) / Double(table.rowCount) * 100
            let description = dictionary?.entry(table: name, column: column)?.description ?? ""
            t.rows.append([column, values.type.rawValue, NumberFormat.fixed(missing, 1),
                           ColumnRole.of(column, in: name).rawValue, String(description.prefix(70))])
        }
        return t.render()
    }
}
