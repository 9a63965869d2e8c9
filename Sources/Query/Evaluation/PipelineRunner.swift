import Tables

/// Runs the steps of one pipeline, each on the previous step's table.
struct PipelineRunner {
    let engine: QueryEngine
    private var table = Table.empty
    /// The table the pipeline started from, to find join keys.
    private var origin: String?
    private var warnings: [String] = []

    init(engine: QueryEngine) { self.engine = engine }

    mutating func run(_ pipeline: Pipeline) throws(QueryError) -> QueryResult {
        var plot: PlotRequest?
        for (index, step) in pipeline.steps.enumerated() {
            if index == 0, !isFrom(step) {
                throw QueryError("a pipeline starts with `from <table>`", at: pipeline.span, help: "from application_train | filter AMT_CREDIT > 500000")
            }
            if plot != nil { throw QueryError("`plot` must be the last step", at: pipeline.span) }
            switch step {
            case .from(let ref):
                table = try engine.table(ref)
                origin = ref.name
            case .filter(let e):
                var evaluator = ExpressionEvaluator(table: table)
                let condition = try evaluator.evaluate(e)
                warnings += evaluator.warnings
                guard let (values, validity) = condition.bools(count: table.rowCount) else {
                    throw QueryError("`filter` needs a condition, found \(condition.typeName)", at: e.span, help: "filter AMT_CREDIT > 500000")
                }
                // A missing condition keeps no row, as in SQL's WHERE.
                let mask = values.indices.map { values[$0] && (validity?[$0] ?? true) }
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
                table = try! table.sorted(by: items.map { SortKey($0.name, descending: $0.descending) })
            case .take(let start, let count, _):
                let lower = min(start, table.rowCount)
                table = table.gather(Array(lower..<min(lower + count, table.rowCount)))
            case .distinct(let keys):
                for key in keys where table[key.name] == nil { throw unknownColumn(key.name, key.span) }
                let names = keys.isEmpty ? table.names : keys.map(\.name)
                let grouping = Grouping(keys: names.map { table[$0]! }, rowCount: table.rowCount)
                table = try! table.selecting(names).gather(grouping.firstRow)
            case .join(let ref, let kind, let key): table = try join(ref, kind, key)
            case .plot(let kind, let arguments, let span):
                plot = PlotRequest(kind: kind, arguments: arguments, span: span)
            }
        }
        for (name, column) in zip(table.names, table.columns) where table.rowCount > 0 && column.missingCount == table.rowCount {
            warnings.append("column '\(name)' is missing in every row")
        }
        return QueryResult(table: table, warnings: warnings, plot: plot, boundName: nil)
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

    private mutating func join(_ ref: NameRef, _ kind: JoinKind, _ key: NameRef?) throws(QueryError) -> Table {
        let right = try engine.table(ref)
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
        do {
            let (joined, report) = try table.join(right, on: keyName, kind: kind)
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
