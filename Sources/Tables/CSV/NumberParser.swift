#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Parses numbers straight from bytes, without making a String per field.
///
/// Decimals take Clinger's fast path (an exact mantissa of at most 2^53 scaled by an
/// exact power of ten, which IEEE arithmetic rounds correctly) and fall back to
/// `strtod` for the rest, so results are bit-identical to `strtod`.
enum NumberParser {
    enum Result {
        case int(Int64)
        case double(Double)
        case invalid
    }

    /// 10^e for 0 ≤ e ≤ 22, all exact doubles. A switch over literals compiles to a constant
    /// table, where a static array would pay a lazy-initialisation check on every call.
    @inline(__always)
    private static func powerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Parses a number; short plain numbers (`-1187.0`, `6948.36`, `100004`) take a
    /// branch-light path, everything else the general one.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Result {
        if count > 0 && count <= 19, let quick = parseShort(p, count) { return quick }
        return parseGeneral(p, count)
    }

    /// Parses a short plain number starting at `start` up to the next comma, line end or
    /// `end`, returning where it stopped. The result is nil when the field is anything else
    /// (the caller then scans it and uses `parse`); an empty field gives `.invalid` at `start`.
    @inline(__always)
    static func scan(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (stop: Int, number: Result?) {
        var i = start
        let negative = i < end && base[i] == 0x2D
        if negative { i += 1 }
        var mantissa: UInt64 = 0
        var dot = -1
        let digitsStart = i
        while i < end {
            let c = base[i]
            let d = c &- 0x30
            if d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
            } else if c == 0x2E && dot < 0 {
                dot = i
            } else if c == 0x2C || c == 0x0A || c == 0x0D {
                break
            } else {
                return (i, nil)
            }
            i += 1
        }
        if i == start { return (i, .invalid) }
        let digits = i - digitsStart - (dot >= 0 ? 1 : 0)
        guard digits > 0 && digits <= 18 else { return (i, nil) }
        if dot < 0 { return (i, .int(negative ? -Int64(mantissa) : Int64(mantissa))) }
        var exponent = dot - (i - 1)
        while exponent < 0 && mantissa != 0 && mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        guard mantissa <= 1 << 53 else { return (i, nil) }
        var value = Double(mantissa)
        if exponent < 0 { value /= powerOfTen(-exponent) }
        return (i, .double(negative ? -value : value))
    }

    /// At most 18 digits with an optional sign and decimal point, nothing else: the digits
    /// fit a UInt64 without overflow checks. Returns nil to defer to the general parser.
    @inline(__always)
    private static func parseShort(_ p: UnsafePointer<UInt8>, _ count: Int) -> Result? {
        var i = 0
        let negative = p[0] == 0x2D
        if negative || p[0] == 0x2B { i = 1 }
        guard i < count else { return nil }
        var mantissa: UInt64 = 0
        var dot = -1
        while i < count {
            let d = p[i] &- 0x30
            if d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
            } else if p[i] == 0x2E && dot < 0 {
                dot = i
            } else {
                return nil
            }
            i += 1
        }
        let digits = count - (negative || p[0] == 0x2B ? 1 : 0) - (dot >= 0 ? 1 : 0)
        guard digits > 0 else { return nil }
        if dot < 0 {
            guard mantissa <= UInt64(Int64.max) else { return nil }
            return .int(negative ? -Int64(mantissa) : Int64(mantissa))
        }
        var exponent = dot - (count - 1)
        // Trailing zeros of the fraction change nothing; dropping them spares the division
        // (the slowest step) for values written like `1187.0`. Dividing by 10 is a multiply.
        while exponent < 0 && mantissa != 0 && mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        guard mantissa <= 1 << 53 else { return nil }
        var value = Double(mantissa)
        if exponent < 0 { value /= powerOfTen(-exponent) }
        return .double(negative ? -value : value)
    }

    private static func parseGeneral(_ p: UnsafePointer<UInt8>, _ count: Int) -> Result {
        var start = 0, end = count
        while start < end && p[start] == 0x20 { start += 1 }
        while end > start && p[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return .invalid }
        var i = start
        var negative = false
        if p[i] == 0x2D { negative = true; i += 1 } else if p[i] == 0x2B { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0          // significant digits accumulated in mantissa
        var droppedDigits = 0   // integer digits beyond 19 (scale by 10 each)
        var sawDigit = false
        while i < end, p[i] &- 0x30 < 10 {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
                if mantissa != 0 { digits += 1 }
            } else {
                droppedDigits += 1
            }
            i += 1
        }
        var exponent = droppedDigits
        var isDecimal = false
        if i < end, p[i] == 0x2E {
            isDecimal = true
            i += 1
            // Trailing zeros of the fraction change nothing: hold them back, so that
            // `1187.0` needs no division (the slowest step of the fast path).
            var pendingZeros = 0
            while i < end, p[i] &- 0x30 < 10 {
                sawDigit = true
                let digit = p[i] &- 0x30
                if digit == 0 {
                    pendingZeros += 1
                } else {
                    while pendingZeros > 0 && digits < 19 {
                        mantissa = mantissa &* 10
                        if mantissa != 0 { digits += 1 }
                        exponent -= 1
                        pendingZeros -= 1
                    }
                    if digits < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        digits += 1
                        exponent -= 1
                    }
                    pendingZeros = 0
                }
                i += 1
            }
        }
        guard sawDigit else { return .invalid }
        if i < end, p[i] | 0x20 == 0x65 {  // e or E
            isDecimal = true
            i += 1
            var expNegative = false
            if i < end, p[i] == 0x2D { expNegative = true; i += 1 } else if i < end, p[i] == 0x2B { i += 1 }
            var e = 0
            var sawExpDigit = false
            while i < end, p[i] &- 0x30 < 10 {
                sawExpDigit = true
                if e < 100_000 { e = e * 10 + Int(p[i] &- 0x30) }
                i += 1
            }
            guard sawExpDigit else { return .invalid }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return .invalid }
        if !isDecimal && droppedDigits == 0 {
            if negative {
                if mantissa <= UInt64(Int64.max) + 1 { return .int(mantissa == UInt64(Int64.max) + 1 ? .min : -Int64(mantissa)) }
            } else if mantissa <= UInt64(Int64.max) {
                return .int(Int64(mantissa))
            }
        }
        if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / powerOfTen(-exponent) : value * powerOfTen(exponent)
            return .double(negative ? -value : value)
        }
        // Out of range (1e400): refused as `inf` is, never read as an infinity.
        let value = slowParse(p + start, end - start)
        return value.isFinite ? .double(value) : .invalid
    }

    private static func slowParse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for k in 0..<count { buffer[k] = CChar(bitPattern: p[k]) }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
