import Tables

/// Runs statements against a catalog of tables, keeping named results.
///
/// `let name = …` saves a result under a name usable like a table; the last result is
/// always `_`, and the n-th of the session `_n`.
public struct QueryEngine: Sendable {
    public var catalog: Catalog
    public private(set) var saved: [String: Table] = [:]
    public private(set) var history: [Table] = []
    /// Where the columns of each saved result come from.
    public private(set) var lineages: [String: [String: ColumnLineage]] = [:]
    /// One-hot levels by step (`result:step:column`), as the last runs chose them. A build
    /// that must reproduce another (one client's features) sets them first, so every
    /// `onehot` makes the same columns whatever rows it sees.
    public var frozenLevels: [String: [String]] = [:]
    /// Whether results carry their columns' lineage (off for a per-client rebuild: faster).
    public var tracksLineage = true
    /// Whether results are kept as `_`, `_1`…: a recipe's build names every input, and
    /// keeping each intermediate table there would keep it alive to the end.
    public var keepsHistory = true
    /// The key joining two tables by name, when it can be known (the Home Credit relations).
    public var joinKey: @Sendable (_ left: String, _ right: String) -> String?

    public init(catalog: Catalog, joinKey: @escaping @Sendable (String, String) -> String? = { _, _ in nil }) {
        self.catalog = catalog
        self.joinKey = joinKey
    }

    /// Parses and runs one statement.
    public mutating func run(_ text: String) throws(QueryError) -> QueryResult {
        try run(try Parser.parse(text), text: text)
    }

    /// Runs a statement parsed earlier from `text` (a recipe run once per client parses once).
    ///
    /// `consuming` hands over saved results that this statement reads once and nothing reads
    /// after it (taken out with ``take(_:)``): the statement frees their columns as it uses
    /// them, so a recipe's last join does not hold its blocks twice.
    public mutating func run(_ statement: Statement, text: String, consuming inputs: consuming [String: Table] = [:]) throws(QueryError) -> QueryResult {
        switch statement {
        case .pipeline(let pipeline):
            var result = try run(pipeline, text: text, name: nil, inputs: consume inputs)
            if keepsHistory { history.append(result.table) }
            result.boundName = nil
            return result
        case .bind(let name, let pipeline, let span):
            guard catalog[name] == nil else {
                throw QueryError("'\(name)' is a loaded table; choose another name", at: span)
            }
            guard !Catalog.isReserved(name) else {
                throw QueryError("'\(name)' names the last results (_ is the last, _1 the one before…); choose another name", at: span)
            }
            var result = try run(pipeline, text: text, name: name, inputs: consume inputs)
            saved[name] = result.table
            lineages[name] = result.lineage
            if keepsHistory { history.append(result.table) }
            result.boundName = name
            return result
        }
    }

    /// Saves a table computed outside a pipeline (`score … as name`) under a name, as `let`
    /// would; it also becomes `_`.
    public mutating func bind(_ name: String, _ table: Table) throws(QueryError) {
        guard catalog[name] == nil else { throw QueryError("'\(name)' is a loaded table; choose another name") }
        guard !Catalog.isReserved(name) else { throw QueryError("'\(name)' names the last results (_, _1, _2…); choose another name") }
        saved[name] = table
        lineages[name] = nil
        history.append(table)
    }

    /// Saves a table with its columns' lineage (a cached build).
    public mutating func bind(_ name: String, _ table: Table, lineage: [String: ColumnLineage]) throws(QueryError) {
        try bind(name, table)
        lineages[name] = lineage
    }

    /// Takes over what another copy of this engine saved as `name` (its table, lineage and
    /// one-hot levels): statements that do not depend on each other run on copies at once.
    public mutating func absorb(_ name: String, from other: QueryEngine) {
        guard let table = other.saved[name] else { return }
        saved[name] = table
        lineages[name] = other.lineages[name]
        if keepsHistory { history.append(table) }
        for (key, levels) in other.frozenLevels where key.hasPrefix(name + ":") { frozenLevels[key] = levels }
    }

    /// Takes a saved result out of the engine (its lineage stays): a recipe's intermediate
    /// table that nothing reads any more is freed, or handed to its last reader.
    public mutating func take(_ name: String) -> Table? {
        saved.removeValue(forKey: name)
    }

    /// The lineage of a table's columns: a saved result's as recorded, a loaded table's its own.
    func lineage(of name: String, _ table: Table) -> [String: ColumnLineage] {
        if let known = lineages[name] { return known }
        var out: [String: ColumnLineage] = [:]
        for column in table.names { out[column] = ColumnLineage(table: name, column: column) }
        return out
    }

    /// The rows of `table` where `condition` holds: the `if` of the summarising commands.
    /// Error spans are relative to the condition's text.
    public func rows(of table: Table, where condition: String) throws(QueryError) -> Table {
        var scratch = self  // a copy: the session's names and history stay as they were
        scratch.saved["_if_"] = table
        let prefix = "from _if_ | filter "
        do {
            return try scratch.run(prefix + condition).table
        } catch {
            var shifted = error
            shifted.span = error.span.map { SourceSpan(max(0, $0.start - prefix.count), max(0, $0.end - prefix.count)) }
            throw shifted
        }
    }

    /// Every name a pipeline can start from.
    public var tableNames: [String] { catalog.names + saved.keys.sorted() + (history.isEmpty ? [] : ["_"]) }

    /// A loaded table, saved result, `_` or `_n` by name.
    public func table(named name: String) throws(QueryError) -> Table {
        try table(NameRef(name: name, span: SourceSpan(0, name.count)))
    }

    func table(_ ref: NameRef) throws(QueryError) -> Table {
        if let t = saved[ref.name] ?? catalog[ref.name] { return t }
        if ref.name == "_" {
            guard let last = history.last else { throw QueryError("there is no previous result yet", at: ref.span) }
            return last
        }
        if ref.name.hasPrefix("_"), let n = Int(ref.name.dropFirst()) {
            guard n >= 1 && n <= history.count else {
                throw QueryError("there is no result \(n) (this session has \(history.count))", at: ref.span)
            }
            return history[n - 1]
        }
        let suggestions = NameSuggester.nearest(to: ref.name, in: tableNames)
        throw QueryError("unknown table '\(ref.name)'" + NameSuggester.didYouMean(suggestions), at: ref.span, help: "`tables` lists them")
    }

    private mutating func run(_ pipeline: Pipeline, text: String, name: String?, inputs: consuming [String: Table]) throws(QueryError) -> QueryResult {
        var runner = PipelineRunner(engine: self, text: text, name: name, inputs: consume inputs)
        let result = try runner.run(pipeline)
        frozenLevels.merge(runner.levels) { _, new in new }
        return result
    }
}
