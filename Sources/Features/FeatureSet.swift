import Dispatch
import Query
import Tables

/// The features a recipe built: one row per client (train and test), and for each column the
/// lineage that describes it and the one-hot levels that let one client be rebuilt alike.
public struct FeatureSet: Sendable {
    public let recipe: Recipe
    public let table: Table
    public let lineage: [String: ColumnLineage]
    /// One-hot levels by step, frozen for per-client recomputation.
    public let levels: [String: [String]]
    /// Warnings of the build (divisions by zero, all-missing columns…), each once.
    public let warnings: [String]

    public init(recipe: Recipe, table: Table, lineage: [String: ColumnLineage], levels: [String: [String]], warnings: [String]) {
        self.recipe = recipe
        self.table = table
        self.lineage = lineage
        self.levels = levels
        self.warnings = warnings
    }

    /// The feature columns: every column but the client key and the target.
    public var featureNames: [String] {
        table.names.filter { !$0.hasPrefix("SK_ID_") && $0 != "TARGET" }
    }

    /// Runs a recipe's statements against `catalog`. With `frozen` levels (a previous build's),
    /// every `onehot` makes the same columns whatever rows it sees. `lineage: false` and
    /// `sideBySide: false` suit one client's rebuild: its tables are too small for either to pay.
    public static func build(_ recipe: Recipe, catalog: Catalog, joinKey: @escaping @Sendable (String, String) -> String?,
                             frozen: [String: [String]] = [:], lineage: Bool = true, sideBySide: Bool = true) throws(FeatureError) -> FeatureSet {
        var engine = QueryEngine(catalog: catalog, joinKey: joinKey)
        engine.frozenLevels = frozen
        engine.tracksLineage = lineage
        engine.keepsHistory = false
        let statements = try statementsToRun(recipe)
        var warnings: [String] = []
        guard sideBySide else {
            // One client: its tables are a few rows each, so the statements run in order on one
            // engine, and warnings (a left join of an empty block) are not news.
            for k in statements {
                let piece = recipe.statements[k]
                do throws(QueryError) {
                    if let statement = recipe.parsed[k] { _ = try engine.run(statement, text: piece.text) } else { _ = try engine.run(piece.text) }
                } catch {
                    throw FeatureError(located(error, in: piece, recipe: recipe))
                }
            }
            return try finish(engine, recipe: recipe, warnings: [])
        }
        // Statements run in waves: each wave holds those whose inputs are ready, run side by
        // side on copies of the engine (the bureau, previous-loan and card blocks read only raw
        // tables). Results are taken back in the recipe's order, so nothing depends on timing.
        var pending = statements
        var bound = Set<String>()
        let produced = Set(pending.compactMap { recipe.parsed[$0]?.boundName })
        while !pending.isEmpty {
            // Ready: reads nothing that an earlier pending statement has yet to bind.
            // A statement that rebinds a name an earlier pending one reads or binds waits too.
            var wave: [Int] = []
            var blocked = Set<String>(), touched = Set<String>()
            for k in pending {
                guard let statement = recipe.parsed[k] else { break }
                let reads = statement.tablesRead
                let ready = reads.allSatisfy { (!produced.contains($0) || bound.contains($0)) && !blocked.contains($0) }
                    && !(statement.boundName.map(touched.contains) ?? false)
                if ready { wave.append(k) }
                if let name = statement.boundName { blocked.insert(name); touched.insert(name) }
                touched.formUnion(reads)
            }
            if wave.isEmpty { wave = [pending[0]] }  // a statement that does not parse: run it alone to report it
            let handover = handOver(&engine, before: wave, of: pending, in: recipe)
            let outcomes = run(wave, of: recipe, on: engine, handover: handover)
            for (k, outcome) in zip(wave, outcomes) {
                let piece = recipe.statements[k]
                switch outcome {
                case .failure(let error): throw FeatureError(located(error, in: piece, recipe: recipe))
                case .success(let (copy, result)):
                    if let name = recipe.parsed[k]?.boundName { engine.absorb(name, from: copy); bound.insert(name) }
                    // Clients without bureau records or previous loans are the point of the
                    // data set, so unmatched rows of a block's left join are not news.
                    for w in result.warnings where !warnings.contains(w) && !w.contains("found no match in") { warnings.append(w) }
                }
            }
            pending.removeAll { wave.contains($0) }
        }
        return try finish(engine, recipe: recipe, warnings: warnings)
    }

