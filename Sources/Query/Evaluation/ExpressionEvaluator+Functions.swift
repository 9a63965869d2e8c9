import Foundation
import Tables

/// A function of the language, for `help` and completion.
public struct FunctionInfo: Sendable {
    public var name: String
    public var signature: String
    public var summary: String
    public var isAggregate: Bool

    /// A statement using the function that runs on the Home Credit tables.
    public var example: String {
        isAggregate
            ? "from application_train | group NAME_CONTRACT_TYPE (x = \(sampleCall))"
            : "from application_train | derive x = \(sampleCall) | select SK_ID_CURR, x | take 5"
    }

    /// The call shown in `help` and the docs.
    public var sampleCall: String {
        switch name {
        case "abs": "abs(DAYS_BIRTH)"
        case "log": "log(AMT_INCOME_TOTAL)"
        case "log10": "log10(AMT_CREDIT)"
        case "exp": "exp(EXT_SOURCE_1)"
        case "sqrt": "sqrt(AMT_CREDIT)"
        case "round": "round(EXT_SOURCE_1, 2)"
        case "floor": "floor(CNT_FAM_MEMBERS)"
        case "ceil": "ceil(EXT_SOURCE_2)"
        case "clip": "clip(AMT_INCOME_TOTAL, 0, 1000000)"
        case "coalesce": "coalesce(EXT_SOURCE_1, EXT_SOURCE_2, 0.5)"
        case "fill": "fill(OWN_CAR_AGE, 0)"
        case "years": "years(DAYS_BIRTH)"
        case "nullif": "nullif(DAYS_EMPLOYED, 365243)"
        case "greatest": "greatest(DAYS_EMPLOYED, -3650)"
        case "least": "least(AMT_ANNUITY, 50000)"
        case "count": "count()"
        case "sum": "sum(AMT_CREDIT)"
        case "mean": "mean(TARGET)"
        case "median": "median(AMT_CREDIT)"
        case "min": "min(DAYS_BIRTH)"
        case "max": "max(DAYS_BIRTH)"
        case "std": "std(AMT_CREDIT)"
        case "var": "var(AMT_CREDIT)"
        case "quantile": "quantile(AMT_CREDIT, 0.9)"
        case "nunique": "nunique(OCCUPATION_TYPE)"
        case "share": "share(AMT_CREDIT > 500000)"
        case "first": "first(CODE_GENDER)"
        default: "last(CODE_GENDER)"
        }
    }
}

/// The functions of the language, for `help` and completion.
public enum Functions {
    public static var all: [FunctionInfo] { ExpressionEvaluator.functions }
}

