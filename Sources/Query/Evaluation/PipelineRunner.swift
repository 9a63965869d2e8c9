import Dispatch
import Tables

/// Runs the steps of one pipeline, each on the previous step's table.
struct PipelineRunner {
    let engine: QueryEngine
    private var table = Table.empty
    /// The tables the pipeline read so far (`from`, then each join), to find join keys.
    private var sources: [String] = []
    private var warnings: [String] = []
    /// The statement's text, to quote expressions in lineage.
    private let text: [Character]
    /// Where each current column comes from, and where the rows come from (for `count()`).
    private var lineage: [String: ColumnLineage] = [:]
    private var rowLineage = ColumnLineage(table: "", column: "")
    /// Identifies this pipeline's state-dependent steps: `name:step:column`.
    private let stateKey: String
    /// Off when only values matter (one client's features, recomputed many times).
    private let tracksLineage: Bool
    /// One-hot levels this run chose (or replayed), by state key.
    private(set) var levels: [String: [String]] = [:]
    /// Tables handed over by name, each read once by this pipeline and by nothing after it
    /// (see ``QueryEngine/run(_:text:consuming:)``): read from here, they are freed as used.
    private var inputs: [String: Table]

    init(engine: QueryEngine, text: String = "", name: String? = nil, inputs: consuming [String: Table] = [:]) {
        self.engine = engine
        self.inputs = inputs
        self.text = Array(text)
        stateKey = name ?? "_"
        tracksLineage = engine.tracksLineage
    }

