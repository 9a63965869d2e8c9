/// The physical type of a column.
public enum ColumnType: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 64-bit signed integers.
    case int
    /// 64-bit floating point numbers.
    case double
    /// Strings stored as dictionary codes into a list of distinct levels.
    case category
    /// True or false.
    case bool

    public var description: String { rawValue }
}

/// One cell, for display, tests and the slow paths; kernels work on the buffers.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case missing
    case int(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)

    public var isMissing: Bool { self == .missing }

    /// The numeric value, if this cell holds a number (bools count as 0/1).
    public var number: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        case .bool(let v): v ? 1 : 0
        case .missing, .string: nil
        }
    }

    public var description: String {
        switch self {
        case .missing: ""
        case .int(let v): String(v)
        case .double(let v): v.description
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        }
    }
}
