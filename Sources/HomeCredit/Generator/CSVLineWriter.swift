/// Appends CSV fields to a byte buffer, formatted exactly as pandas' `to_csv` writes them.
///
/// Writing 2.4 GB must not create a `String` per field, so numbers are formatted with integer
/// arithmetic straight into bytes. Every field is followed by a comma; `endRow()` turns the
/// last comma into the CRLF line end. The formats:
///
/// | call | writes | pandas column |
/// |---|---|---|
/// | `integer(-9461)` | `-9461` | int64 |
/// | `wholeReal(-3648)` | `-3648.0` | float64 holding a whole number |
/// | `decimal(247005, scale: 1)` | `24700.5` | float64 with a few decimals (amounts) |
/// | `double(0.0830369…)` | `0.08303696739132256` | float64 at full precision |
/// | `label(…)` | `Cash loans`, `"Stone, brick"` | object |
/// | `empty()` | (nothing) | missing value |
///
/// For a decimal with at most 15 significant digits, Python's float repr is that decimal with
/// trailing zeros removed and at least one digit after the point, which is what `decimal` writes.
///
/// The bytes live in a buffer the writer owns (hence `~Copyable`): each field first makes room
/// for its longest form, then stores bytes straight into memory, which keeps the writer fast
/// in debug builds too, where per-byte `Array.append` calls dominate.
struct CSVLineWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0
    /// Rows completed so far.
    private(set) var rows = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 4_096)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written so far.
    func copyBytes() -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    private static let comma = UInt8(ascii: ",")

    /// The header row: the column names of `file`, in file order.
    mutating func header(for file: HomeCreditFile) {
        for field in file.fields { label(Label(field.name)) }
        endRow()
        rows = 0  // the header is not a data row
    }

    /// Ends the current row: the trailing comma becomes a CRLF line end, as in the real files.
    @inline(__always)
    mutating func endRow() {
        reserve(1)
        base[count - 1] = UInt8(ascii: "\r")
        base[count] = UInt8(ascii: "\n")
        count += 1
        rows += 1
    }

    /// A missing value.
    @inline(__always)
    mutating func empty() {
        reserve(1)
        put(Self.comma)
    }

    /// A category label (already quoted when it contains a comma).
    @inline(__always)
    mutating func label(_ label: Label) {
        reserve(label.bytes.count + 1)
        for byte in label.bytes { put(byte) }
        put(Self.comma)
    }

    /// An optional label: missing when nil.
    @inline(__always)
    mutating func label(_ label: Label?) {
        if let label { self.label(label) } else { empty() }
    }

    /// A whole number written without decimals (`-9461`).
    @inline(__always)
    mutating func integer(_ value: Int) {
        reserve(22)
        putDigits(value)
        put(Self.comma)
    }

    /// A whole number in a float column (`-3648.0`).
    @inline(__always)
    mutating func wholeReal(_ value: Int) {
        reserve(24)
        putDigits(value)
        put(UInt8(ascii: "."))
        put(UInt8(ascii: "0"))
        put(Self.comma)
    }

    /// An optional whole number in a float column: missing when nil.
    @inline(__always)
    mutating func wholeReal(_ value: Int?) {
        if let value { wholeReal(value) } else { empty() }
    }

    /// The decimal `units / 10^scale` in a float column, as Python's repr writes it:
    /// `decimal(247005, scale: 1)` is `24700.5`, `decimal(2025000, scale: 1)` is `202500.0`,
    /// `decimal(18801, scale: 6)` is `0.018801`.
    @inline(__always)
    mutating func decimal(_ units: Int, scale: Int) {
        reserve(32)
        var magnitude = units
        if units < 0 {
            put(UInt8(ascii: "-"))
            magnitude = -units
        }
        let divisor = Self.powersOfTen[scale]
        putDigits(magnitude / divisor)
        put(UInt8(ascii: "."))
        var fraction = magnitude % divisor
        if fraction == 0 {
            put(UInt8(ascii: "0"))
        } else {
            // Drop trailing zeros, then write the remaining digits zero-padded on the left.
            var digits = scale
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            var place = Self.powersOfTen[digits - 1]
            while place > 0 {
                put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (fraction / place) % 10))
                place /= 10
            }
        }
        put(Self.comma)
    }

    /// An optional decimal: missing when nil.
    @inline(__always)
    mutating func decimal(_ units: Int?, scale: Int) {
        if let units { decimal(units, scale: scale) } else { empty() }
    }

    /// A float at full precision, as Python's repr writes it (shortest round-trip digits).
    /// Swift's `description` agrees with Python for values written without an exponent, which
    /// is every value in [1e-4, 1e16); callers keep their values in that range (or at 0).
    mutating func double(_ value: Double) {
        assert(value == 0 || (abs(value) >= 1e-4 && abs(value) < 1e16), "value would need an exponent")
        reserve(32)
        for byte in value.description.utf8 { put(byte) }
        put(Self.comma)
    }

    /// An optional float at full precision: missing when nil.
    mutating func double(_ value: Double?) {
        if let value { double(value) } else { empty() }
    }

    static let powersOfTen: [Int] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    // MARK: - Buffer

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Stores one byte; room was reserved by the caller.
    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// Stores the decimal digits of `value` (with a minus sign when negative).
    @inline(__always)
    private mutating func putDigits(_ value: Int) {
        var magnitude = value.magnitude
        if value < 0 { put(UInt8(ascii: "-")) }
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        // Fill from the last digit back.
        var position = count + digits - 1
        repeat {
            base[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            position -= 1
        } while magnitude > 0
        count += digits
    }
}

/// A category label as the bytes written to the file, quoted when it contains a comma
/// (`Spouse, partner` is written `"Spouse, partner"`, as in the real files).
struct Label: Sendable {
    let bytes: [UInt8]

    init(_ text: String) {
        let quote = UInt8(ascii: "\"")
        let raw = Array(text.utf8)
        guard raw.contains(UInt8(ascii: ",")) || raw.contains(quote) else {
            bytes = raw
            return
        }
        // CSV quoting: wrap in quotes and double any quote inside.
        var quoted = [quote]
        for byte in raw {
            quoted.append(byte)
            if byte == quote { quoted.append(quote) }
        }
        quoted.append(quote)
        bytes = quoted
    }
}
