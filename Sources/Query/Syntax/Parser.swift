import Tables

/// Parses statements: `let name = <pipeline>` or a pipeline of steps joined by `|` (or each
/// starting with its verb, so that one step per line reads naturally).
public struct Parser {
    private var tokens: [Token]
    private var position = 0
    /// Expressions being parsed inside one another right now.
    private var nesting = 0

    /// The verbs that start a step.
    public static let verbs = ["from", "filter", "select", "derive", "group", "aggregate", "sort", "take", "distinct", "join", "onehot", "prefix", "append", "plot"]

    public static func parse(_ text: String) throws(QueryError) -> Statement {
        var parser = Parser(tokens: try Lexer.tokens(text))
        let statement = try parser.statement()
        guard parser.current.kind == .end else {
            throw QueryError("unexpected \(parser.current.describe) here", at: parser.current.span,
                             help: "steps are joined with | or start with a verb: \(verbs.joined(separator: ", "))")
        }
        return statement
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[position] }
    private var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    private mutating func accept(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        guard current.isKeyword(word) else { return false }
        advance()
        return true
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(QueryError) {
        guard accept(symbol) else { throw QueryError("expected '\(symbol)' \(context), found \(current.describe)", at: current.span) }
    }

    private mutating func name(_ what: String) throws(QueryError) -> NameRef {
        guard let n = current.identifier else { throw QueryError("expected \(what), found \(current.describe)", at: current.span) }
        let span = advance().span
        return NameRef(name: n, span: span)
    }

    // MARK: Statements and steps

    private mutating func statement() throws(QueryError) -> Statement {
        if current.isKeyword("let") {
            let start = advance().span
            let target = try name("a name for the result")
            try expect("=", "after the name in `let \(target.name) = …`")
            let pipeline = try self.pipeline()
            return .bind(target.name, pipeline, start.merged(with: pipeline.span))
        }
        return .pipeline(try pipeline())
    }

    private mutating func pipeline() throws(QueryError) -> Pipeline {
        let start = current.span
        var steps: [Step] = []
        // A pipeline may start from a table or saved result without `from`: `bureau | take 5`.
        if let word = current.identifier, !Self.verbs.contains(word.lowercased()) {
            steps.append(.from(try name("a table")))
        }
        repeat {
            while accept("|") {}
            if current.kind == .end { break }
            steps.append(try step())
            steps += pending
            pending = []
        } while current.isSymbol("|") || isVerb(current)
        guard !steps.isEmpty else { throw QueryError("empty statement", at: current.span, help: "start with `from <table>`") }
        return Pipeline(steps: steps, span: start.merged(with: tokens[max(position - 1, 0)].span))
    }

    /// Steps a single written step stands for beyond the first (`join a, b`), added next.
    private var pending: [Step] = []

    private func isVerb(_ t: Token) -> Bool { t.identifier.map { Self.verbs.contains($0.lowercased()) } ?? false }

    private mutating func step() throws(QueryError) -> Step {
        guard let word = current.identifier?.lowercased(), Self.verbs.contains(word) else {
            let text = current.identifier ?? current.describe
            let suggestions = current.identifier.map { NameSuggester.nearest(to: $0, in: Self.verbs) } ?? []
            throw QueryError("unknown step \(current.identifier.map { "'\($0)'" } ?? text)" + NameSuggester.didYouMean(suggestions),
                             at: current.span, help: "the steps are \(Self.verbs.joined(separator: ", "))")
        }
        let verb = advance()
        switch word {
        case "from": return .from(try name("a table after `from`"))
        case "filter": return .filter(try expression())
        case "select":
            let items = try selectItems()
            try Self.requireDistinct(items.compactMap { item -> NameRef? in
                guard case .column(let name, let rename, let span) = item, rename != nil || !name.contains("*") else { return nil }
                return NameRef(name: rename ?? name, span: span)
            })
            return .select(items)
        case "derive": return .derive(try assignments(verb: "derive"))
        case "aggregate":
            let aggregates = try aggregateItems(verb: "aggregate")
            try Self.requireDistinct(Self.fixedNames(aggregates))
            return .aggregate(aggregates)
        case "group":
            var keys = [try name("a column to group by")]
            while accept(",") { keys.append(try name("a column to group by")) }
            guard current.isSymbol("(") || current.isSymbol("{") else {
                throw QueryError("expected the aggregates in parentheses after the group keys", at: current.span,
                                 help: "group NAME_CONTRACT_TYPE (n = count(), rate = mean(TARGET))")
            }
            let aggregates = try aggregateItems(verb: "group")
            try Self.requireDistinct(keys + Self.fixedNames(aggregates))
            return .group(keys: keys, aggregates: aggregates)
        case "sort":
            var items: [SortItem] = []
            let braced = accept("{")
            repeat {
                let descending = accept("-")
                if !descending { _ = accept("+") }
                let n = try name("a column to sort by")
                items.append(SortItem(name: n.name, descending: descending, span: n.span))
            } while accept(",")
            if braced { try expect("}", "to close the sort keys") }
            return .sort(items)
        case "take": return try take(verb.span)
        case "distinct":
            var keys: [NameRef] = []
            if current.identifier != nil && !isVerb(current) {
                keys.append(try name("a column"))
                while accept(",") { keys.append(try name("a column")) }
            }
            try Self.requireDistinct(keys)
            return .distinct(keys)
        case "join":
            var kind = JoinKind.left
            if acceptKeyword("inner") { kind = .inner } else { _ = acceptKeyword("left") }
            // `join a, b, c on K` joins each in turn: the steps that follow come after the last.
            var tables = [try name("a table to join")]
            while accept(",") { tables.append(try name("a table to join")) }
            var key: NameRef?
            if acceptKeyword("on") { key = try name("the key column after `on`") }
            pending = tables.dropFirst().map { .join(table: $0, kind: kind, key: key) }
            return .join(table: tables[0], kind: kind, key: key)
        case "onehot":
            var columns = [try pattern("a text column to encode")]
            while accept(",") { columns.append(try pattern("a text column to encode")) }
            var missing = false
            if acceptKeyword("with") {
                guard acceptKeyword("missing") else {
                    throw QueryError("expected `missing` after `with`", at: current.span, help: "onehot CREDIT_ACTIVE, CREDIT_TYPE with missing")
                }
                missing = true
            }
            return .onehot(columns: columns, missing: missing, verb.span.merged(with: tokens[position - 1].span))
        case "prefix":
            let text: String
            if case .string(let s) = current.kind { text = s; advance() } else { text = try name("the prefix, e.g. `prefix BURO_`").name }
            return .prefix(text, verb.span.merged(with: tokens[position - 1].span))
        case "append":
            return .append(try name("a table whose rows to append"))
        default:  // plot
            var arguments: [Token] = []
            while current.kind != .end && !current.isSymbol("|") { arguments.append(advance()) }
            guard let kind = arguments.first?.identifier else {
                throw QueryError("expected a plot kind after `plot`", at: current.span, help: "plot hist AMT_INCOME_TOTAL by TARGET")
            }
            return .plot(kind: kind, arguments: Array(arguments.dropFirst()), verb.span.merged(with: arguments.last!.span))
        }
    }

    private mutating func take(_ verbSpan: SourceSpan) throws(QueryError) -> Step {
        func integer(_ p: inout Parser) throws(QueryError) -> Int {
            guard case .number(let v, true) = p.current.kind, v >= 0, v < 1e15 else {
                if case .number(let v, true) = p.current.kind, v >= 1e15 {
                    throw QueryError("take counts rows up to 10^15; this number is larger", at: p.current.span, help: "take 10, or take 11..20")
                }
                throw QueryError("expected a whole number of rows, found \(p.current.describe)", at: p.current.span, help: "take 10, or take 11..20")
            }
            p.advance()
            return Int(v)
        }
        let start = current.span
        let first = try integer(&self)
        if accept("..") {
            let last = try integer(&self)
            guard first >= 1 && last >= first else {
                throw QueryError("a range of rows counts from 1 and ends after it starts", at: start.merged(with: tokens[position - 1].span))
            }
            return .take(start: first - 1, count: last - first + 1, verbSpan.merged(with: tokens[position - 1].span))
        }
        return .take(start: 0, count: first, verbSpan.merged(with: start))
    }

    private mutating func selectItems() throws(QueryError) -> [SelectItem] {
        var items: [SelectItem] = []
        let braced = accept("{")
        repeat {
            if accept("-") {
                let n = try name("a column to leave out")
                items.append(.exclude(n.name, n.span))
            } else {
                let first = try name("a column")
                if accept("=") {
                    let source = try name("the column to rename")
                    items.append(.column(source.name, rename: first.name, first.span.merged(with: source.span)))
                } else {
                    items.append(.column(first.name, rename: nil, first.span))
                }
            }
        } while accept(",")
        if braced { try expect("}", "to close the selection") }
        return items
    }

    /// Output columns are named once: the second use of a name is an error at that name
    /// (SQL would make two columns of one name, which no later step could tell apart).
    private static func requireDistinct(_ names: [NameRef]) throws(QueryError) {
        var seen = Set<String>()
        for ref in names where !seen.insert(ref.name).inserted {
            throw QueryError("'\(ref.name)' is named twice in this step", at: ref.span, help: "give each column its own name")
        }
    }

    /// A column name or pattern; `*` alone is every column.
    private mutating func pattern(_ what: String) throws(QueryError) -> NameRef {
        if current.isSymbol("*") { return NameRef(name: "*", span: advance().span) }
        return try name(what)
    }

    private static func fixedNames(_ items: [AggregateItem]) -> [NameRef] {
        items.compactMap { if case .named(let a) = $0 { NameRef(name: a.name, span: a.span) } else { nil } }
    }

    /// The aggregates of `group (…)` or `aggregate`: `name = expr` or `across(…)`, comma-separated.
    private mutating func aggregateItems(verb: String) throws(QueryError) -> [AggregateItem] {
        let close: String? = accept("(") ? ")" : (accept("{") ? "}" : nil)
        var out: [AggregateItem] = []
        repeat {
            if let close, current.isSymbol(close) { break }
            if current.isKeyword("across") && next.isSymbol("(") {
                out.append(.across(try across()))
            } else {
                out.append(.named(try assignment(verb: verb)))
            }
        } while accept(",")
        if let close { try expect(close, "to close the list") }
        guard !out.isEmpty else { throw QueryError("`\(verb)` needs at least one `name = aggregate`", at: current.span) }
        return out
    }

    /// `across(columns, functions[, 'template'])`, each list one item or several in parentheses.
    private mutating func across() throws(QueryError) -> Across {
        let start = advance().span
        try expect("(", "after `across`")
        func list(_ p: inout Parser, _ what: String) throws(QueryError) -> [NameRef] {
            guard p.accept("(") else { return [try p.pattern(what)] }
            var items = [try p.pattern(what)]
            while p.accept(",") { items.append(try p.pattern(what)) }
            try p.expect(")", "to close the list of \(what)s")
            return items
        }
        let columns = try list(&self, "column")
        try expect(",", "after the columns: across(columns, functions)")
        let functions = try list(&self, "function")
        var template = Across.defaultTemplate
        if accept(",") {
            guard case .string(let s) = current.kind else {
                throw QueryError("expected a naming template such as '{col}_{FN}', found \(current.describe)", at: current.span)
            }
            guard s.contains("{col}") else {
                throw QueryError("the naming template needs {col}, or every column would get one name", at: current.span)
            }
            template = s
            advance()
        }
        try expect(")", "to close `across(…)`")
        return Across(columns: columns, functions: functions, template: template, span: start.merged(with: tokens[position - 1].span))
    }

    private mutating func assignment(verb: String) throws(QueryError) -> Assignment {
        let target = try name("a name for the new column (`\(verb) name = …`)")
        guard accept("=") else {
            throw QueryError("expected '=' after '\(target.name)'", at: current.span, help: "\(verb) ratio = AMT_CREDIT / AMT_INCOME_TOTAL")
        }
        let e = try expression()
        return Assignment(name: target.name, expr: e, span: target.span.merged(with: e.span))
    }

    /// `name = expr, …`, optionally in parentheses or braces.
    private mutating func assignments(verb: String) throws(QueryError) -> [Assignment] {
        let close: String? = accept("(") ? ")" : (accept("{") ? "}" : nil)
        var out: [Assignment] = []
        repeat {
            if let close, current.isSymbol(close) { break }
            out.append(try assignment(verb: verb))
        } while accept(",")
        if let close { try expect(close, "to close the list") }
        guard !out.isEmpty else { throw QueryError("`\(verb)` needs at least one `name = expression`", at: current.span) }
        return out
    }

    // MARK: Expressions

    /// How deep expressions may nest (parentheses, calls, `-`/`not` chains) and how deep
    /// their trees may grow (a chain of 300 `+`): far beyond what anyone writes, well inside
    /// the stack that parsing and evaluating them recursively need.
    public static let maximumDepth = 200

    public mutating func expression() throws(QueryError) -> Expr {
        try enterNesting()
        defer { nesting -= 1 }
        let e = try orExpr()
        guard e.depth <= Self.maximumDepth else { throw tooDeep(e.span) }
        return e
    }

    /// Counts one level of recursion (an expression inside another, or a prefix `-`/`not`).
    private mutating func enterNesting() throws(QueryError) {
        nesting += 1
        if nesting > Self.maximumDepth {
            nesting -= 1
            throw tooDeep(current.span)
        }
    }

    /// `e`, unless chaining has made its tree deeper than the limit (checked as each link
    /// is added, so no deep tree is ever built).
    private func checked(_ e: Expr) throws(QueryError) -> Expr {
        guard e.depth <= Self.maximumDepth else { throw tooDeep(e.span) }
        return e
    }

    private func tooDeep(_ span: SourceSpan) -> QueryError {
        QueryError("this expression nests more than \(Self.maximumDepth) levels deep", at: span,
                   help: "split it into steps: derive a = …, then derive b = … a …")
    }

    private mutating func orExpr() throws(QueryError) -> Expr {
        var left = try andExpr()
        while acceptKeyword("or") {
            let right = try andExpr()
            left = try checked(Expr(.binary("or", left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    private mutating func andExpr() throws(QueryError) -> Expr {
        var left = try notExpr()
        while acceptKeyword("and") {
            let right = try notExpr()
            left = try checked(Expr(.binary("and", left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    private mutating func notExpr() throws(QueryError) -> Expr {
        if current.isKeyword("not") {
            let start = advance().span
            try enterNesting()
            defer { nesting -= 1 }
            let inner = try notExpr()
            return Expr(.unary("not", inner), start.merged(with: inner.span))
        }
        return try comparison()
    }

    private mutating func comparison() throws(QueryError) -> Expr {
        let left = try additive()
        for op in ["==", "=", "!=", "<=", ">=", "<", ">"] where current.isSymbol(op) {
            advance()
            let right = try additive()
            return Expr(.binary(op == "=" ? "==" : op, left, right), left.span.merged(with: right.span))
        }
        if current.isKeyword("not") && next.isKeyword("in") {
            advance(); advance()
            return try inList(left, negated: true)
        }
        if acceptKeyword("in") { return try inList(left, negated: false) }
        if acceptKeyword("between") {
            let low = try additive()
            guard acceptKeyword("and") else { throw QueryError("expected `and` in `between … and …`", at: current.span) }
            let high = try additive()
            return Expr(.between(left, low, high), left.span.merged(with: high.span))
        }
        if acceptKeyword("is") {
            let negated = acceptKeyword("not")
            guard current.isKeyword("missing") || current.isKeyword("null") else {
                throw QueryError("expected `missing` after `is\(negated ? " not" : "")`", at: current.span)
            }
            let end = advance().span
            return Expr(.isMissing(left, negated: negated), left.span.merged(with: end))
        }
        for op in ["contains", "starts_with", "ends_with"] where current.isKeyword(op) {
            advance()
            let right = try additive()
            return Expr(.binary(op, left, right), left.span.merged(with: right.span))
        }
        return left
    }

    private mutating func inList(_ left: Expr, negated: Bool) throws(QueryError) -> Expr {
        try expect("(", "to open the list after `in`")
        var items = [try additive()]
        while accept(",") { items.append(try additive()) }
        let close = current.span
        try expect(")", "to close the list")
        return Expr(.inList(left, items, negated: negated), left.span.merged(with: close))
    }

    private mutating func additive() throws(QueryError) -> Expr {
        var left = try multiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let op = advance()
            let right = try multiplicative()
            left = try checked(Expr(.binary(op.isSymbol("+") ? "+" : "-", left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    private mutating func multiplicative() throws(QueryError) -> Expr {
        var left = try unary()
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            guard case .symbol(let op) = advance().kind else { break }
            let right = try unary()
            left = try checked(Expr(.binary(op, left, right), left.span.merged(with: right.span)))
        }
        return left
    }

    private mutating func unary() throws(QueryError) -> Expr {
        if current.isSymbol("-") {
            let start = advance().span
            try enterNesting()
            defer { nesting -= 1 }
            let inner = try unary()
            return Expr(.unary("-", inner), start.merged(with: inner.span))
        }
        return try primary()
    }

    private mutating func primary() throws(QueryError) -> Expr {
        let t = current
        switch t.kind {
        case .number(let v, let isInteger):
            advance()
            var literal = Expr(.number(v, isInteger: isInteger), t.span)
            literal.exactInteger = t.exactInteger
            return literal
        case .string(let s):
            advance()
            return Expr(.string(s), t.span)
        case .symbol("("):
            advance()
            let inner = try expression()
            try expect(")", "to close the parenthesis")
            return inner
        case .identifier(let word):
            switch word.lowercased() {
            case "true", "false":
                advance()
                return Expr(.bool(word.lowercased() == "true"), t.span)
            case "missing", "null":
                advance()
                return Expr(.missing, t.span)
            case "if":
                advance()
                let condition = try expression()
                guard acceptKeyword("then") else { throw QueryError("expected `then` in `if … then … else …`", at: current.span) }
                let yes = try expression()
                guard acceptKeyword("else") else { throw QueryError("expected `else` in `if … then … else …`", at: current.span) }
                let no = try expression()
                return Expr(.conditional(condition, yes, no), t.span.merged(with: no.span))
            case "case":
                advance()
                return try caseExpression(start: t.span)
            default:
                advance()
                if accept("(") {
                    var args: [Expr] = []
                    // SQL's `count(*)`: every row, as `count()`.
                    if word.lowercased() == "count", current.isSymbol("*"), tokens[position + 1].isSymbol(")") { advance() }
                    if !current.isSymbol(")") {
                        repeat { args.append(try expression()) } while accept(",")
                    }
                    let close = current.span
                    try expect(")", "to close the arguments of \(word)()")
                    return Expr(.call(word.lowercased(), args), t.span.merged(with: close))
                }
                return Expr(.column(word), t.span)
            }
        case .end:
            throw QueryError("the statement ends where a value was expected", at: t.span)
        default:
            throw QueryError("expected a value, found \(t.describe)", at: t.span)
        }
    }

    /// `case when c1 then v1 when c2 then v2 else z end`, as nested conditionals.
    private mutating func caseExpression(start: SourceSpan) throws(QueryError) -> Expr {
        var branches: [(Expr, Expr)] = []
        while acceptKeyword("when") {
            let condition = try expression()
            guard acceptKeyword("then") else { throw QueryError("expected `then` after the `when` condition", at: current.span) }
            branches.append((condition, try expression()))
        }
        guard !branches.isEmpty else { throw QueryError("expected `when` after `case`", at: current.span) }
        var otherwise = Expr(.missing, current.span)
        if acceptKeyword("else") { otherwise = try expression() }
        let end = current.span
        guard acceptKeyword("end") else { throw QueryError("expected `end` to close `case`", at: current.span) }
        for (condition, value) in branches.reversed() {
            otherwise = try checked(Expr(.conditional(condition, value, otherwise), start.merged(with: end)))
        }
        return otherwise
    }
}

extension Token {
    /// How the token reads in an error message.
    var describe: String {
        switch kind {
        case .identifier(let s): "'\(s)'"
        case .number(let v, let isInteger): isInteger && abs(v) < 9e15 ? String(Int64(v)) : String(v)
        case .string(let s): "'\(s)'"
        case .symbol(let s): "'\(s)'"
        case .end: "the end of the statement"
        }
    }
}
