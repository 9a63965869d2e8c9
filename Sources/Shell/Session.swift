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
    /// What `.color` asked for; `colorOutput` is the front end's decision for the current output.
    public var colorChoice = ColorChoice.auto
    /// Whether plots may be coloured now: set by the front end from `colorChoice`, the output
    /// (a terminal or not) and `NO_COLOR`.
    public var colorOutput = false
    /// The size results are fitted to (`adapt(to:)`), and the sizes `.width`/`.height` fixed.
    var terminal = TerminalSize.fallback
    var fixedWidth: Int?
    var fixedHeight: Int?

    /// The `if` condition of the running command, and its column in the statement.
    var rowFilter: (text: String, offset: Int)?

    /// The current model (`fit`, `load model`), used by the commands that follow.
    var model: ModelState?

    /// Warnings of the last statement that are not part of its output (CSV and Markdown modes).
    public internal(set) var warnings: [String] = []

    /// A short name for the prompt: the data folder's name.
    public var promptLabel: String {
        guard let dataDirectory else { return "credit" }
        let parts = dataDirectory.split(separator: "/")
        let data = parts.last.map(String.init) ?? dataDirectory
        let separator = unicode ? " · " : " - "
        return "credit[\(data)\(model.map { separator + $0.file.model.kind } ?? "")]"
    }

    /// Runs one statement and returns what it prints.
    public func run(_ statement: String) throws(SessionError) -> String {
        warnings = []
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix(".") { return try setting(trimmed) }
        guard timer else { return try execute(statement) }
        let started = DispatchTime.now()
        let out = try execute(statement)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return out + (out.isEmpty ? "" : "\n") + "time: \(NumberFormat.fixed(seconds, 4)) s"
    }

    private func execute(_ statement: String) throws(SessionError) -> String {
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard let command = words.first else { return "" }
        let arguments = Array(words.dropFirst())
        if command == "save" || command == "load" {
            guard arguments.first == "model", arguments.count >= 2 else {
                throw SessionError("usage: \(command == "save" ? "save model FILE [lightgbm] | save script FILE [range]" : "load model FILE")", column: 1, length: command.count)
            }
            return command == "save" ? try saveModel(Array(arguments.dropFirst())) : try loadModel(Array(arguments.dropFirst()))
        }
        if command == "plot", arguments.count >= 3, engine.tableNames.contains(arguments[1]) {
            return try plotCommand(statement, kind: arguments[0], table: arguments[1])
        }
        guard Self.commands.contains(command) else { return try query(statement) }
        // `… if <condition>`: the rows a summarising command looks at (Stata's `if`).
        if ["describe", "tab", "corr"].contains(command), let (head, condition) = Self.splitCondition(statement) {
            rowFilter = condition
            defer { rowFilter = nil }
            return try execute(head)
        }
        switch command {
        case "fit": return try fit(arguments)
        case "cv": return try crossValidate(arguments)
        case "report": return try report(arguments)
        case "importance": return try importance(arguments)
        case "calibrate": return try calibrate(arguments)
        case "threshold": return try threshold(arguments)
        case "score": return try score(arguments)
        case "model": return try modelSummary()
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

    /// `plot <kind> <table> …`: the plot step as a command, run as `from <table> | plot <kind> …`
    /// with error columns mapped back to what was typed.
    private func plotCommand(_ statement: String, kind: String, table: String) throws(SessionError) -> String {
        let trimmed = statement.drop { $0.isWhitespace }
        let leading = statement.count - trimmed.count
        let head = "plot \(kind) \(table)"
        guard trimmed.hasPrefix(head) else { return try query(statement) }
        let rest = trimmed.dropFirst(head.count)
        let rewritten = "from \(table) | plot \(kind)" + rest
        do { return try query(rewritten) } catch {
            var moved = error
            let shift = ("from \(table) | plot \(kind)".count) - (leading + head.count)
            moved.column = error.column.map { max(1, $0 - shift) }
            throw moved
        }
    }

    /// Runs a pipeline or `let` statement and shows its result.
    private func query(_ statement: String) throws(SessionError) -> String {
        // A first word that is no verb, table or `let` is most likely a mistyped command.
        let leading = statement.prefix { $0 == " " || $0 == "\t" || $0 == "\n" }.count
        let word = String(statement.dropFirst(leading).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        let known = Parser.verbs + ["let"] + engine.tableNames
        if !word.isEmpty, !known.contains(word.lowercased()), !known.contains(word), !(word.hasPrefix("_") && Int(word.dropFirst()) != nil) {
            let suggestions = NameSuggester.nearest(to: word, in: Self.commands + Self.sessionCommands + engine.tableNames)
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
            let options = PlotOptions(width: renderer.width, height: plotHeight, charset: unicode ? .unicode : .ascii, color: colorOutput)
            return try PlotBuilder(table: result.table, request: plot).render(options)
        }
        var out: [String] = []
        if let name = result.boundName {
            out.append("\(name): \(result.table.rowCount) rows × \(result.table.columnCount) columns")
        } else {
            out.append(renderer.render(result.table))
        }
        // CSV and Markdown results are data for other programs: warnings go to the front end.
        if renderer.format == .aligned {
            out += result.warnings.map { "warning: \($0)" }
        } else {
            warnings = result.warnings
        }
        return out.joined(separator: "\n")
    }

    static let commands = ["tables", "columns", "describe", "tab", "corr", "client", "help"] + modelCommands
    /// Statements about the session as a whole, run by the front end's `Driver`; listed here
    /// for help, suggestions and completion.
    static let sessionCommands = ["history", "save", "load", "source", "log", "notebook"]

    /// The statement's text after its first word.
    private func rest(_ statement: String, after command: String) -> String {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        return String(trimmed.dropFirst(command.count)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let help = """
        tables               the loaded tables: rows × columns and keys
        columns <table>      a table's columns: type, missing share, description
        describe <table> [columns…]   count, missing, mean, std, min, quartiles, max, distinct, top values
        describe from … | …           the same for a pipeline's result
        tab <table> <col> [by <col>]  frequencies, %, cumulative % and the TARGET rate per level
        corr <table> with TARGET      numeric columns ranked by correlation with TARGET
        client <SK_ID_CURR>           one client's application and history in every table
        plot <kind> <table> …         a plot of a table's columns (as `from <table> | plot …`)
        help                 this list
        history              the statements typed so far, numbered
        save script FILE [3-17]       those statements as a script (failed ones left out)
        source FILE [name=value …]    run a script here; log FILE | log off; notebook FILE.md

        fit gbdt|logistic|scorecard [on <table>] [features AMT_*,…] [trees=300 …]   fit a model (the current one)
        cv [folds=5]         out-of-fold predictions and metrics by fold, against the base rate
        report [calibration|lift|roc|coefficients|bins F]   how good the current model is
        importance [gain|split] [N]   which features matter
        calibrate platt|isotonic      map out-of-fold scores to honest probabilities
        threshold cost fn=10 fp=1 [weight AMT_CREDIT]   the threshold of least expected cost
        score <table> [as name] | score client <id>     probabilities and decisions
        model                the current model; save model FILE [lightgbm]; load model FILE
        .help                every setting (.timer, .mode, .output, …)

        Anything else is a pipeline, steps joined by | (or one per line):
          from application_train | filter AMT_CREDIT > 500000 | group NAME_CONTRACT_TYPE (n = count(), rate = mean(TARGET))
          let big = from application_train | filter AMT_CREDIT > 1000000
          from bureau | join bureau_balance | take 10
        Steps: from, filter, select, derive, group, aggregate, sort, take, distinct, join, and plot last:
          from application_train | plot hist AMT_INCOME_TOTAL by TARGET bins 40 log
          plot kinds: hist, bar, line, scatter, box, density, ecdf, heat (add `data` for the numbers)
        The last result is _, earlier ones _1, _2, …
        """

    /// One line per table: name, rows, columns and key columns. Load times are in the
    /// banner, not here, so that a script's output is the same on every run.
    public func tablesListing() -> String {
        let entries = catalog.entries
        let listing = try! Table([
            ("table", Column(strings: entries.map(\.name))),
            ("rows", Column(ints: entries.map { Int64($0.table.rowCount) })),
            ("columns", Column(ints: entries.map { Int64($0.table.columnCount) })),
            ("keys", Column(strings: entries.map { $0.table.names.filter { $0.hasPrefix("SK_ID_") }.joined(separator: ", ") })),
        ])
        var grouped = renderer
        grouped.groupIntegers = true
        return grouped.render(listing, maxRows: 0)
    }

    /// What was loaded, how big and how fast: the banner's second line.
    public func loadSummary() -> String {
        let entries = catalog.entries
        let rows = entries.reduce(0) { $0 + $1.table.rowCount }
        let seconds = entries.reduce(0.0) { $0 + $1.seconds }
        let sources = Set(entries.compactMap { $0.source?.rawValue }).sorted().joined(separator: " and ")
        return "\(entries.count) tables, \(NumberFormat.grouped(rows)) rows, loaded in \(NumberFormat.fixed(seconds, 2)) s"
            + (sources.isEmpty ? "" : " from \(sources)")

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