    /// Frees the intermediate tables that no statement still to run reads, and takes out those
    /// that one statement of `wave` reads once and nothing reads after it, to hand to it: the
    /// full-size kernel's last join then frees each block as it copies it in (1.3 GB less at
    /// the peak). Nothing is freed while a statement that does not parse is pending.
    private static func handOver(_ engine: inout QueryEngine, before wave: [Int], of pending: [Int], in recipe: Recipe) -> [Handover] {
        let handover = wave.map { _ in Handover() }
        guard pending.allSatisfy({ recipe.parsed[$0] != nil }) else { return handover }
        let later = Set(pending.filter { !wave.contains($0) }.flatMap { recipe.parsed[$0]!.tablesRead })
        var readsNow: [String: Int] = [:]
        for k in wave { for name in recipe.parsed[k]!.tablesRead { readsNow[name, default: 0] += 1 } }
        for name in engine.saved.keys where name != Recipe.resultName && !later.contains(name) {
            switch readsNow[name] {
            case nil: _ = engine.take(name)
            case 1?:
                let reader = wave.firstIndex { recipe.parsed[$0]!.tablesRead.contains(name) }!
                handover[reader].tables[name] = engine.take(name)
            default: break
            }
        }
        return handover
    }

    /// The tables handed to one statement, taken by the worker that runs it.
    private final class Handover: @unchecked Sendable {
        var tables: [String: Table] = [:]

        /// The tables, leaving none here: the statement then holds their only reference.
        func take() -> [String: Table] {
            defer { tables = [:] }
            return tables
        }
    }

    /// The statements a build runs: every `let`, in order (`version` lines say which tool the
    /// recipe was written for; anything else is an error with its line).
    private static func statementsToRun(_ recipe: Recipe) throws(FeatureError) -> [Int] {
        var pending: [Int] = []
        for (k, piece) in recipe.statements.enumerated() {
            let first = Substring(piece.text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }.prefix { $0 != " " && $0 != "\t" && $0 != "\n" && $0 != "\r" }).lowercased()
            if first == "version" { continue }
            guard first == "let" else {
                throw FeatureError("\(recipe.path):\(piece.firstLine):1: a recipe holds `let name = …` statements only, found `\(first)`")
            }
            pending.append(k)
        }
        return pending
    }

    /// The feature table the engine bound, with its lineage and frozen levels.
    private static func finish(_ engine: QueryEngine, recipe: Recipe, warnings: [String]) throws(FeatureError) -> FeatureSet {
        guard let table = try? engine.table(named: Recipe.resultName) else {
            throw FeatureError("\(recipe.path): the recipe never binds `\(Recipe.resultName)`; end it with `let \(Recipe.resultName) = from …`")
        }
        guard table["SK_ID_CURR"] != nil else {
            throw FeatureError("\(recipe.path): `\(Recipe.resultName)` has no SK_ID_CURR column, so no client can be found in it")
        }
        return FeatureSet(recipe: recipe, table: table, lineage: engine.lineages[Recipe.resultName] ?? [:],
                          levels: engine.frozenLevels, warnings: warnings)
    }

    /// Runs statements on copies of `engine`, both cores sharing them.
    private static func run(_ wave: [Int], of recipe: Recipe, on engine: QueryEngine, handover: [Handover]) -> [Result<(QueryEngine, QueryResult), QueryError>] {
        let one: @Sendable (Int) -> Result<(QueryEngine, QueryResult), QueryError> = { slot in
            var copy = engine
            let k = wave[slot]
            let text = recipe.statements[k].text
            do throws(QueryError) {
                let result: QueryResult
                if let statement = recipe.parsed[k] {
                    let inputs = handover[slot].take()
                    result = try copy.run(statement, text: text, consuming: consume inputs)
                } else {
                    result = try copy.run(text)
                }
                return .success((copy, result))
            } catch {
                return .failure(error)
            }
        }
        guard wave.count > 1 else { return wave.indices.map(one) }
        let slots = UnsafeMutableBufferPointer<Result<(QueryEngine, QueryResult), QueryError>>.allocate(capacity: wave.count)
        defer { slots.deallocate() }
        nonisolated(unsafe) let out = slots
        // Each worker initialises only its own slot.
        DispatchQueue.concurrentPerform(iterations: wave.count) { i in (out.baseAddress! + i).initialize(to: one(i)) }
        return wave.indices.map { (slots.baseAddress! + $0).move() }
    }

    /// `file:line:col: message`, the line and a caret, for an error inside a statement.
    private static func located(_ error: QueryError, in piece: ScriptSplitter.Piece, recipe: Recipe) -> String {
        guard let span = error.span else { return "\(recipe.path):\(piece.firstLine):1: \(error.message)" }
        var offset = span.start, line = 0
        while line < piece.lines.count - 1 && offset > piece.lines[line].count {
            offset -= piece.lines[line].count + 1
            line += 1
        }
        let text = piece.lines[line]
        let caret = String(repeating: " ", count: offset) + String(repeating: "^", count: max(1, min(span.end - span.start, text.count - offset)))
        return "\(recipe.path):\(piece.firstLine + line):\(offset + 1): \(error.message)\n  \(text)\n  \(caret)"
            + (error.help.map { "\nhelp: \($0)" } ?? "")
    }
}
