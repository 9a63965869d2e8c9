/// Collects one column's values for one chunk of a CSV file, widening its type as the data demands.
///
/// Values live in 8-byte slots (an Int64 or a Double's bits, or a category code) so that
/// widening integers to doubles happens in place.
struct ColumnBuilder {
    enum Kind: Equatable {
        case int, double, category, skip
    }

    enum Outcome {
        case stored
        /// The text is not a number and the column may hold text: restart as categorical.
        case needsCategory
        /// Not a value this column can hold; `integer` tells whether an integer was expected.
        case rejected(integer: Bool)
    }

    private(set) var kind: Kind
    let hint: ColumnHint
    private(set) var slots: GrowableBuffer<UInt64>
    /// Validity bits, 64 rows per word; a set bit is a present value.
    private(set) var validWords: GrowableBuffer<UInt64>
    private(set) var dictionary = ByteDictionary()

    /// `expectedRows` sizes the buffers once; a good guess spares regrowth and its page faults.
    init(hint: ColumnHint, expectedRows: Int) {
        self.hint = hint
        let rows = hint == .skip ? 16 : max(expectedRows, 1024)
        slots = GrowableBuffer(capacity: rows)
        validWords = GrowableBuffer(capacity: rows / 64 + 1)
        switch hint {
        case .category: kind = .category
        case .skip: kind = .skip
        case .auto, .number, .integer: kind = .int
        }
    }

    var count: Int { slots.count }

    @inline(__always)
    private mutating func push(_ bits: UInt64, present: Bool) {
        let row = slots.count
        if row & 63 == 0 { validWords.append(0) }
        if present { validWords[row >> 6] |= 1 << UInt64(row & 63) }
        slots.append(bits)
    }

    @inline(__always)
    mutating func appendMissing() {
        if kind != .skip { push(0, present: false) }
    }

    /// Stores one non-empty field.
    @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) -> Outcome {
        switch kind {
        case .skip:
            return .stored
        case .category:
            push(UInt64(dictionary.intern(p, n)), present: true)
            return .stored
        case .int, .double:
            return append(number: NumberParser.parse(p, n))
        }
    }

    /// Stores a parsed number, widening integers to doubles when a decimal arrives.
    @inline(__always)
    mutating func append(number: NumberParser.Result) -> Outcome {
        switch number {
            case .int(let v):
                push(kind == .int ? UInt64(bitPattern: v) : Double(v).bitPattern, present: true)
                return .stored
            case .double(let d):
                if hint == .integer {
                    guard d == d.rounded(), abs(d) < 9.2e18 else { return .rejected(integer: true) }
                    push(UInt64(bitPattern: Int64(d)), present: true)
                    return .stored
                }
                if kind == .int { widenToDouble() }
                push(d.bitPattern, present: true)
                return .stored
            case .invalid:
                switch hint {
                case .auto: return .needsCategory
                case .integer: return .rejected(integer: true)
                default: return .rejected(integer: false)
                }
        }
    }

    /// Whether fields of this column are parsed as numbers.
    var isNumeric: Bool { kind == .int || kind == .double }

    private mutating func widenToDouble() {
        for i in 0..<slots.count { slots[i] = Double(Int64(bitPattern: slots[i])).bitPattern }
        kind = .double
    }

    /// Drops values appended after `rows` (a bad row being skipped).
    mutating func truncate(to rows: Int) {
        guard kind != .skip, slots.count > rows else { return }
        slots.truncate(to: rows)
        validWords.truncate(to: (rows + 63) >> 6)
        if rows & 63 != 0 { validWords[rows >> 6] &= (1 << UInt64(rows & 63)) - 1 }
    }

    func free() {
        slots.free(); validWords.free(); dictionary.free()
    }
}
