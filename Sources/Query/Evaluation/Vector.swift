import Tables

/// An intermediate result of evaluating an expression: a column of numbers, booleans or
/// text, or one constant that stands for every row.
enum Vector {
    case numbers([Double], validity: Bitmap?, integer: Bool)
    case bools([Bool], validity: Bitmap?)
    case text(codes: [Int32], levels: [String], validity: Bitmap?)
    case constant(Value)
    /// Integers beyond ±2^53, which a double would round: kept exact until a computation
    /// needs them as numbers (a stored column or an aggregate passed through unchanged).
    case integers([Int64], validity: Bitmap?)

    init(_ column: Column) {
        switch column.storage {
        case .int(let v) where v.contains(where: { $0.magnitude > 1 << 53 }): self = .integers(v, validity: column.validity)
        case .int(let v): self = .numbers(v.map(Double.init), validity: column.validity, integer: true)
        case .int32(let v): self = .numbers(v.map(Double.init), validity: column.validity, integer: true)
        case .int8(let v): self = .numbers(v.map(Double.init), validity: column.validity, integer: true)
        case .double(let v): self = .numbers(v, validity: column.validity, integer: false)
        case .bool(let v): self = .bools(v, validity: column.validity)
        case .category(let codes, let levels): self = .text(codes: codes, levels: levels, validity: column.validity)
        }
    }

    /// A condition (or a boolean constant), as opposed to a number that accepts one.
    var isBoolean: Bool {
        switch self {
        case .bools, .constant(.bool): true
        default: false
        }
    }

    var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }

    /// The type name users see in errors.
    var typeName: String {
        switch self {
        case .numbers(_, _, let integer): integer ? "integer" : "number"
        case .integers: "integer"
        case .bools: "boolean"
        case .text: "text"
        case .constant(let v):
            switch v {
            case .int: "integer"
            case .double: "number"
            case .string: "text"
            case .bool: "boolean"
            case .missing: "missing"
            }
        }
    }

    var validity: Bitmap? {
        switch self {
        case .numbers(_, let v, _), .bools(_, let v), .text(_, _, let v), .integers(_, let v): v
        case .constant: nil
        }
    }

    /// The numbers of each row (constants repeated), or nil if this is not numeric.
    func numbers(count: Int) -> (values: [Double], validity: Bitmap?, integer: Bool)? {
        switch self {
        case .numbers(let v, let validity, let integer): return (v, validity, integer)
        // Arithmetic on huge integers goes through doubles (rounded beyond 2^53).
        case .integers(let v, let validity): return (v.map(Double.init), validity, true)
        case .bools(let b, let validity): return (b.map { $0 ? 1 : 0 }, validity, true)
        case .constant(.int(let i)): return ([Double](repeating: Double(i), count: count), nil, true)
        case .constant(.double(let d)): return ([Double](repeating: d, count: count), nil, false)
        case .constant(.bool(let b)): return ([Double](repeating: b ? 1 : 0, count: count), nil, true)
        case .constant(.missing): return ([Double](repeating: 0, count: count), Bitmap(count: count, value: false), false)
        default: return nil
        }
    }

    /// The booleans of each row, or nil if this is not boolean.
    func bools(count: Int) -> (values: [Bool], validity: Bitmap?)? {
        switch self {
        case .bools(let b, let validity): return (b, validity)
        case .constant(.bool(let b)): return ([Bool](repeating: b, count: count), nil)
        case .constant(.missing): return ([Bool](repeating: false, count: count), Bitmap(count: count, value: false))
        default: return nil
        }
    }

    /// The text of each row as level codes, or nil if this is not text.
    func text(count: Int) -> (codes: [Int32], levels: [String], validity: Bitmap?)? {
        switch self {
        // A text column with no value present has no level, while its missing rows still hold
        // code 0: one placeholder level keeps per-level lookups in bounds (no row reads it).
        case .text(let codes, let levels, let validity): return (codes, levels.isEmpty ? [""] : levels, validity)
        case .constant(.string(let s)): return ([Int32](repeating: 0, count: count), [s], nil)
        case .constant(.missing): return ([Int32](repeating: 0, count: count), [""], Bitmap(count: count, value: false))
        default: return nil
        }
    }

    /// The vector as a column of `count` rows.
    func column(count: Int) -> Column {
        switch self {
        case .numbers(let v, let validity, let integer):
            if integer, v.allSatisfy({ abs($0) < 9.0e15 }) {
                return Column.integers(v.map { Int64($0) }, validity: validity)
            }
            return Column(.double(v), validity: validity)
        case .integers(let v, let validity): return Column.integers(v, validity: validity)
        case .bools(let b, let validity): return Column(.bool(b), validity: validity)
        case .text(let codes, let levels, let validity): return Column(.category(codes: codes, levels: levels), validity: validity)
        case .constant(let value):
            switch value {
            case .int(let i): return Column.integers([Int64](repeating: i, count: count))
            case .double(let d): return Column(.double([Double](repeating: d, count: count)))
            case .bool(let b): return Column(.bool([Bool](repeating: b, count: count)))
            case .string(let s): return Column(.category(codes: [Int32](repeating: 0, count: count), levels: [s]))
            case .missing: return Column(.double([Double](repeating: 0, count: count)), validity: Bitmap(count: count, value: false))
            }
        }
    }
}
