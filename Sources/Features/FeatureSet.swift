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
    /// every `onehot` makes the same columns whatever rows it sees.
    public static func build(_ recipe: Recipe, catalog: Catalog, joinKey: @escaping @Sendable (String, String) -> String?,
                             frozen: [String: [String]] = [:], lineage: Bool = true) throws(FeatureError) -> FeatureSet {
        var engine = QueryEngine(catalog: catalog, joinKey: joinKey)
        engine.frozenLevels = frozen
        engine.tracksLineage = lineage
        var warnings: [String] = []
        for (piece, parsed) in zip(recipe.statements, recipe.parsed) {
            let text = piece.text
            let first = text.split(whereSeparator: \.isWhitespace).first.map { $0.lowercased() } ?? ""
            if first == "version" { continue }
            guard first == "let" else {
                throw FeatureError("\(recipe.path):\(piece.firstLine):1: a recipe holds `let name = …` statements only, found `\(first)`")
            }
            do {
                let result: QueryResult
                if let parsed { result = try engine.run(parsed, text: text) } else { result = try engine.run(text) }
                // Clients without bureau records or previous loans are the point of the
                // data set, so unmatched rows of a block's left join are not news.
                for w in result.warnings where !warnings.contains(w) && !w.contains("found no match in") { warnings.append(w) }
            } catch {
                throw FeatureError(located(error, in: piece, recipe: recipe))
            }
        }
        guard let table = try? engine.table(named: Recipe.resultName) else {
            throw FeatureError("\(recipe.path): the recipe never binds `\(Recipe.resultName)`; end it with `let \(Recipe.resultName) = from …`")
        }
        guard table["SK_ID_CURR"] != nil else {
            throw FeatureError("\(recipe.path): `\(Recipe.resultName)` has no SK_ID_CURR column, so no client can be found in it")
        }
        return FeatureSet(recipe: recipe, table: table, lineage: engine.lineages[Recipe.resultName] ?? [:],
                          levels: engine.frozenLevels, warnings: warnings)
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
