import Foundation
import Tables

/// Evaluates expressions over every row of a table at once, or over its groups.
///
/// Missing values propagate through arithmetic, comparisons and functions (a missing input
/// gives a missing result); `and`/`or` follow three-valued logic (`false and missing` is
/// false); aggregates skip missing values; a division by zero gives missing, with a warning.
struct ExpressionEvaluator {
    let table: Table
    /// Set when evaluating `group`/`aggregate` outputs: then results have one row per group,
    /// aggregates summarise their rows, and plain columns must be group keys.
    var grouping: Grouping?
    var keys: [String] = []
    var warnings: [String] = []

    init(table: Table, grouping: Grouping? = nil, keys: [String] = []) {
        self.table = table
        self.grouping = grouping
        self.keys = keys
    }

    /// Rows of the result: the table's, or the groups'.
    var count: Int { grouping?.groupCount ?? table.rowCount }

    mutating func evaluate(_ e: Expr) throws(QueryError) -> Vector {
        switch e.kind {
        case .number(let v, let isInteger): return .constant(isInteger && abs(v) < 9e18 ? .int(Int64(v)) : .double(v))
        case .string(let s): return .constant(.string(s))
        case .bool(let b): return .constant(.bool(b))
        case .missing: return .constant(.missing)
        case .column(let name): return try column(name, e.span)
        case .unary(let op, let inner): return try unary(op, try evaluate(inner), e)
        case .binary(let op, let l, let r):
            if let exact = exactIntegerComparison(op, l, r) { return exact }
            return try binary(op, try evaluate(l), try evaluate(r), e, l, r)
        case .call(let name, let args): return try call(name, args, e)
        case .inList(let subject, let items, let negated):
            var result: Vector = .constant(.bool(false))
            let value = try evaluate(subject)
            for item in items {
                let equal = try binary("==", value, try evaluate(item), e, subject, item)
                result = try binary("or", result, equal, e, subject, item)
            }
            return negated ? try unary("not", result, e) : result
        case .between(let subject, let low, let high):
            let value = try evaluate(subject)
            let lower = try binary(">=", value, try evaluate(low), e, subject, low)
            let upper = try binary("<=", value, try evaluate(high), e, subject, high)
            return try binary("and", lower, upper, e, subject, high)
        case .isMissing(let subject, let negated):
            let value = try evaluate(subject)
            let n = count
            var flags = [Bool](repeating: false, count: n)
            if case .constant(.missing) = value { flags = [Bool](repeating: true, count: n) }
            if let validity = value.validity { for i in 0..<n { flags[i] = !validity[i] } }
            if negated { flags = flags.map { !$0 } }
            return .bools(flags, validity: nil)
        case .conditional(let condition, let yes, let no):
            return try evaluateConditional(try evaluate(condition), try evaluate(yes), try evaluate(no), e, condition)
        }
    }

    /// An integer column compared with an integer literal, in 64-bit integers: as doubles,
    /// 9223372036854775806 and Int64.max are the same number. Nil when not that case.
    private func exactIntegerComparison(_ op: String, _ l: Expr, _ r: Expr) -> Vector? {
        guard grouping == nil, ["==", "!=", "<", "<=", ">", ">="].contains(op) else { return nil }
        func literal(_ e: Expr) -> Int64? {
            if let k = e.exactInteger { return k }
            if case .unary("-", let inner) = e.kind, let k = inner.exactInteger, k != .min { return -k }
            return nil
        }
        func integers(_ e: Expr) -> (values: [Int64], validity: Bitmap?)? {
            guard case .column(let name) = e.kind, let column = table[name], let values = column.int64Values else { return nil }
            return (values, column.validity)
        }
        var op = op
        let column: (values: [Int64], validity: Bitmap?), k: Int64
        if let c = integers(l), let v = literal(r) {
            column = c; k = v
        } else if let c = integers(r), let v = literal(l) {
            column = c; k = v
            op = ["<": ">", "<=": ">=", ">": "<", ">=": "<="][op] ?? op
        } else {
            return nil
        }
        let out: [Bool]
        switch op {
        case "==": out = column.values.map { $0 == k }
        case "!=": out = column.values.map { $0 != k }
        case "<": out = column.values.map { $0 < k }
        case "<=": out = column.values.map { $0 <= k }
        case ">": out = column.values.map { $0 > k }
        default: out = column.values.map { $0 >= k }
        }
        return .bools(out, validity: column.validity)
    }

