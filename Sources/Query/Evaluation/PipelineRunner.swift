import Tables

/// Runs the steps of one pipeline, each on the previous step's table.
struct PipelineRunner {
    let engine: QueryEngine
    private var table = Table.empty
    /// The table the pipeline started from, to find join keys.
    private var origin: String?
    private var warnings: [String] = []
    /// The columns later steps read, when known: tables joined in are trimmed to them too.
    private var needed: Set<String>?

    init(engine: QueryEngine) { self.engine = engine }

    mutating func run(_ pipeline: Pipeline) throws(QueryError) -> QueryResult {
        var plot: PlotRequest?
        needed = Self.columnsNeeded(after: pipeline.steps)
        var skipNext = false
        for (index, step) in pipeline.steps.enumerated() {
            if skipNext { skipNext = false; continue }
            if index == 0, !isFrom(step) {
                throw QueryError("a pipeline starts with `from <table>`", at: pipeline.span, help: "from application_train | filter AMT_CREDIT > 500000")
            }
            if plot != nil { throw QueryError("`plot` must be the last step", at: pipeline.span) }
            if Cancellation.isRequested { throw QueryError.cancelled }
            switch step {
            case .from(let ref):
                table = try engine.table(ref)
                origin = ref.name
                if index == 0 { prune(steps: pipeline.steps, after: 0) }
            case .filter(let e):
                var evaluator = ExpressionEvaluator(table: table)
                let condition = try evaluator.evaluate(e)
                warnings += evaluator.warnings
                guard let (values, validity) = condition.bools(count: table.rowCount) else {
                    throw QueryError("`filter` needs a condition, found \(condition.typeName)", at: e.span, help: "filter AMT_CREDIT > 500000")
                }
                // A missing condition keeps no row, as in SQL's WHERE.
                var mask = values
                if let validity { for i in mask.indices where !validity[i] { mask[i] = false } }
                // Columns no later step reads are dropped before the rows are gathered.
                prune(steps: pipeline.steps, after: index)
                table = table.filter(mask)
            case .select(let items): table = try select(items)
            case .derive(let assignments):
                for a in assignments {
                    var evaluator = ExpressionEvaluator(table: table)
                    let column = try evaluator.evaluate(a.expr).column(count: table.rowCount)
                    warnings += evaluator.warnings
                    table = try! table.with(a.name, column)
                }
            case .group(let keys, let aggregates): table = try group(keys, aggregates)
            case .aggregate(let aggregates): table = try group([], aggregates)
            case .sort(let items):
                for item in items where table[item.name] == nil { throw unknownColumn(item.name, item.span) }
                let keys = items.map { SortKey($0.name, descending: $0.descending) }
                if index + 1 < pipeline.steps.count, case .take(let start, let count, _) = pipeline.steps[index + 1] {
                    // sort then take: only the first rows of the order are needed.
                    let order = try! table.sortPermutation(by: keys, limit: min(start + count, table.rowCount))
                    table = table.gather(Array(order.dropFirst(min(start, order.count))))
                    skipNext = true
                } else {
                    table = try! table.sorted(by: keys)
                }
            case .take(let start, let count, _):
                let lower = min(start, table.rowCount)
                table = table.gather(Array(lower..<min(lower + count, table.rowCount)))
            case .distinct(let keys):
                for key in keys where table[key.name] == nil { throw unknownColumn(key.name, key.span) }
                let names = keys.isEmpty ? table.names : keys.map(\.name)
                let grouping = Grouping(keys: names.map { table[$0]! }, rowCount: table.rowCount)
                table = try! table.selecting(names).gather(grouping.firstRow)
            case .join(let ref, let kind, let key):
                let laterJoin = pipeline.steps[(index + 1)...].contains { if case .join = $0 { true } else { false } }
                table = try join(ref, kind, key, lastJoin: !laterJoin, derived: Self.derivedNames(pipeline.steps))
            case .plot(let kind, let arguments, let span):
                plot = PlotRequest(kind: kind, arguments: arguments, span: span)
            }
        }
        // A few rows taken from a table often miss a sparse column: only whole results warn.
        let sampled = pipeline.steps.contains { if case .take = $0 { true } else { false } }
        for (name, column) in zip(table.names, table.columns) where !sampled && table.rowCount > 0 && column.missingCount == table.rowCount {
            warnings.append("column '\(name)' is missing in every row")
        }
        return QueryResult(table: table, warnings: warnings, plot: plot, boundName: nil)
    }