extension ExpressionEvaluator {
    /// Every function, scalar then aggregate.
    static let functions: [FunctionInfo] = [
        .init(name: "abs", signature: "abs(x)", summary: "absolute value", isAggregate: false),
        .init(name: "log", signature: "log(x)", summary: "natural logarithm; missing for x ≤ 0", isAggregate: false),
        .init(name: "log10", signature: "log10(x)", summary: "base-10 logarithm; missing for x ≤ 0", isAggregate: false),
        .init(name: "exp", signature: "exp(x)", summary: "e to the power x", isAggregate: false),
        .init(name: "sqrt", signature: "sqrt(x)", summary: "square root; missing for x < 0", isAggregate: false),
        .init(name: "round", signature: "round(x, digits)", summary: "rounded to digits decimals (0 if omitted)", isAggregate: false),
        .init(name: "floor", signature: "floor(x)", summary: "largest whole number ≤ x", isAggregate: false),
        .init(name: "ceil", signature: "ceil(x)", summary: "smallest whole number ≥ x", isAggregate: false),
        .init(name: "clip", signature: "clip(x, low, high)", summary: "x limited to [low, high]", isAggregate: false),
        .init(name: "coalesce", signature: "coalesce(x, y, …)", summary: "the first value present", isAggregate: false),
        .init(name: "fill", signature: "fill(x, value)", summary: "x with missing values replaced by value", isAggregate: false),
        .init(name: "years", signature: "years(DAYS_BIRTH)", summary: "a DAYS_* count (negative days before the application) in years", isAggregate: false),
        .init(name: "nullif", signature: "nullif(x, value)", summary: "x, or missing where x equals value (a sentinel such as 365243)", isAggregate: false),
        .init(name: "greatest", signature: "greatest(x, y, …)", summary: "the largest of the values; missing if any is", isAggregate: false),
        .init(name: "least", signature: "least(x, y, …)", summary: "the smallest of the values; missing if any is", isAggregate: false),
        .init(name: "count", signature: "count() or count(x)", summary: "rows (also written count(*)), or rows where x is present", isAggregate: true),
        .init(name: "sum", signature: "sum(x)", summary: "sum of present values", isAggregate: true),
        .init(name: "mean", signature: "mean(x)", summary: "mean of present values; mean(TARGET) is the default rate", isAggregate: true),
        .init(name: "median", signature: "median(x)", summary: "exact median", isAggregate: true),
        .init(name: "min", signature: "min(x)", summary: "smallest value", isAggregate: true),
        .init(name: "max", signature: "max(x)", summary: "largest value", isAggregate: true),
        .init(name: "std", signature: "std(x)", summary: "sample standard deviation (n − 1)", isAggregate: true),
        .init(name: "var", signature: "var(x)", summary: "sample variance (n − 1)", isAggregate: true),
        .init(name: "quantile", signature: "quantile(x, p)", summary: "exact p-quantile, linear interpolation", isAggregate: true),
        .init(name: "nunique", signature: "nunique(x)", summary: "distinct present values", isAggregate: true),
        .init(name: "share", signature: "share(condition)", summary: "fraction of rows where the condition holds", isAggregate: true),
        .init(name: "first", signature: "first(x)", summary: "first present value in row order", isAggregate: true),
        .init(name: "last", signature: "last(x)", summary: "last present value in row order", isAggregate: true),
    ]

    /// The functions by name: a recipe's group step calls hundreds of aggregates.
    static let functionsByName = Dictionary(uniqueKeysWithValues: functions.map { ($0.name, $0) })