    // MARK: Columns

    private func column(_ name: String, _ span: SourceSpan) throws(QueryError) -> Vector {
        guard let column = table[name] else {
            let suggestions = NameSuggester.nearest(to: name, in: table.names)
            throw QueryError("unknown column '\(name)'" + NameSuggester.didYouMean(suggestions), at: span,
                             help: suggestions.isEmpty ? "`columns <table>` lists a table's columns" : nil)
        }
        guard let grouping else { return Vector(column) }
        guard keys.contains(name) else {
            throw QueryError("'\(name)' is neither a group key nor inside an aggregate", at: span,
                             help: "summarise it, e.g. mean(\(name)), or add it to the group keys")
        }
        return Vector(column.gather(grouping.firstRow))
    }

    // MARK: Operators

    private func unary(_ op: String, _ v: Vector, _ e: Expr) throws(QueryError) -> Vector {
        let n = count
        if op == "-" {
            guard let (values, validity, integer) = v.numbers(count: n) else {
                throw QueryError("cannot negate \(v.typeName)", at: e.span)
            }
            return .numbers(values.map { -$0 }, validity: validity, integer: integer)
        }
        guard let (values, validity) = v.bools(count: n) else {
            throw QueryError("`not` needs a condition, found \(v.typeName)", at: e.span)
        }
        return .bools(values.map { !$0 }, validity: validity)
    }

    private mutating func binary(_ op: String, _ a: Vector, _ b: Vector, _ e: Expr, _ l: Expr, _ r: Expr) throws(QueryError) -> Vector {
        let n = count
        switch op {
        case "+", "-", "*", "/", "%":
            guard let x = a.numbers(count: n) else { throw typeError(op, a, b, l.span) }
            guard let y = b.numbers(count: n) else { throw typeError(op, a, b, r.span) }
            var out = [Double](repeating: 0, count: n)
            var validity = Bitmap.intersection(x.validity, y.validity)
            var invalid = 0
            for i in 0..<n {
                let p = x.values[i], q = y.values[i]
                switch op {
                case "+": out[i] = p + q
                case "-": out[i] = p - q
                case "*": out[i] = p * q
                case "/": out[i] = p / q
                default: out[i] = q == 0 ? .nan : p.truncatingRemainder(dividingBy: q)
                }
                if !out[i].isFinite && (validity?[i] ?? true) {
                    if validity == nil { validity = Bitmap(count: n, value: true) }
                    validity!.clear(i)
                    invalid += 1
                }
            }
            if invalid > 0 { warnings.append("\(invalid) rows of `\(op)` gave an infinite or undefined value (e.g. division by zero), treated as missing") }
            return .numbers(out, validity: validity, integer: x.integer && y.integer && op != "/")
        case "and", "or":
            guard let x = a.bools(count: n) else { throw QueryError("`\(op)` needs conditions, found \(a.typeName)", at: l.span) }
            guard let y = b.bools(count: n) else { throw QueryError("`\(op)` needs conditions, found \(b.typeName)", at: r.span) }
            if x.validity == nil && y.validity == nil {
                // No missing value on either side: plain two-valued logic, one pass.
                let out = op == "and" ? Self.combine(x.values, y.values) { $0 && $1 } : Self.combine(x.values, y.values) { $0 || $1 }
                return .bools(out, validity: nil)
            }
            var out = [Bool](repeating: false, count: n)
            var validity = Bitmap(count: n, value: true)
            for i in 0..<n {
                let pv = x.validity?[i] ?? true, qv = y.validity?[i] ?? true
                let p = x.values[i], q = y.values[i]
                if op == "and" {
                    // false wins over missing
                    if (pv && !p) || (qv && !q) { out[i] = false } else if pv && qv { out[i] = true } else { validity.clear(i) }
                } else {
                    if (pv && p) || (qv && q) { out[i] = true } else if pv && qv { out[i] = false } else { validity.clear(i) }
                }
            }
            return .bools(out, validity: validity)
        case "contains", "starts_with", "ends_with":
            guard let x = a.text(count: n) else { throw QueryError("`\(op)` needs text on its left, found \(a.typeName)", at: l.span) }
            guard case .constant(.string(let needle)) = b else {
                throw QueryError("`\(op)` needs a quoted text on its right", at: r.span, help: "NAME_INCOME_TYPE contains 'work'")
            }
            // All three ignore case (as SQL's ILIKE), the same way in every locale; an empty
            // needle matches every present value, as in SQL and Python.
            let lowered = needle.lowercased()
            let matches = x.levels.map { level -> Bool in
                let text = level.lowercased()
                guard !lowered.isEmpty else { return true }
                switch op {
                case "contains": return text.contains(lowered)
                case "starts_with": return text.hasPrefix(lowered)
                default: return text.hasSuffix(lowered)
                }
            }
            return .bools(x.codes.map { matches[Int($0)] }, validity: x.validity)
        default:
            return try compare(op, a, b, e, l, r)
        }
    }

