import Dispatch
import Foundation
import HomeCredit
import Plots
import Query
import Tables

/// One user's working state: the loaded tables and the statements run against them.
///
/// Knows nothing of terminals: it takes statement text and returns text, so scripts, `-c`,
/// the interactive shell and tests all drive the same code.
public final class Session {
    public var catalog: Catalog { engine.catalog }
    public let dataDirectory: String?
    let dictionary: ColumnDictionary?
    var engine: QueryEngine
    /// How results are shown.
    public var renderer = TableRenderer()

    public init(catalog: Catalog, dataDirectory: String? = nil, dictionary: ColumnDictionary? = ColumnDictionary.bundled()) {
        self.dataDirectory = dataDirectory
        self.dictionary = dictionary
        engine = QueryEngine(catalog: catalog) { left, right in
            guard let a = HomeCreditFile(tableName: left), let b = HomeCreditFile(tableName: right) else { return nil }
            return Relation.key(between: a, and: b)
        }
    }

    /// Lines a plot may take.
    public var plotHeight = 20
    /// Unicode blocks and Braille, or plain ASCII for logs and old terminals.
    public var unicode = true

    /// Shows each statement's run time after its output (`.timer on`).
    public var timer = false

    /// Runs one statement and returns what it prints.
    public func run(_ statement: String) throws(SessionError) -> String {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix(".") { return try setting(trimmed) }
        guard timer else { return try execute(statement) }
        let started = DispatchTime.now()
        let out = try execute(statement)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return out + (out.isEmpty ? "" : "\n") + "time: \(NumberFormat.fixed(seconds, 4)) s"
    }

    /// Settings of the session, kept apart from the data language as dot-commands.
    private func setting(_ text: String) throws(SessionError) -> String {
        let words = text.split(separator: " ").map(String.init)
        switch (words.first, words.count > 1 ? words[1] : nil) {
        case (".timer", "on"): timer = true
        case (".timer", "off"): timer = false
        case (".maxrows", let n?) where Int(n) != nil && Int(n)! >= 0: renderer.maxRows = Int(n)!
        case (".width", let n?) where Int(n) != nil && Int(n)! >= 20: renderer.width = Int(n)!
        case (".height", let n?) where Int(n) != nil && Int(n)! >= 5: plotHeight = Int(n)!
        case (".charset", "unicode"): unicode = true
        case (".charset", "ascii"): unicode = false
        case (".separators", "on"): renderer.groupIntegers = true
        case (".separators", "off"): renderer.groupIntegers = false
        default:
            throw SessionError("unknown setting '\(text)'", column: 1, length: words.first?.count ?? 1,
                               help: ".timer on|off, .maxrows N (0 shows every row), .width N, .height N, .charset unicode|ascii, .separators on|off")
        }
        return ""
    }

    private func execute(_ statement: String) throws(SessionError) -> String {
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard let command = words.first else { return "" }
        let arguments = Array(words.dropFirst())
        guard Self.commands.contains(command) else { return try query(statement) }
        switch command {
        case "tables": return tablesListing()
        case "columns":
            guard arguments.count == 1 else { throw SessionError("usage: columns <table>", column: command.count + 2) }
            return try columnsListing(arguments[0])
        case "describe": return try describe(rest(statement, after: command), offset: command.count + 1)
        case "tab": return try tab(arguments, offset: command.count + 1)
        case "corr": return try corr(arguments, offset: command.count + 1)
        case "client": return try client(arguments, offset: command.count + 1)
        default:
            return try Self.help(topic: arguments.first)
        }
    }

