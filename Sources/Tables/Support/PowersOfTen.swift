/// Powers of ten and decimal exponents, worked out one way wherever numbers are rounded or
/// printed (result tables, the shell's figures, scorecard cut points): by repeated
/// multiplication and division, which is exact for the small powers used and needs no libm.
public enum PowersOfTen {
    /// 10ⁿ for n ≥ 0.
    @inlinable
    public static func value(_ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<n { x *= 10 }
        return x
    }

    /// |x| as mantissa · 10^exponent with 1 ≤ mantissa < 10; `x` finite and not zero.
    public static func decompose(_ x: Double) -> (mantissa: Double, exponent: Int) {
        var mantissa = abs(x), exponent = 0
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        return (mantissa, exponent)
    }
}