    private mutating func compare(_ op: String, _ a: Vector, _ b: Vector, _ e: Expr, _ l: Expr, _ r: Expr) throws(QueryError) -> Vector {
        let n = count
        func test(_ c: Int) -> Bool {
            switch op {
            case "==": c == 0
            case "!=": c != 0
            case "<": c < 0
            case "<=": c <= 0
            case ">": c > 0
            default: c >= 0
            }
        }
        if case .constant(.missing) = b {
            if case .missing = r.kind, op == "==" || op == "!=" {
                warnings.append("`\(op) missing` is never true (a comparison with a missing value is missing): write `is \(op == "==" ? "" : "not ")missing`")
            }
            return .bools([Bool](repeating: false, count: n), validity: Bitmap(count: n, value: false))
        }
        if case .constant(.missing) = a { return .bools([Bool](repeating: false, count: n), validity: Bitmap(count: n, value: false)) }
        if case .constant(.string(let label)) = b, let x = a.text(count: n), !a.isConstant {
            // Text against a quoted label, the common filter: one verdict per level.
            let verdict = x.levels.map { test($0 < label ? -1 : ($0 == label ? 0 : 1)) }
            if op == "==" || op == "!=", !x.levels.contains(label), case .column(let name) = l.kind {
                // A label no row has is most often a typo: `'cash loans'` for 'Cash loans'.
                let nearest = x.levels.first { $0.lowercased() == label.lowercased() }.map { [$0] } ?? NameSuggester.nearest(to: label, in: x.levels)
                warnings.append("no row has \(name) == '\(label)'" + (nearest.isEmpty ? "" : "; the nearest level is '\(nearest[0])'"))
            }
            return .bools(Self.lookUp(x.codes, in: verdict), validity: x.validity)
        }
        if let x = a.text(count: n), let y = b.text(count: n) {
            var out = [Bool](repeating: false, count: n)
            let width = y.levels.count
            if x.levels.count * width <= 1 << 16 {
                // Two text columns: labels compared once per pair of levels, not per row.
                var verdict = [Bool](repeating: false, count: x.levels.count * width)
                for (i, p) in x.levels.enumerated() {
                    for (j, q) in y.levels.enumerated() { verdict[i * width + j] = test(p < q ? -1 : (p == q ? 0 : 1)) }
                }
                for i in 0..<n { out[i] = verdict[Int(x.codes[i]) * width + Int(y.codes[i])] }
            } else {
                for i in 0..<n {
                    let p = x.levels[Int(x.codes[i])], q = y.levels[Int(y.codes[i])]
                    out[i] = test(p < q ? -1 : (p == q ? 0 : 1))
                }
            }
            return .bools(out, validity: Bitmap.intersection(x.validity, y.validity))
        }
        // A column against a constant, the common filter: one pass with the operator fixed.
        if case .constant(let c) = b, let q = c.number, let x = a.numbers(count: n), !(a.isConstant) {
            let out: [Bool]
            switch op {
            case "==": out = Self.test(x.values) { $0 == q }
            case "!=": out = Self.test(x.values) { $0 != q }
            case "<": out = Self.test(x.values) { $0 < q }
            case "<=": out = Self.test(x.values) { $0 <= q }
            case ">": out = Self.test(x.values) { $0 > q }
            default: out = Self.test(x.values) { $0 >= q }
            }
            return .bools(out, validity: x.validity)
        }
        if let x = a.numbers(count: n), let y = b.numbers(count: n) {
            var out = [Bool](repeating: false, count: n)
            for i in 0..<n {
                let p = x.values[i], q = y.values[i]
                out[i] = test(p < q ? -1 : (p == q ? 0 : 1))
            }
            return .bools(out, validity: Bitmap.intersection(x.validity, y.validity))
        }
        throw typeError(op, a, b, e.span)
    }