    /// The columns the steps after `from` can read before a step that fixes the columns
    /// (group, aggregate, a plain select, distinct with keys, plot); nil when every column may
    /// reach the result (no such step, or a select pattern that could match any name).
    static func columnsNeeded(after steps: [Step]) -> Set<String>? {
        var names = Set<String>()
        for step in steps.dropFirst() {
            switch step {
            case .from: return nil
            case .filter(let e): names.formUnion(e.columnNames)
            case .derive(let assignments): for a in assignments { names.formUnion(a.expr.columnNames) }
            case .sort(let items): names.formUnion(items.map(\.name))
            case .take: break
            case .join(_, _, let key): if let key { names.insert(key.name) }
            case .distinct(let keys):
                guard !keys.isEmpty else { return nil }
                return names.union(keys.map(\.name))
            case .group(let keys, let aggregates):
                return names.union(keys.map(\.name)).union(aggregates.flatMap { $0.expr.columnNames })
            case .aggregate(let aggregates): return names.union(aggregates.flatMap { $0.expr.columnNames })
            case .select(let items):
                var selected = names
                for item in items {
                    guard case .column(let name, _, _) = item, !name.contains("*") else { return nil }
                    selected.insert(name)
                }
                return selected
            case .plot(_, let arguments, _): return names.union(arguments.compactMap(\.identifier))
            }
        }
        return nil
    }

    /// Keeps only the columns that the steps after `index` read, so that later steps (a
    /// filter's gather above all) move 2 columns, not 122. Identifiers (`SK_ID_*`) and
    /// columns shared with a table joined later stay, as one of them may be the join key.
    /// Nothing is dropped when every column may reach the result, or when a later step names
    /// a column that is not there: that step then reports it, suggesting from every column
    /// (names derived later, `derive x = …`, are simply not found here).
    private mutating func prune(steps: [Step], after index: Int) {
        let rest = Array(steps[index...])
        guard let needed = Self.columnsNeeded(after: rest) else { return }
        let joined = joinedColumns(rest)
        let known = Self.derivedNames(rest).union(joined)
        guard needed.allSatisfy({ table[$0] != nil || known.contains($0) }) else { return }
        let joins = rest.contains { if case .join = $0 { true } else { false } }
        var kept = table.names.filter { needed.contains($0) || (joins && ($0.hasPrefix("SK_ID_") || joined.contains($0))) }
        // A table without columns would lose its row count (`aggregate n = count()`).
        if kept.isEmpty, let first = table.names.first { kept = [first] }
        if kept.count < table.columns.count { table = try! table.selecting(kept) }
    }

    /// The columns of the tables joined later in the pipeline.
    private func joinedColumns(_ steps: [Step]) -> Set<String> {
        var names = Set<String>()
        for case .join(let ref, _, _) in steps { if let t = try? engine.table(ref) { names.formUnion(t.names) } }
        return names
    }

    /// Names that steps create (derive, group, aggregate outputs, select renames).
    static func derivedNames(_ steps: [Step]) -> Set<String> {
        var names = Set<String>()
        for step in steps {
            switch step {
            case .derive(let a), .aggregate(let a): names.formUnion(a.map(\.name))
            case .group(_, let a): names.formUnion(a.map(\.name))
            case .select(let items):
                for case .column(_, let rename?, _) in items { names.insert(rename) }
            default: break
            }
        }
        return names
    }

    private func isFrom(_ step: Step) -> Bool {
        if case .from = step { return true }
        return false
    }