    /// Runs a pipeline or `let` statement and shows its result.
    private func query(_ statement: String) throws(SessionError) -> String {
        // A first word that is no verb, table or `let` is most likely a mistyped command.
        let leading = statement.prefix { $0 == " " || $0 == "\t" || $0 == "\n" }.count
        let word = String(statement.dropFirst(leading).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        let known = Parser.verbs + ["let"] + engine.tableNames
        if !word.isEmpty, !known.contains(word.lowercased()), !known.contains(word), !(word.hasPrefix("_") && Int(word.dropFirst()) != nil) {
            let suggestions = NameSuggester.nearest(to: word, in: Self.commands + engine.tableNames)
            throw SessionError("unknown command or table '\(word)'" + NameSuggester.didYouMean(suggestions),
                               column: leading + 1, length: word.count, help: "`help` lists the commands, `tables` the tables")
        }
        let result: QueryResult
        do {
            result = try engine.run(statement)
        } catch {
            let column = error.span.map { $0.start + 1 }
            throw SessionError(error.message, column: column, length: error.span.map { $0.end - $0.start } ?? 1, help: error.help)
        }
        if let plot = result.plot {
            let options = PlotOptions(width: renderer.width, height: plotHeight, charset: unicode ? .unicode : .ascii)
            return try PlotBuilder(table: result.table, request: plot).render(options)
        }
        var out: [String] = []
        if let name = result.boundName {
            out.append("\(name): \(result.table.rowCount) rows × \(result.table.columnCount) columns")
        } else {
            out.append(renderer.render(result.table))
        }
        out += result.warnings.map { "warning: \($0)" }
        return out.joined(separator: "\n")
    }

    static let commands = ["tables", "columns", "describe", "tab", "corr", "client", "help"]

    /// The statement's text after its first word.
    private func rest(_ statement: String, after command: String) -> String {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        return String(trimmed.dropFirst(command.count)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let help = """
        tables               the loaded tables: rows × columns, load time and source
        columns <table>      a table's columns: type, missing share, description
        describe <table> [columns…]   count, missing, mean, std, min, quartiles, max, distinct, top values
        describe from … | …           the same for a pipeline's result
        tab <table> <col> [by <col>]  frequencies, %, cumulative % and the TARGET rate per level
        corr <table> with TARGET      numeric columns ranked by correlation with TARGET
        client <SK_ID_CURR>           one client's application and history in every table
        help                 this list
        .timer on|off        show each statement's run time
        .maxrows N           rows shown before the middle is elided (0: all)
        .width N             characters per line for results and plots
        .height N            lines per plot
        .charset unicode|ascii   characters plots may use
        .separators on|off   thousands separators in integer columns too

        Anything else is a pipeline, steps joined by | (or one per line):
          from application_train | filter AMT_CREDIT > 500000 | group NAME_CONTRACT_TYPE (n = count(), rate = mean(TARGET))
          let big = from application_train | filter AMT_CREDIT > 1000000
          from bureau | join bureau_balance | take 10
        Steps: from, filter, select, derive, group, aggregate, sort, take, distinct, join, and plot last:
          from application_train | plot hist AMT_INCOME_TOTAL by TARGET bins 40 log
          plot kinds: hist, bar, line, scatter, box, density, ecdf, heat (add `data` for the numbers)
        The last result is _, earlier ones _1, _2, …
        """

    /// One line per table: name, rows, columns, seconds to load, and whether from CSV or cache.
    public func tablesListing() -> String {
        let entries = catalog.entries
        let listing = try! Table([
            ("table", Column(strings: entries.map(\.name))),
            ("rows", Column(ints: entries.map { Int64($0.table.rowCount) })),
            ("columns", Column(ints: entries.map { Int64($0.table.columnCount) })),
            ("load_s", Column(doubles: entries.map { ($0.seconds * 1000).rounded() / 1000 })),
            ("from", Column(strings: entries.map { $0.source?.rawValue ?? "session" })),
        ])
        var grouped = renderer
        grouped.groupIntegers = true
        let total = entries.reduce(0.0) { $0 + $1.seconds }
        return grouped.render(listing, maxRows: 0) + "\n\(entries.count) tables loaded in \(NumberFormat.fixed(total, 2)) s"
    }

    func columnsListing(_ name: String) throws(SessionError) -> String {
        let table: Table
        do { table = try catalog.table(name) } catch { throw SessionError(error.description, column: 9, length: name.count) }
        let listing = try! Table([
            ("column", Column(strings: table.names)),
            ("type", Column(strings: table.columns.map { $0.type.rawValue })),
            ("missing_pct", Column(doubles: table.columns.map {
                table.rowCount == 0 ? 0 : (Double($0.missingCount) / Double(table.rowCount) * 1000).rounded() / 10
            })),
            ("role", Column(strings: table.names.map { ColumnRole.of($0, in: name).rawValue })),
            ("description", Column(strings: table.names.map { dictionary?.entry(table: name, column: $0)?.description })),
        ])
        // The description takes what the other columns leave of the width.
        var wide = renderer
        let nameWidth = table.names.map(\.count).max() ?? 6
        wide.maxCellWidth = max(20, renderer.width - nameWidth - 41)
        return wide.render(listing, maxRows: 0)
    }
}