    mutating func run(_ pipeline: Pipeline) throws(QueryError) -> QueryResult {
        var plot: PlotRequest?
        let steps = pipeline.steps
        let handed = inputs.mapValues(\.names)  // names only: a copy of `inputs` would keep its tables alive
        let liveness = ColumnLiveness(steps) { [engine] name in handed[name] ?? (try? engine.table(NameRef(name: name, span: pipeline.span)).names) }
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
                table = try take(ref)
                sources = [ref.name]
                lineage = tracksLineage ? engine.lineage(of: ref.name, table) : [:]
                rowLineage = ColumnLineage(table: ref.name, column: "")
                rowLineage.columns = []
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
                let written = quote(e.span)
                if tracksLineage { for name in table.names where lineage[name] != nil { lineage[name]!.filters.append(written) } }
                rowLineage.filters.append(written)
            case .select(let items): table = try select(items)
            case .derive(let assignments):
                for a in assignments {
                    // A column cleaned in place (`DAYS_EMPLOYED = nullif(DAYS_EMPLOYED, 365243)`)
                    // still means what it meant.
                    if tracksLineage && (a.expr.columnNames != [a.name] || lineage[a.name] == nil) { lineage[a.name] = derived(a.expr) }
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
                let before = tracksLineage ? Set(table.names) : []
                table = try join(ref, kind, key, later: later)
                let right = tracksLineage ? engine.lineage(of: ref.name, peek(ref) ?? .empty) : [:]
                for name in table.names where tracksLineage && !before.contains(name) {
                    let plain = name.hasSuffix(ColumnLiveness.rightSuffix) && right[name] == nil ? String(name.dropLast(ColumnLiveness.rightSuffix.count)) : name
                    lineage[name] = right[plain]
                }
            case .onehot(let columns, let missing, let span):
                table = try onehot(columns, missing: missing, step: index, span)
            case .prefix(let prefix, let span):
                let names = table.names.map { $0.hasPrefix("SK_ID_") ? $0 : prefix + $0 }
                for (old, new) in zip(table.names, names) where old != new { lineage[new] = lineage.removeValue(forKey: old) }
                table = try Self.attempt(span) { () throws(TableError) in try Table(names: names, columns: table.columns) }
            case .append(let ref):
                let other = try take(ref)
                table = try Self.attempt(ref.span) { () throws(TableError) in try Table.concatenate([table, other]) }
                for (name, l) in (tracksLineage ? engine.lineage(of: ref.name, other) : [:]) where lineage[name] != nil {
                    for t in l.tables where !lineage[name]!.tables.contains(t) { lineage[name]!.tables.append(t) }
                }
            case .plot(let kind, let arguments, let span):
                plot = PlotRequest(kind: kind, arguments: arguments, span: span)
            }
        }
        // A few rows taken from a table often miss a sparse column: only whole results warn.
        let sampled = steps.contains { if case .take = $0 { true } else { false } }
        for (name, column) in zip(table.names, table.columns) where !sampled && table.rowCount > 0 && column.missingCount == table.rowCount {
            warnings.append("column '\(name)' is missing in every row")
        }
        let kept = Set(table.names)
        lineage = lineage.filter { kept.contains($0.key) }
        return QueryResult(table: table, warnings: warnings, plot: plot, boundName: nil, lineage: lineage)
    }

    /// The statement's text under a span.
    private func quote(_ span: SourceSpan) -> String {
        guard span.start < span.end, span.end <= text.count else { return "" }
        return String(text[span.start..<span.end])
    }

    /// The lineage of a value computed from columns: a plain column keeps its own.
    private func derived(_ e: Expr) -> ColumnLineage {
        if case .column(let name) = e.kind, let l = lineage[name] { return l }
        var out = rowLineage
        out.columns = []
        out.expression = quote(e.span)
        for name in e.orderedColumnNames {
            guard let l = lineage[name] else { continue }
            for t in l.tables where !out.tables.contains(t) { out.tables.append(t) }
            for c in l.columns where !out.columns.contains(c) { out.columns.append(c) }
            if l.summaries.count > out.summaries.count { out.summaries = l.summaries }
        }
        return out
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
            for name in peek(ref)?.names ?? [] {
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

    private mutating func group(_ keys: [NameRef], _ items: [AggregateItem]) throws(QueryError) -> Table {
        for key in keys where table[key.name] == nil { throw unknownColumn(key.name, key.span) }
        let aggregates = try expand(items, keys: keys.map(\.name))
        let grouping = keys.isEmpty ? Grouping.single(rowCount: table.rowCount)
            : Grouping(keys: keys.map { table[$0.name]! }, rowCount: table.rowCount)
        var names = keys.map(\.name)
        var columns = keys.map { table[$0.name]!.gather(grouping.firstRow) }
        var summarised: [String: ColumnLineage] = [:]
        for key in names { summarised[key] = lineage[key] }
        let keyNames = names
        // `mean(X)` of a stored column (what `across` writes): straight to the kernel, no
        // expression machinery; a recipe's group step runs hundreds of these per client. On a
        // large table they run on both cores, each on its own, their results kept in order.
        let kernels = aggregates.map { plainKernel($0.expr) }
        let threads = table.rowCount * kernels.count(where: { $0 != nil }) >= 1 << 22 ? 2 : 1
        let results = Parallel.map(kernels.count, threads: threads) { [grouping] k -> Result<Column, TableError>? in
            guard let (column, kind) = kernels[k] else { return nil }
            do throws(TableError) { return .success(try column.aggregate(kind, by: grouping)) } catch { return .failure(error) }
        }
        for (index, a) in aggregates.enumerated() {
            // The keys are the step's own, not the aggregates named before this one.
            if tracksLineage { summarised[a.name] = summaryLineage(a.expr, keys: keyNames) }
            if let outcome = results[index] {
                let result = try Self.attempt(a.span) { () throws(TableError) in try outcome.get() }
                if let i = names.firstIndex(of: a.name) { columns[i] = result } else { names.append(a.name); columns.append(result) }
                continue
            }
            var evaluator = ExpressionEvaluator(table: table, grouping: grouping, keys: names)
            let column = try evaluator.evaluate(a.expr).column(count: grouping.groupCount)
            warnings += evaluator.warnings
            if let i = names.firstIndex(of: a.name) { columns[i] = column } else { names.append(a.name); columns.append(column) }
        }
        lineage = summarised
        rowLineage.summaries.append(.init(function: "group", keys: keys.map(\.name)))
        return try Self.attempt(keys.first?.span ?? aggregates[0].span) { () throws(TableError) in
            try Table(names: names, columns: columns)
        }
    }

    /// The stored column and kernel of an aggregate that is one kernel call (`mean(X)`), or nil.
    private func plainKernel(_ expr: Expr) -> (Column, Aggregation)? {
        guard case .call(let function, let args) = expr.kind, args.count == 1, case .column(let c) = args[0].kind,
              let kind = Self.plainAggregations[function], let column = table[c],
              column.type != .category || !kind.needsNumbers, column.type != .int || kind != .sum else { return nil }
        return (column, kind)
    }

    /// `join t [on key]`. Without `on`, the key is the relation's key between the new table
    /// and the most recent table read that has one, or else the only identifier (`SK_ID_*`) or
    /// the only column both sides have; a suggestion names only columns both sides have.
    private mutating func join(_ ref: NameRef, _ kind: JoinKind, _ key: NameRef?, later: Set<String>?) throws(QueryError) -> Table {
        var right = try take(ref)
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
            let (joined, report) = try table.join(consume right, on: keyName, kind: kind, suffix: ColumnLiveness.rightSuffix, keepingKey: keepingKey)
            if let warning = report.warning { warnings.append(warning) }
            if report.unmatchedLeftRows > 0 {
                warnings.append("\(report.unmatchedLeftRows) rows found no match in \(ref.name)\(kind == .inner ? " and were dropped" : "")")
            }
            return joined
        } catch {
            throw QueryError(error.description, at: span)
        }
    }

    /// A table the pipeline reads: handed over (then no longer held here), or the engine's.
    private mutating func take(_ ref: NameRef) throws(QueryError) -> Table {
        if let table = inputs.removeValue(forKey: ref.name) { return table }
        return try engine.table(ref)
    }

    /// A table's columns, for looking ahead, without taking it.
    private func peek(_ ref: NameRef) -> Table? {
        inputs[ref.name] ?? (try? engine.table(ref))
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

    // MARK: across, one-hot

    /// The aggregates of a step with each `across` spelt out, in order: for each column, each
    /// function (pandas' `agg` order). Patterns skip the group keys and `SK_ID_*` identifiers.
    /// The functions `across` applies: aggregates of one column, and `size`.
    static let acrossFunctions = Set(ExpressionEvaluator.functions.filter(\.isAggregate).map(\.name) + ["size"]).subtracting(["quantile", "share"])

    private func expand(_ items: [AggregateItem], keys: [String]) throws(QueryError) -> [Assignment] {
        var out: [Assignment] = []
        for item in items {
            switch item {
            case .named(let a): out.append(a)
            case .across(let across):
                var columns: [String] = [], listed = Set<String>()
                for ref in across.columns {
                    let matches = ref.name.contains("*")
                        ? ColumnPattern.matching(ref.name, in: table.names).filter { !keys.contains($0) && !$0.hasPrefix("SK_ID_") }
                        : (table[ref.name] == nil ? [] : [ref.name])
                    guard !matches.isEmpty else {
                        if ref.name.contains("*") { throw QueryError("no column matches '\(ref.name)' here", at: ref.span) }
                        throw unknownColumn(ref.name, ref.span)
                    }
                    for name in matches where listed.insert(name).inserted { columns.append(name) }
                }
                for f in across.functions where !Self.acrossFunctions.contains(f.name) {
                    let aggregates = Array(Self.acrossFunctions).sorted()
                    throw QueryError("`across` applies aggregates of one column; '\(f.name)' is not one" + NameSuggester.didYouMean(NameSuggester.nearest(to: f.name, in: aggregates)),
                                     at: f.span, help: "across(AMT_*, (min, max, mean, sum, var, size))")
                }
                for column in columns {
                    for f in across.functions {
                        // `size` counts rows, missing or not (pandas' size); `count` counts values.
                        let call = f.name == "size" ? Expr(.call("count", []), f.span) : Expr(.call(f.name, [Expr(.column(column), across.span)]), across.span)
                        out.append(Assignment(name: across.name(column: column, function: f.name), expr: call, span: across.span))
                    }
                }
            }
        }
        var seen = Set(keys)
        for a in out where !seen.insert(a.name).inserted {
            throw QueryError("'\(a.name)' is named twice in this step", at: a.span, help: "give across a naming template: across(…, '{col}_{FN}_2')")
        }
        return out
    }

    /// The lineage of an aggregate: what it reads, then the summary on top.
    private func summaryLineage(_ e: Expr, keys: [String]) -> ColumnLineage {
        var function = "value"
        var inner = e
        if case .call(let name, let args) = e.kind, ExpressionEvaluator.functionsByName[name]?.isAggregate == true {
            function = args.isEmpty ? "size" : name
            inner = args.first ?? e
        }
        var out = args(of: inner).isEmpty && function == "size" ? rowLineage : derived(inner)
        if function == "size" { out.columns = []; out.level = nil; out.isMissingIndicator = false; out.expression = nil }
        out.summaries.append(.init(function: function, keys: keys))
        return out
    }

    private func args(of e: Expr) -> [Expr] {
        if case .call(_, let a) = e.kind { return a }
        return [e]
    }

    /// `onehot COLUMNS [with missing]`: one 0/1 integer column per level of each text column,
    /// in place of it, named `COLUMN_Level` with the level's spaces and punctuation made `_`.
    private mutating func onehot(_ refs: [NameRef], missing: Bool, step: Int, _ span: SourceSpan) throws(QueryError) -> Table {
        var targets: [String] = []
        for ref in refs {
            let matches = ref.name.contains("*")
                ? ColumnPattern.matching(ref.name, in: table.names).filter { table[$0]?.type == .category }
                : [ref.name]
            guard !matches.isEmpty else { throw QueryError("no text column matches '\(ref.name)'", at: ref.span) }
            for name in matches {
                guard let column = table[name] else { throw unknownColumn(name, ref.span) }
                guard column.type == .category else {
                    throw QueryError("onehot encodes text columns; '\(name)' holds \(column.type)", at: ref.span)
                }
                if !targets.contains(name) { targets.append(name) }
            }
        }
        var names: [String] = []
        var columns: [Column] = []
        let encoded = Set(targets)
        var used = Set(table.names)
        for (name, column) in zip(table.names, table.columns) {
            guard encoded.contains(name) else { names.append(name); columns.append(column); continue }
            guard case .category(let codes, let all) = column.storage else { continue }
            let valid = column.validity
            let key = "\(stateKey):\(step):\(name)"
            // The levels present, sorted (as get_dummies), unless a build froze them.
            let levels: [String]
            if let frozen = engine.frozenLevels[key] {
                levels = frozen
            } else {
                var seen = [Bool](repeating: false, count: all.count)
                for i in 0..<codes.count where valid?[i] ?? true { seen[Int(codes[i])] = true }
                levels = all.indices.filter { seen[$0] }.map { all[$0] }.sorted()
            }
            self.levels[key] = levels
            let source = lineage[name] ?? ColumnLineage(table: sources.first ?? "", column: name)
            var codeOf: [String: Int32] = [:]
            for (k, level) in all.enumerated() { codeOf[level] = Int32(k) }
            // Missing rows get code -1 once; each indicator is then one compare per row.
            var effective = codes
            if let valid { for i in 0..<effective.count where !valid[i] { effective[i] = -1 } }
            let wanted = levels.map { codeOf[$0] ?? -2 } + (missing ? [-1] : [])
            let indicators = Self.indicators(effective, codes: wanted)
            for (k, level) in (levels.map(Optional.some) + (missing ? [nil] : [])).enumerated() {
                let values = indicators[k]
                var dummy = "\(name)_" + (level.map(Self.nameSafe) ?? "nan")
                while used.contains(dummy) { dummy += "_\(k)" }
                used.insert(dummy)
                names.append(dummy)
                columns.append(Column(.int8(values)))
                var l = source
                l.level = level
                l.isMissingIndicator = level == nil
                lineage[dummy] = l
            }
            lineage[name] = nil
        }
        return try Self.attempt(span) { () throws(TableError) in try Table(names: names, columns: columns) }
    }

    /// One 0/1 column per wanted code, a byte a row, both cores sharing the codes on a large table.
    private static func indicators(_ codes: [Int32], codes wanted: [Int32]) -> [[Int8]] {
        let make: @Sendable (Int) -> [Int8] = { k in
            let code = wanted[k]
            return [Int8](unsafeUninitializedCapacity: codes.count) { out, count in
                codes.withUnsafeBufferPointer { c in for i in 0..<c.count { out[i] = c[i] == code ? 1 : 0 } }
                count = codes.count
            }
        }
        guard codes.count >= 100_000, wanted.count >= 2 else { return wanted.indices.map(make) }
        // Each worker initialises only its own slot of a buffer that outlives the loop.
        let slots = UnsafeMutableBufferPointer<[Int8]>.allocate(capacity: wanted.count)
        defer { slots.deallocate() }
        nonisolated(unsafe) let out = slots
        DispatchQueue.concurrentPerform(iterations: wanted.count) { k in (out.baseAddress! + k).initialize(to: make(k)) }
        return Array(slots.indices.map { (slots.baseAddress! + $0).move() })
    }

    /// The aggregates that are one kernel call on a stored column (integer sums are left to
    /// the evaluator, which warns when they overflow).
    private static let plainAggregations: [String: Aggregation] = [
        "mean": .mean, "avg": .mean, "min": .min, "max": .max, "var": .variance, "std": .std,
        "median": .median, "nunique": .nunique, "first": .first, "last": .last, "sum": .sum,
    ]

    /// A level as part of a column name: letters, digits and `_`, runs of anything else one `_`.
    static func nameSafe(_ level: String) -> String {
        // ASCII levels (nearly all) byte by byte: one client's rebuild names every level of
        // every one-hot step, and Character's letter test is the slow part of that.
        if level.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(level.utf8.count)
            var gap = false
            for byte in level.utf8 {
                let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                if alphanumeric {
                    if gap && !out.isEmpty { out.append(0x5F) }
                    out.append(byte)
                    gap = false
                } else {
                    gap = true
                }
            }
            return out.isEmpty ? "blank" : String(decoding: out, as: UTF8.self)
        }
        return nameSafeByCharacter(level)
    }

    /// The definition, character by character: letters and digits kept, each run of anything
    /// else one `_`, none at the ends.
    static func nameSafeByCharacter(_ level: String) -> String {
        var out = ""
        var gap = false
        for ch in level {
            if ch.isLetter || ch.isNumber {
                if gap && !out.isEmpty { out.append("_") }
                out.append(ch)
                gap = false
            } else {
                gap = true
            }
        }
        return out.isEmpty ? "blank" : out
    }
}