    private func unknownColumn(_ name: String, _ span: SourceSpan) -> QueryError {
        QueryError("unknown column '\(name)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: name, in: table.names)), at: span)
    }

    /// Names, patterns (`AMT_*`), renames (`credit = AMT_CREDIT`) and exclusions (`-FLAG_*`).
    private func select(_ items: [SelectItem]) throws(QueryError) -> Table {
        var names: [String] = []
        var sources: [String] = []
        let onlyExclusions = items.allSatisfy { if case .exclude = $0 { true } else { false } }
        if onlyExclusions { names = table.names; sources = table.names }
        for item in items {
            switch item {
            case .column(let pattern, let rename, let span):
                let matches = Self.matching(pattern, in: table.names)
                guard !matches.isEmpty else { throw unknownColumn(pattern, span) }
                for m in matches where !names.contains(rename ?? m) {
                    names.append(rename ?? m)
                    sources.append(m)
                }
            case .exclude(let pattern, let span):
                let matches = Self.matching(pattern, in: table.names)
                guard !matches.isEmpty else { throw unknownColumn(pattern, span) }
                for m in matches {
                    if let i = sources.firstIndex(of: m) { names.remove(at: i); sources.remove(at: i) }
                }
            }
        }
        return try! Table(names: names, columns: sources.map { table[$0]! })
    }

    /// Column names matching a pattern where `*` stands for any run of characters.
    static func matching(_ pattern: String, in names: [String]) -> [String] {
        guard pattern.contains("*") else { return names.contains(pattern) ? [pattern] : [] }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        return names.filter { name in
            guard name.hasPrefix(parts.first!), name.hasSuffix(parts.last!), name.count >= parts.first!.count + parts.last!.count else { return false }
            var rest = Substring(name.dropFirst(parts.first!.count).dropLast(parts.last!.count))
            for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
                guard let r = rest.range(of: middle) else { return false }
                rest = rest[r.upperBound...]
            }
            return true
        }
    }

    private mutating func group(_ keys: [NameRef], _ aggregates: [Assignment]) throws(QueryError) -> Table {
        for key in keys where table[key.name] == nil { throw unknownColumn(key.name, key.span) }
        let grouping = keys.isEmpty ? Grouping.single(rowCount: table.rowCount)
            : Grouping(keys: keys.map { table[$0.name]! }, rowCount: table.rowCount)
        var names = keys.map(\.name)
        var columns = keys.map { table[$0.name]!.gather(grouping.firstRow) }
        for a in aggregates {
            var evaluator = ExpressionEvaluator(table: table, grouping: grouping, keys: names)
            let column = try evaluator.evaluate(a.expr).column(count: grouping.groupCount)
            warnings += evaluator.warnings
            if let i = names.firstIndex(of: a.name) { columns[i] = column } else { names.append(a.name); columns.append(column) }
        }
        return try! Table(names: names, columns: columns)
    }

    private mutating func join(_ ref: NameRef, _ kind: JoinKind, _ key: NameRef?, lastJoin: Bool, derived: Set<String>) throws(QueryError) -> Table {
        var right = try engine.table(ref)
        var keyName = key?.name
        if keyName == nil, let origin { keyName = engine.joinKey(origin, ref.name) }
        if keyName == nil {
            // One shared identifier (SK_ID_*), or else the only shared column.
            let shared = table.names.filter { right.names.contains($0) }
            let identifiers = shared.filter { $0.hasPrefix("SK_ID_") }
            if identifiers.count == 1 { keyName = identifiers[0] } else if shared.count == 1 { keyName = shared[0] }
        }
        guard let keyName else {
            throw QueryError("which column joins these tables?", at: ref.span, help: "join \(ref.name) on SK_ID_CURR")
        }
        let span = key?.span ?? ref.span
        guard table[keyName] != nil else { throw unknownColumn(keyName, span) }
        guard right[keyName] != nil else { throw QueryError("'\(ref.name)' has no column '\(keyName)'", at: span) }
        // The key column is not gathered when nothing after the last join reads it (a later
        // join may need it; an unknown name keeps it, so its error suggests from every column).
        var keepingKey = true
        if let needed, lastJoin, !needed.contains(keyName),
           needed.allSatisfy({ table[$0] != nil || right[$0] != nil || derived.contains($0) }) {
            keepingKey = false
        }
        if let needed { right = try! right.selecting(right.names.filter { needed.contains($0) || $0 == keyName }) }
        do {
            let (joined, report) = try table.join(right, on: keyName, kind: kind, keepingKey: keepingKey)
            if let warning = report.warning { warnings.append(warning) }
            if report.unmatchedLeftRows > 0 {
                warnings.append("\(report.unmatchedLeftRows) rows found no match in \(ref.name)\(kind == .inner ? " and were dropped" : "")")
            }
            return joined
        } catch {
            throw QueryError(error.description, at: span)
        }
    }
}
