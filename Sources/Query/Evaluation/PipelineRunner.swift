import Tables

/// Runs the steps of one pipeline, each on the previous step's table.
struct PipelineRunner {
    let engine: QueryEngine
    private var table = Table.empty
    /// The tables the pipeline read so far (`from`, then each join), to find join keys.
    private var sources: [String] = []
    private var warnings: [String] = []

    init(engine: QueryEngine) { self.engine = engine }

    mutating func run(_ pipeline: Pipeline) throws(QueryError) -> QueryResult {
        var plot: PlotRequest?
        let steps = pipeline.steps
        let liveness = ColumnLiveness(steps) { [engine] name in try? engine.table(NameRef(name: name, span: pipeline.span)).names }
        var skipNext = false
        for (index, step) in steps.enumerated() {
            if skipNext { skipNext = false; continue }
            if index == 0, !isFrom(step) {
                throw QueryError("a pipeline starts with `from <table>`", at: pipeline.span, help: "from application_train | filter AMT_CREDIT > 500000")
            }
            if plot != nil { throw QueryError("`plot` must be the last step", at: pipeline.span) }
            if Cancellation.isRequested { throw QueryError.cancelled }
            let later = liveness.needed[index + 1]
            switch step {
            case .from(let ref):
                table = try engine.table(ref)
                sources = [ref.name]
                prune(to: later, steps: steps[(index + 1)...])
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
                prune(to: later, steps: steps[(index + 1)...])
                table = table.filter(mask)
            case .select(let items): table = try select(items)
            case .derive(let assignments):
                for a in assignments {
                    let column = try evaluate(a.expr)
                    // The evaluator (and its reference to the table) is gone by now, so the
                    // column is added in place rather than into a copy of every column.
                    try Self.attempt(a.span) { () throws(TableError) in try table.set(a.name, column) }
                }
            case .group(let keys, let aggregates): table = try group(keys, aggregates)
            case .aggregate(let aggregates): table = try group([], aggregates)
            case .sort(let items):
                for item in items where table[item.name] == nil { throw unknownColumn(item.name, item.span) }
                let keys = items.map { SortKey($0.name, descending: $0.descending) }
                let span = items[0].span.merged(with: items[items.count - 1].span)
                if index + 1 < steps.count, case .take(let start, let count, _) = steps[index + 1] {
                    // sort then take: only the first rows of the order are needed.
                    let limit = min(start + min(count, table.rowCount), table.rowCount)
                    let order = try Self.attempt(span) { () throws(TableError) in try table.sortPermutation(by: keys, limit: limit) }
                    table = table.gather(Array(order.dropFirst(min(start, order.count))))
                    skipNext = true
                } else {
                    table = try Self.attempt(span) { () throws(TableError) in try table.sorted(by: keys) }
                }
            case .take(let start, let count, _):
                let lower = min(start, table.rowCount)
                table = table.gather(Array(lower..<(lower + min(count, table.rowCount - lower))))
            case .distinct(let keys):
                for key in keys where table[key.name] == nil { throw unknownColumn(key.name, key.span) }
                let names = keys.isEmpty ? table.names : keys.map(\.name)
                let grouping = Grouping(keys: names.map { table[$0]! }, rowCount: table.rowCount)
                table = try Self.attempt(keys.first?.span ?? pipeline.span) { () throws(TableError) in try table.selecting(names).gather(grouping.firstRow) }
            case .join(let ref, let kind, let key):
                table = try join(ref, kind, key, later: later)
            case .plot(let kind, let arguments, let span):
                plot = PlotRequest(kind: kind, arguments: arguments, span: span)
            }
        }
        // A few rows taken from a table often miss a sparse column: only whole results warn.
        let sampled = steps.contains { if case .take = $0 { true } else { false } }
        for (name, column) in zip(table.names, table.columns) where !sampled && table.rowCount > 0 && column.missingCount == table.rowCount {
            warnings.append("column '\(name)' is missing in every row")
        }
        return QueryResult(table: table, warnings: warnings, plot: plot, boundName: nil)
    }

    /// One expression over the current table, as a column.
    private mutating func evaluate(_ e: Expr) throws(QueryError) -> Column {
        var evaluator = ExpressionEvaluator(table: table)
        let column = try evaluator.evaluate(e).column(count: table.rowCount)
        warnings += evaluator.warnings
        return column
    }

    /// A table operation on input the user wrote: its error points at `span`, never a trap.
    private static func attempt<T>(_ span: SourceSpan, _ body: () throws(TableError) -> T) throws(QueryError) -> T {
        do { return try body() } catch { throw QueryError(error.description, at: span) }
    }