    // MARK: Whole-column loops
    // Written over raw buffers, without `map`'s per-element bookkeeping, so the compiler
    // turns them into vector code: these are the loops every `filter` runs.

    @inline(__always)
    private static func test(_ values: [Double], _ predicate: (Double) -> Bool) -> [Bool] {
        values.withUnsafeBufferPointer { v in
            [Bool](unsafeUninitializedCapacity: v.count) { out, n in
                for i in 0..<v.count { out[i] = predicate(v[i]) }
                n = v.count
            }
        }
    }

    @inline(__always)
    private static func combine(_ a: [Bool], _ b: [Bool], _ op: (Bool, Bool) -> Bool) -> [Bool] {
        a.withUnsafeBufferPointer { p in
            b.withUnsafeBufferPointer { q in
                [Bool](unsafeUninitializedCapacity: p.count) { out, n in
                    for i in 0..<p.count { out[i] = op(p[i], q[i]) }
                    n = p.count
                }
            }
        }
    }

    /// Each row's verdict for its level (codes are valid indices of `verdict`).
    private static func lookUp(_ codes: [Int32], in verdict: [Bool]) -> [Bool] {
        codes.withUnsafeBufferPointer { c in
            verdict.withUnsafeBufferPointer { v in
                [Bool](unsafeUninitializedCapacity: c.count) { out, n in
                    for i in 0..<c.count { out[i] = v[Int(c[i])] }
                    n = c.count
                }
            }
        }
    }

    private func typeError(_ op: String, _ a: Vector, _ b: Vector, _ span: SourceSpan) -> QueryError {
        QueryError("cannot apply `\(op)` to \(a.typeName) and \(b.typeName)", at: span,
                   help: a.typeName == "text" || b.typeName == "text" ? "text compares with quoted labels: NAME_CONTRACT_TYPE == 'Cash loans'" : nil)
    }

    func evaluateConditional(_ c: Vector, _ yes: Vector, _ no: Vector, _ e: Expr, _ condition: Expr) throws(QueryError) -> Vector {
        let n = count
        guard let cond = c.bools(count: n) else {
            throw QueryError("`if` needs a condition, found \(c.typeName)", at: condition.span)
        }
        // As in SQL's CASE: a missing condition is not true, so the row takes the `else` branch
        // (and a `case when` moves on to its next `when`).
        let known = cond.validity
        func take(_ i: Int) -> Bool { cond.values[i] && (known?[i] ?? true) }
        // Conditions stay conditions: booleans are tried before numbers, which accept them too.
        if yes.isBoolean || no.isBoolean, let y = yes.bools(count: n), let z = no.bools(count: n) {
            var out = [Bool](repeating: false, count: n)
            var validity = Bitmap(count: n, value: true)
            for i in 0..<n {
                let source = take(i) ? y : z
                out[i] = source.values[i]
                if !(source.validity?[i] ?? true) { validity.clear(i) }
            }
            return .bools(out, validity: validity)
        }
        if let y = yes.numbers(count: n), let z = no.numbers(count: n) {
            var out = [Double](repeating: 0, count: n)
            var validity = Bitmap(count: n, value: true)
            for i in 0..<n {
                let source = take(i) ? y : z
                out[i] = source.values[i]
                if !(source.validity?[i] ?? true) { validity.clear(i) }
            }
            return .numbers(out, validity: validity, integer: y.integer && z.integer)
        }
        if let y = yes.text(count: n), let z = no.text(count: n) {
            var labels: [String?] = []
            labels.reserveCapacity(n)
            for i in 0..<n {
                let source = take(i) ? y : z
                let present = source.validity?[i] ?? true
                labels.append(present ? source.levels[Int(source.codes[i])] : nil)
            }
            return Vector(Column(strings: labels))
        }
        throw QueryError("the branches of `if` give \(yes.typeName) and \(no.typeName); they must agree", at: e.span)
    }
}