    mutating func call(_ name: String, _ args: [Expr], _ e: Expr) throws(QueryError) -> Vector {
        guard let info = Self.functionsByName[name] ?? (name == "avg" ? Self.functionsByName["mean"] : nil) else {
            let suggestions = NameSuggester.nearest(to: name, in: Self.functions.map(\.name))
            throw QueryError("unknown function '\(name)'" + NameSuggester.didYouMean(suggestions), at: e.span, help: "`help functions` lists them")
        }
        if info.isAggregate { return try aggregate(info, args, e) }
        let n = count
        func arity(_ range: ClosedRange<Int>) throws(QueryError) {
            guard range.contains(args.count) else {
                throw QueryError("\(info.name) takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") argument\(range.upperBound == 1 ? "" : "s"): \(info.signature)", at: e.span)
            }
        }
        func number(_ k: Int) throws(QueryError) -> (values: [Double], validity: Bitmap?, integer: Bool) {
            let v = try evaluate(args[k])
            guard let x = v.numbers(count: n) else {
                throw QueryError("\(info.name) needs a number, found \(v.typeName)", at: args[k].span)
            }
            return x
        }
        func map(_ x: (values: [Double], validity: Bitmap?, integer: Bool), integer: Bool, _ f: (Double) -> Double) -> Vector {
            var validity = x.validity
            var out = [Double](repeating: 0, count: n)
            for i in 0..<n {
                out[i] = f(x.values[i])
                if !out[i].isFinite {
                    if validity == nil { validity = Bitmap(count: n, value: true) }
                    validity!.clear(i)
                }
            }
            return .numbers(out, validity: validity, integer: integer)
        }
        switch name {
        case "abs": try arity(1...1); let x = try number(0); return map(x, integer: x.integer) { abs($0) }
        case "log": try arity(1...1); return map(try number(0), integer: false) { $0 > 0 ? Foundation.log($0) : .nan }
        case "log10": try arity(1...1); return map(try number(0), integer: false) { $0 > 0 ? Foundation.log10($0) : .nan }
        case "exp": try arity(1...1); return map(try number(0), integer: false) { Foundation.exp($0) }
        case "sqrt": try arity(1...1); return map(try number(0), integer: false) { $0 >= 0 ? $0.squareRoot() : .nan }
        case "floor": try arity(1...1); return map(try number(0), integer: true) { $0.rounded(.down) }
        case "ceil": try arity(1...1); return map(try number(0), integer: true) { $0.rounded(.up) }
        case "years":
            try arity(1...1)
            let x = try number(0)
            // Home Credit writes 365243 days where a date does not apply: not a thousand years.
            let coded = (0..<n).filter { i in x.values[i] == 365243 && (x.validity.map { $0[i] } ?? true) }.count
            if coded > 0 {
                warnings.append("years(): \(coded) row\(coded == 1 ? " holds" : "s hold") 365243, Home Credit's code for no such date, read here as -1,000 years; "
                    + "filter them out (`!= 365243`) or let `fit` read them as missing")
            }
            return map(x, integer: false) { -$0 / 365.25 }
        case "round":
            try arity(1...2)
            var digits = 0.0
            if args.count == 2 {
                guard case .number(let d, true) = args[1].kind, d >= 0, d <= 15 else {
                    throw QueryError("round's digits must be a whole number from 0 to 15", at: args[1].span)
                }
                digits = d
            }
            let scale = Foundation.pow(10, digits)
            return map(try number(0), integer: digits == 0) { Self.round($0, scale: scale) }
        case "nullif":
            try arity(2...2)
            let x = try number(0), sentinel = try number(1)
            var validity = Bitmap.intersection(x.validity, sentinel.validity) ?? Bitmap(count: n, value: true)
            for i in 0..<n where x.values[i] == sentinel.values[i] { validity.clear(i) }
            return .numbers(x.values, validity: validity, integer: x.integer)
        case "greatest", "least":
            try arity(2...16)
            var result = try number(0)
            for k in 1..<args.count {
                let other = try number(k)
                for i in 0..<n { result.values[i] = name == "greatest" ? Swift.max(result.values[i], other.values[i]) : Swift.min(result.values[i], other.values[i]) }
                result.validity = Bitmap.intersection(result.validity, other.validity)
                result.integer = result.integer && other.integer
            }
            return .numbers(result.values, validity: result.validity, integer: result.integer)
        case "clip":
            try arity(3...3)
            let x = try number(0), lo = try number(1), hi = try number(2)
            var out = [Double](repeating: 0, count: n)
            for i in 0..<n { out[i] = Swift.min(Swift.max(x.values[i], lo.values[i]), hi.values[i]) }
            let validity = Bitmap.intersection(x.validity, Bitmap.intersection(lo.validity, hi.validity))
            return .numbers(out, validity: validity, integer: x.integer && lo.integer && hi.integer)
        default:  // coalesce, fill
            try arity(name == "fill" ? 2...2 : 1...16)
            var result = try evaluate(args[0])
            for k in 1..<args.count {
                let other = try evaluate(args[k])
                let present = Vector.bools((0..<n).map { result.validity?[$0] ?? true }, validity: nil)
                if case .constant(.missing) = result {
                    result = other
                    continue
                }
                result = try evaluateConditional(present, result, other, e, args[k])
            }
            return result
        }
    }

