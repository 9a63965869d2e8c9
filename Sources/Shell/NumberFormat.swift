import Tables

/// Fixed decimals for the figures the shell itself prints (times, totals).
enum NumberFormat {
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x.description }
        let scale = PowersOfTen.value(decimals)
        let rounded = (abs(x) * scale).rounded()
        let whole = Int(rounded / scale)
        var fraction = String(Int(rounded - Double(whole) * scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        let sign = x < 0 && rounded != 0 ? "-" : ""
        return decimals == 0 ? sign + String(whole) : sign + String(whole) + "." + fraction
    }
}

extension NumberFormat {
    /// An integer with thousands separators: 1,234,567.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}

extension NumberFormat {
    /// `x` rounded to `places` decimals, for figures stored in result tables.
    static func round(_ x: Double, _ places: Int) -> Double {
        let scale = PowersOfTen.value(places)
        return (x * scale).rounded() / scale
    }

    /// `x` to `digits` significant digits: for figures whose size varies by orders of
    /// magnitude, such as coefficients per unit of currency (2.315e-7) next to per flag (7.44).
    static func round(_ x: Double, significant digits: Int) -> Double {
        guard x != 0, x.isFinite else { return x }
        let places = digits - 1 - PowersOfTen.decompose(x).exponent
        guard places > 0 else {
            let scale = PowersOfTen.value(-places)
            return (x / scale).rounded() * scale
        }
        return places > 300 ? x : round(x, places)
    }
}
