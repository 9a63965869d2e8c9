/// A typed column of values held in one contiguous buffer, plus an optional validity bitmap.
///
/// Missing values are first-class: a slot whose validity bit is clear is missing,
/// whatever its buffer holds (kernels write 0 there). `validity == nil` means no
/// value is missing, which keeps the common case free of bit tests.
public struct Column: Sendable {
    public enum Storage: Sendable {
        case int([Int64])
        /// Integers that all fit in 32 bits, stored narrow to halve their memory; the
        /// column's type is still `.int` and values read as Int64.
        case int32([Int32])
        /// Integers that all fit in 8 bits (flags, one-hot indicators, small counts), a
        /// quarter of `int32`'s memory; the column's type is still `.int`.
        case int8([Int8])
        case double([Double])
        /// Codes index into `levels`; levels are distinct and in order of first appearance.
        case category(codes: [Int32], levels: [String])
        case bool([Bool])
    }

    public private(set) var storage: Storage
    public private(set) var validity: Bitmap?

    public init(_ storage: Storage, validity: Bitmap? = nil) {
        self.storage = storage
        if let validity {
            precondition(validity.count == Column.count(of: storage), "validity length differs from column length")
            self.validity = validity.allSet ? nil : validity
        } else {
            self.validity = nil
        }
    }

    /// Integers, stored in 8 or 32 bits when they all fit.
    public static func integers(_ values: [Int64], validity: Bitmap? = nil) -> Column {
        var lo = Int64.max, hi = Int64.min
        for v in values { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
        switch IntegerWidth(lo: lo, hi: hi) {
        case .int8: return Column(.int8(values.map { Int8(truncatingIfNeeded: $0) }), validity: validity)
        case .int32: return Column(.int32(values.map { Int32(truncatingIfNeeded: $0) }), validity: validity)
        case .int64: return Column(.int(values), validity: validity)
        }
    }

    /// The narrowest storage for integers from `lo` to `hi`; no value at all (`lo > hi`)
    /// takes the narrowest.
    enum IntegerWidth {
        case int8, int32, int64

        init(lo: Int64, hi: Int64) {
            if lo > hi || (lo >= Int64(Int8.min) && hi <= Int64(Int8.max)) {
                self = .int8
            } else if lo >= Int64(Int32.min) && hi <= Int64(Int32.max) {
                self = .int32
            } else {
                self = .int64
            }
        }
    }

    /// The integers of an integer column as Int64, whatever their width.
    public var int64Values: [Int64]? {
        switch storage {
        case .int(let v): v
        case .int32(let v): v.map(Int64.init)
        case .int8(let v): v.map(Int64.init)
        default: nil
        }
    }

    public init(ints: [Int64?]) {
        self.init(.int(ints.map { $0 ?? 0 }), validity: Bitmap(ints.map { $0 != nil }))
    }

    public init(doubles: [Double?]) {
        self.init(.double(doubles.map { $0 ?? 0 }), validity: Bitmap(doubles.map { $0 != nil }))
    }

    public init(bools: [Bool?]) {
        self.init(.bool(bools.map { $0 ?? false }), validity: Bitmap(bools.map { $0 != nil }))
    }

    /// Dictionary-encodes strings, levels in order of first appearance.
    public init(strings: [String?]) {
        var levels: [String] = []
        var index: [String: Int32] = [:]
        var codes = [Int32](repeating: 0, count: strings.count)
        for (i, s) in strings.enumerated() {
            guard let s else { continue }
            if let code = index[s] {
                codes[i] = code
            } else {
                let code = Int32(levels.count)
                index[s] = code
                levels.append(s)
                codes[i] = code
            }
        }
        self.init(.category(codes: codes, levels: levels), validity: Bitmap(strings.map { $0 != nil }))
    }

    public var type: ColumnType {
        switch storage {
        case .int, .int32, .int8: .int
        case .double: .double
        case .category: .category
        case .bool: .bool
        }
    }

    public var count: Int { Column.count(of: storage) }

    private static func count(of storage: Storage) -> Int {
        switch storage {
        case .int(let v): v.count
        case .int32(let v): v.count
        case .int8(let v): v.count
        case .double(let v): v.count
        case .category(let codes, _): codes.count
        case .bool(let v): v.count
        }
    }

    @inline(__always)
    public func isMissing(_ row: Int) -> Bool {
        guard let validity else { return false }
        return !validity[row]
    }

    public var missingCount: Int {
        guard let validity else { return 0 }
        return validity.count - validity.setCount
    }

    /// The levels of a categorical column, empty for other types.
    public var levels: [String] {
        if case .category(_, let levels) = storage { return levels }
        return []
    }

    public subscript(row: Int) -> Value {
        if isMissing(row) { return .missing }
        switch storage {
        case .int(let v): return .int(v[row])
        case .int32(let v): return .int(Int64(v[row]))
        case .int8(let v): return .int(Int64(v[row]))
        case .double(let v): return .double(v[row])
        case .category(let codes, let levels): return .string(levels[Int(codes[row])])
        case .bool(let v): return .bool(v[row])
        }
    }

    /// The numeric value of a row, nil when missing or not numeric.
    @inline(__always)
    public func number(at row: Int) -> Double? {
        if isMissing(row) { return nil }
        switch storage {
        case .int(let v): return Double(v[row])
        case .int32(let v): return Double(v[row])
        case .int8(let v): return Double(v[row])
        case .double(let v): return v[row]
        case .bool(let v): return v[row] ? 1 : 0
        case .category: return nil
        }
    }

    /// All cells as values; for tests and small tables only.
    public var values: [Value] { (0..<count).map { self[$0] } }

    /// The column as doubles with missing slots set to NaN, for numeric kernels and models.
    public func doublesWithNaN() -> [Double]? {
        var out: [Double]
        switch storage {
        case .int(let v): out = v.map(Double.init)
        case .int32(let v): out = v.map(Double.init)
        case .int8(let v): out = v.map(Double.init)
        case .double(let v): out = v
        case .bool(let v): out = v.map { $0 ? 1 : 0 }
        case .category: return nil
        }
        if let validity {
            for i in 0..<out.count where !validity[i] { out[i] = .nan }
        }
        return out
    }
}

extension Column: Equatable {
    /// Cell-wise equality: same type, same missing slots, same values (categories by label).
    public static func == (a: Column, b: Column) -> Bool {
        guard a.type == b.type, a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}
