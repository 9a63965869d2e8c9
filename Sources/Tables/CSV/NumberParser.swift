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

    private static let powersOfTen: [Double] = (0...22).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Result {
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
            value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
            return .double(negative ? -value : value)
        }
        return .double(slowParse(p + start, end - start))
    }

    private static func slowParse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for k in 0..<count { buffer[k] = CChar(bitPattern: p[k]) }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
