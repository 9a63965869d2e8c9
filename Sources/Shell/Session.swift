import Dispatch
import Explain
import Features
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
    public var unicode = true {
        didSet { renderer.ascii = !unicode }
    }
    /// "Before → after" in prose, "->" in plain ASCII.
    var arrow: String { unicode ? "→" : "->" }
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
    var model: ModelState? {
        didSet { preparedExplainer = nil; preparedRanking = nil; preparedScores = ScoreCache(); preparedSimilarity = nil }
    }
    /// The current model's probabilities for whole tables (its training clients, when it has
    /// none of its own; the tables `drift` compares).
    var preparedScores = ScoreCache()
    /// The current model's columns by importance (`compare`), made on first need.
    var preparedRanking: [String]?
    /// The training clients scaled on the current model's most important columns (`compare`).
    var preparedSimilarity: SimilarClients?
    /// The current model laid out for explanations (TreeSHAP's flat trees), made on first need.
    var preparedExplainer: Explainer?

    /// The last `features build`, kept for `features describe`, `export`, `ablation` and
    /// per-client recomputation.
    var featureSet: FeatureSet?
    /// Where each client's rows are in the loaded tables, built on first need.
    lazy var clientIndex = ClientIndex(catalog)
    /// Where built features are cached (the table cache), nil for none.
    public var cacheDirectory: String?
    lazy var frenchDictionary = ColumnDictionary.bundledFrench()
    /// Training columns sorted for explanations' percentiles, kept while the columns live.
    let standings = Standing.Cache()
    /// The language of explanations, reasons and reports (`.lang en|fr`).
    var language = Wording.Language.en

    /// Warnings of the last statement that are not part of its output (CSV and Markdown modes).
    public internal(set) var warnings: [String] = []
    /// Prose of the last statement kept out of its output because the output is data (CSV
    /// and Markdown modes: a file written with `.once` gets the table alone).
    public internal(set) var notes: [String] = []

    /// A command's output: prose lines and a table. In table mode they print together; in CSV
    /// and Markdown modes the table is the output and the prose goes to `notes`.
    func emit(_ prose: [String], _ table: String) -> String {
        if renderer.format == .aligned { return (prose + [table]).joined(separator: "\n") }
        notes += prose
        return table
    }

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
        notes = []
        let statement = Self.withoutSemicolon(statement)
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix(".") { return try setting(trimmed) }
        guard timer else { return try execute(statement) }
        let started = DispatchTime.now()
        let out = try execute(statement)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let time = "time: \(NumberFormat.fixed(seconds, 4)) s"
        if renderer.format != .aligned {
            notes.append(time)
            return out
        }
        return out + (out.isEmpty ? "" : "\n") + time
    }

    private func execute(_ statement: String) throws(SessionError) -> String {
        guard let invocation = try CommandParser.parse(statement) else { return try query(statement) }
        guard invocation.command.needs != .frontEnd else {
            throw invocation.error("`\(invocation.command.name)` works in the shell or a script, on the session's statements")
        }
        // `… if <condition>`: the rows a summarising command looks at (Stata's `if`).
        rowFilter = invocation.condition
        defer { rowFilter = nil }
        return try invocation.command.execute(invocation, CommandContext(session: self, driver: nil))
    }

    /// `plot <kind> <table> …`: the plot step as a command, run as `from <table> | plot <kind> …`
    /// with error columns mapped back to what was typed.
    func plotCommand(_ invocation: Invocation) throws(SessionError) -> String {
        guard let kind = invocation.word("kind"), let table = invocation.word("table") else { throw invocation.error("usage: \(invocation.command.usage)") }
        let rest = invocation.word("arguments")
        let prefix = "from \(table.text) | plot \(kind.text) "
        do { return try query(prefix + (rest?.text ?? "")) } catch {
            var moved = error
            // Columns past the prefix move back to where the arguments were typed.
            if let column = error.column {
                let inRest = column - prefix.count - 1
                moved.column = inRest >= 0 ? (rest?.start ?? table.end) + inRest + 1 : table.start + 1
            }
            throw moved
        }
    }

    /// The statement without a trailing `;` (a habit from SQL shells), which ends it anyway.
    static func withoutSemicolon(_ statement: String) -> String {
        var text = statement
        while let last = text.last, last.isWhitespace { text.removeLast() }
        if text.hasSuffix(";") { text.removeLast() }
        return text
    }

    /// Words that end an interactive session, as in psql, DuckDB, Stata and IPython.
    public static func isQuit(_ statement: String) -> Bool {
        [".quit", ".exit", "exit", "quit", "\\q"].contains(withoutSemicolon(statement).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs a pipeline or `let` statement and shows its result.
    private func query(_ statement: String) throws(SessionError) -> String {
        // A first word that is no verb, table or `let` is most likely a mistyped command.
        let leading = statement.prefix { $0 == " " || $0 == "\t" || $0 == "\n" }.count
        let word = String(statement.dropFirst(leading).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        let known = Parser.verbs + ["let"] + engine.tableNames
        if !word.isEmpty, !known.contains(word.lowercased()), !known.contains(word), !(word.hasPrefix("_") && Int(word.dropFirst()) != nil) {
            let suggestions = NameSuggester.nearest(to: word, in: Command.firstWords + Parser.verbs + ["let"] + engine.tableNames)
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
        return grouped.listing(listing)
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

    func columnsListing(_ invocation: Invocation) throws(SessionError) -> String {
        let name = invocation.value("table") ?? ""
        let table: Table
        do { table = try engine.table(named: name) } catch { throw invocation.error(error.message, at: "table", help: error.help) }
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
        return wide.listing(listing)
    }
}