    /// `x` rounded to the nearest multiple of 1/`scale` (a power of ten up to 1e15), judged on
    /// x's exact binary value, with exact ties away from zero, as SQL's ROUND: -23.65 is
    /// -23.6499… in binary, so it rounds to -23.6, while -0.125 (exact) rounds to -0.13.
    /// `x * scale` can itself round onto a tie; `fma` gives the product's exact error, which
    /// says on which side of the tie the true product lies.
    static func round(_ x: Double, scale: Double) -> Double {
        let y = x * scale
        guard y.isFinite, Swift.abs(y) < 0x1p52 else { return x }
        var r = y.rounded(.toNearestOrAwayFromZero)
        if Swift.abs(y - y.rounded(.towardZero)) == 0.5 {
            let error = Foundation.fma(x, scale, -y)  // x·scale − y, exactly
            if error != 0 { r = (error < 0) == (y > 0) ? y.rounded(.towardZero) : y.rounded(.awayFromZero) }
        }
        return r / scale
    }

    /// An aggregate: evaluates its argument over the rows, then summarises each group.
    private mutating func aggregate(_ info: FunctionInfo, _ args: [Expr], _ e: Expr) throws(QueryError) -> Vector {
        guard let grouping else {
            throw QueryError("\(info.name)() summarises rows: use it in `group … (…)` or `aggregate`", at: e.span,
                             help: "aggregate n = count(), rate = mean(TARGET)")
        }
        var rows = ExpressionEvaluator(table: table)
        let kind: Aggregation
        var argument: Vector
        // A plain stored column is summarised as stored: no round trip through a vector of
        // doubles (on 28M rows, two conversions cost more than the aggregate itself).
        var stored: Column?
        if info.name != "share", let first = args.first, case .column(let name) = first.kind { stored = table[name] }
        switch info.name {
        case "count":
            guard args.count <= 1 else { throw QueryError("count takes at most one argument", at: e.span) }
            if args.isEmpty {
                return Vector(Column.integers(grouping.rowCounts()))
            }
            kind = .countNonMissing
            argument = try stored == nil ? rows.evaluate(args[0]) : .constant(.missing)
        case "quantile":
            guard args.count == 2, case .number(let p, _) = args[1].kind, p >= 0, p <= 1 else {
                throw QueryError("quantile takes a column and a probability from 0 to 1: quantile(AMT_CREDIT, 0.9)", at: e.span)
            }
            kind = .quantile(p)
            argument = try stored == nil ? rows.evaluate(args[0]) : .constant(.missing)
        default:
            guard args.count == 1 else { throw QueryError("\(info.name) takes one argument: \(info.signature)", at: e.span) }
            argument = try stored == nil ? rows.evaluate(args[0]) : .constant(.missing)
            switch info.name {
            case "sum": kind = .sum
            case "mean", "share": kind = .mean
            case "median": kind = .median
            case "min": kind = .min
            case "max": kind = .max
            case "std": kind = .std
            case "var": kind = .variance
            case "nunique": kind = .nunique
            case "first": kind = .first
            default: kind = .last
            }
            if info.name == "share" {
                guard let b = argument.bools(count: table.rowCount) else {
                    throw QueryError("share needs a condition, found \(argument.typeName)", at: args[0].span, help: "share(TARGET == 1)")
                }
                argument = .numbers(b.values.map { $0 ? 1 : 0 }, validity: b.validity, integer: false)
            } else if kind.needsNumbers, stored?.type == .category || stored == nil && isText(argument) {
                throw QueryError("\(info.name) needs numbers, found text", at: args[0].span, help: "nunique, first and last work on text")
            }
        }
        warnings += rows.warnings
        let column = stored ?? argument.column(count: table.rowCount)
        do {
            let result = try column.aggregate(kind, by: grouping)
            if kind == .sum, column.type == .int, result.type == .double {
                warnings.append("\(info.name)() exceeds the 64-bit integer range: the exact sum is shown as the nearest decimal")
            }
            return Vector(result)
        } catch {
            throw QueryError(error.description, at: e.span)
        }
    }

    private func isText(_ v: Vector) -> Bool {
        if v.numbers(count: 0) == nil, case .text = v { return true }
        return false
    }
}
