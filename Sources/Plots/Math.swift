#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// The few libm functions the plots need (the standard library has no exp or log), behind one
/// name so no other file imports the C library.
enum Math {
    static func exp(_ x: Double) -> Double { libmExp(x) }
    static func log(_ x: Double) -> Double { libmLog(x) }
    static func log10(_ x: Double) -> Double { libmLog10(x) }
    static func log2(_ x: Double) -> Double { libmLog2(x) }
    static func pow(_ x: Double, _ y: Double) -> Double { libmPow(x, y) }

    /// 10 to an integer power, exact for the powers a Double holds exactly.
    static func pow10(_ exponent: Int) -> Double { pow(10, Double(exponent)) }

    /// Clamps to `range`; NaN goes to the lower bound.
    static func clamp(_ x: Double, _ range: ClosedRange<Double>) -> Double {
        guard x >= range.lowerBound else { return range.lowerBound }
        return Swift.min(x, range.upperBound)
    }

    /// Rounds down to an Int without trapping on NaN, infinities or huge values: those are
    /// clamped to `range` first. Plots map data to cells with this.
    static func floorIndex(_ x: Double, in range: ClosedRange<Int>) -> Int {
        let clamped = clamp(x.rounded(.down), Double(range.lowerBound)...Double(range.upperBound))
        return Int(clamped)
    }
}

// The C functions under names that cannot clash with the static members above.
private func libmExp(_ x: Double) -> Double { exp(x) }
private func libmLog(_ x: Double) -> Double { log(x) }
private func libmLog10(_ x: Double) -> Double { log10(x) }
private func libmLog2(_ x: Double) -> Double { log2(x) }
private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
