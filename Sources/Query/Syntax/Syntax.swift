import Tables

/// An expression, as written: evaluated over the rows of a table (or its groups).
public struct Expr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case column(String)
        case number(Double, isInteger: Bool)
        case string(String)
        case bool(Bool)
        case missing
        /// `-x`, `not x`
        case unary(String, Expr)
        /// Arithmetic, comparison, `and`, `or`, `contains`, `starts_with`.
        case binary(String, Expr, Expr)
        case call(String, [Expr])
        case inList(Expr, [Expr], negated: Bool)
        case between(Expr, Expr, Expr)
        case isMissing(Expr, negated: Bool)
        /// `if c then a else b`; `case when c then a … else z end` is a chain of these.
        case conditional(Expr, Expr, Expr)
    }

    public let kind: Kind
    public var span: SourceSpan
    /// An integer literal's exact value, for comparisons with 64-bit integer columns.
    public var exactInteger: Int64?
    /// Levels of the tree below and including this node: evaluation recurses this deep, so
    /// the parser refuses trees deeper than `Parser.maximumDepth`.
    public let depth: Int

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
        depth = 1 + (kind.children.map(\.depth).max() ?? 0)
    }
}

/// A name given to an expression: `rate = mean(TARGET)`.
public struct Assignment: Sendable, Equatable {
    public var name: String
    public var expr: Expr
    public var span: SourceSpan
}

/// One item of `group (…)` or `aggregate`: a named aggregate, or many made at once by `across`.
public enum AggregateItem: Sendable, Equatable {
    case named(Assignment)
    case across(Across)

    /// The name it makes, when known before the table is (an `across` depends on its columns).
    public var name: String? {
        if case .named(let a) = self { return a.name }
        return nil
    }
}

/// `across(DAYS_CREDIT, AMT_*; min, max, mean)` or `across(…; mean; '{col}_{FN}')`: several
/// aggregates of several columns, named by a template, as dplyr's `across`. Columns are names
/// or patterns; `{col}` is the column, `{fn}` the function and `{FN}` the function in capitals.
public struct Across: Sendable, Equatable {
    public var columns: [NameRef]
    public var functions: [NameRef]
    public var template: String
    public var span: SourceSpan

    public static let defaultTemplate = "{col}_{FN}"

    /// The output name of `function` over `column`.
    public func name(column: String, function: String) -> String {
        if template == Self.defaultTemplate { return column + "_" + function.uppercased() }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            rest = rest[open...]
            if rest.hasPrefix("{col}") { out += column; rest = rest.dropFirst(5) }
            else if rest.hasPrefix("{FN}") { out += function.uppercased(); rest = rest.dropFirst(4) }
            else if rest.hasPrefix("{fn}") { out += function; rest = rest.dropFirst(4) }
            else { out += "{"; rest = rest.dropFirst() }
        }
        return out + rest
    }
}

/// One item of `select`.
public enum SelectItem: Sendable, Equatable {
    /// A column by name or pattern (`AMT_*`), optionally renamed (`credit = AMT_CREDIT`).
    case column(String, rename: String?, SourceSpan)
    /// A column left out: `-FLAG_*`.
    case exclude(String, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .column(_, _, let span), .exclude(_, let span): span
        }
    }
}

/// A column or table named in a statement, with where it was written.
public struct NameRef: Sendable, Equatable {
    public var name: String
    public var span: SourceSpan
}

/// One key of `sort`: `-AMT_CREDIT` sorts descending.
public struct SortItem: Sendable, Equatable {
    public var name: String
    public var descending: Bool
    public var span: SourceSpan
}

/// One step of a pipeline.
public enum Step: Sendable, Equatable {
    case from(NameRef)
    case filter(Expr)
    case select([SelectItem])
    case derive([Assignment])
    case group(keys: [NameRef], aggregates: [AggregateItem])
    case aggregate([AggregateItem])
    case sort([SortItem])
    /// Rows `start ..< start + count` (0-based); `take 10` is `take 1..10`.
    case take(start: Int, count: Int, SourceSpan)
    case distinct([NameRef])
    case join(table: NameRef, kind: JoinKind, key: NameRef?)
    /// One 0/1 column per level of each named text column, which it replaces, as pandas'
    /// `get_dummies`; `with missing` adds a `_nan` column. Levels are sorted, and frozen
    /// when the engine replays a build (see `QueryEngine.frozenLevels`).
    case onehot(columns: [NameRef], missing: Bool, SourceSpan)
    /// Puts a prefix before every column name but the `SK_ID_*` keys.
    case prefix(String, SourceSpan)
    /// Another table's rows below these, columns matched by name.
    case append(NameRef)
    /// Parsed and handed over to whoever renders plots.
    case plot(kind: String, arguments: [Token], SourceSpan)
}

/// A pipeline, read in execution order.
public struct Pipeline: Sendable, Equatable {
    public var steps: [Step]
    public var span: SourceSpan
}

/// A statement of the language.
public enum Statement: Sendable, Equatable {
    case pipeline(Pipeline)
    /// `let name = <pipeline>`
    case bind(String, Pipeline, SourceSpan)
}

extension Expr.Kind {
    /// The sub-expressions, in order.
    var children: [Expr] {
        switch self {
        case .column, .number, .string, .bool, .missing: []
        case .unary(_, let e), .isMissing(let e, _): [e]
        case .binary(_, let a, let b): [a, b]
        case .call(_, let args): args
        case .inList(let e, let items, _): [e] + items
        case .between(let a, let b, let c), .conditional(let a, let b, let c): [a, b, c]
        }
    }
}

extension Expr {
    /// The column names it reads, each once, in the order written.
    var orderedColumnNames: [String] {
        var out: [String] = []
        func walk(_ e: Expr) {
            if case .column(let name) = e.kind, !out.contains(name) { out.append(name) }
            for child in e.kind.children { walk(child) }
        }
        walk(self)
        return out
    }

    /// Every column name the expression reads.
    var columnNames: Set<String> {
        if case .column(let name) = kind { return [name] }
        return kind.children.reduce(into: Set<String>()) { $0.formUnion($1.columnNames) }
    }
}

extension Statement {
    /// The name `let` binds, if any.
    public var boundName: String? {
        if case .bind(let name, _, _) = self { return name }
        return nil
    }

    /// The tables and results it reads (`from`, `join`, `append`), so that statements which do
    /// not read each other's results can run at the same time.
    public var tablesRead: [String] {
        let pipeline: Pipeline
        switch self {
        case .pipeline(let p): pipeline = p
        case .bind(_, let p, _): pipeline = p
        }
        return pipeline.steps.compactMap { step in
            switch step {
            case .from(let ref), .append(let ref), .join(let ref, _, _): ref.name
            default: nil
            }
        }
    }
}