    /// Keeps only the columns that later steps need (see ``ColumnLiveness``). Nothing is
    /// dropped when a later step names a column that neither this table nor a table joined
    /// later has: that step then reports it, suggesting from every column.
    private mutating func prune(to needed: Set<String>?, steps rest: ArraySlice<Step>) {
        guard let needed else { return }
        var joinable = Set<String>()
        for case .join(let ref, _, _) in rest {
            for name in (try? engine.table(ref).names) ?? [] {
                joinable.insert(name)
                joinable.insert(name + ColumnLiveness.rightSuffix)
            }
        }
        guard needed.allSatisfy({ table[$0] != nil || joinable.contains($0) }) else { return }
        var kept = table.names.filter { needed.contains($0) }
        // A table without columns would lose its row count (`aggregate n = count()`).
        if kept.isEmpty, let first = table.names.first { kept = [first] }
        if kept.count < table.columns.count, let trimmed = try? table.selecting(kept) { table = trimmed }
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
                let matches = ColumnPattern.matching(pattern, in: table.names)
                guard !matches.isEmpty else { throw unknownColumn(pattern, span) }
                for m in matches where !names.contains(rename ?? m) {
                    names.append(rename ?? m)
                    sources.append(m)
                }
            case .exclude(let pattern, let span):
                let matches = ColumnPattern.matching(pattern, in: table.names)
                guard !matches.isEmpty else { throw unknownColumn(pattern, span) }
                for m in matches {
                    if let i = sources.firstIndex(of: m) { names.remove(at: i); sources.remove(at: i) }
                }
            }
        }
        return try Self.attempt(items[0].span) { () throws(TableError) in try Table(names: names, columns: sources.map { table[$0]! }) }
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
        return try Self.attempt(keys.first?.span ?? aggregates[0].span) { () throws(TableError) in
            try Table(names: names, columns: columns)
        }
    }

    /// `join t [on key]`. Without `on`, the key is the relation's key between the new table
    /// and the most recent table read that has one, or else the only identifier (`SK_ID_*`) or
    /// the only column both sides have; a suggestion names only columns both sides have.
    private mutating func join(_ ref: NameRef, _ kind: JoinKind, _ key: NameRef?, later: Set<String>?) throws(QueryError) -> Table {
        var right = try engine.table(ref)
        let keyName: String
        if let key { keyName = key.name } else { keyName = try inferredKey(right, ref) }
        let span = key?.span ?? ref.span
        guard table[keyName] != nil else { throw unknownColumn(keyName, span) }
        guard right[keyName] != nil else { throw QueryError("'\(ref.name)' has no column '\(keyName)'", at: span) }
        sources.append(ref.name)
        // Right columns no later step reads are left out, by the name they will have after
        // the join; the key is kept only when something after the join reads it.
        let keepingKey = later?.contains(keyName) ?? true
        if let later {
            let leftNames = Set(table.names)
            let wanted = right.names.filter { $0 == keyName || later.contains(leftNames.contains($0) ? $0 + ColumnLiveness.rightSuffix : $0) }
            right = try Self.attempt(span) { () throws(TableError) in try right.selecting(wanted) }
        }
        do {
            let (joined, report) = try table.join(right, on: keyName, kind: kind, suffix: ColumnLiveness.rightSuffix, keepingKey: keepingKey)
            if let warning = report.warning { warnings.append(warning) }
            if report.unmatchedLeftRows > 0 {
                warnings.append("\(report.unmatchedLeftRows) rows found no match in \(ref.name)\(kind == .inner ? " and were dropped" : "")")
            }
            return joined
        } catch {
            throw QueryError(error.description, at: span)
        }
    }

    private func inferredKey(_ right: Table, _ ref: NameRef) throws(QueryError) -> String {
        let shared = table.names.filter { right[$0] != nil }
        for source in sources.reversed() {
            if let key = engine.joinKey(source, ref.name), shared.contains(key) { return key }
        }
        let identifiers = shared.filter { $0.hasPrefix("SK_ID_") }
        if identifiers.count == 1 { return identifiers[0] }
        if identifiers.isEmpty, shared.count == 1 { return shared[0] }
        guard let candidate = identifiers.first ?? shared.first else {
            throw QueryError("'\(ref.name)' has no column in common with the table so far: nothing to join on", at: ref.span,
                             help: "derive or select a key column that both tables have, then `join \(ref.name) on <key>`")
        }
        let listed = (identifiers.isEmpty ? shared : identifiers).prefix(5).joined(separator: ", ")
        throw QueryError("which column joins these tables? both have \(listed)", at: ref.span, help: "join \(ref.name) on \(candidate)")
    }
}
