/// Numbers as analysts read them on a chart: `1.2k`, `3.4M`, `0.05`, never `1.2000000000000002`.
///
/// Written without Foundation: fixed decimals are produced from a rounded integer.
enum NumberFormat {
    /// Thousands, millions, billions, trillions (B rather than G: money reads that way).
    private static let units: [(scale: Double, suffix: String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]

    /// `value` with exactly `decimals` digits after the point (0 to 15), no exponent.
    /// Values too large for that fall back to Swift's shortest representation.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return special(value) }
        let decimals = min(max(decimals, 0), 15)
        let scaled = (abs(value) * Math.pow10(decimals)).rounded()
        guard scaled < 9e15 else { return value.description }
        var digits = String(Int64(scaled))
        if decimals > 0 {
            if digits.count <= decimals {
                digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (value < 0 && scaled != 0 ? "-" : "") + digits
    }

    /// About `significant` significant digits, trailing zeros dropped, with k/M/B/T from a
    /// thousand on and an exponent only for very large or very small magnitudes:
    /// 1234 → "1.23k", 0.012345 → "0.0123", 987 → "987", 4.2e-7 → "4.2e-7".
    static func compact(_ value: Double, significant: Int = 3) -> String {
        guard value.isFinite else { return special(value) }
        if value == 0 { return "0" }
        let digits = max(1, significant)
        let magnitude = abs(value)
        if magnitude >= 1e15 || magnitude < 1e-4 { return scientific(value, significant: digits) }
        // The largest unit that keeps the rounded number at or above 1 (999,960 is "1M").
        let roundsUp = 1 - 0.5 * Math.pow10(-digits)
        for unit in units where magnitude >= unit.scale * roundsUp {
            let text = trimmed(roundedSignificant(value / unit.scale, digits))
            if abs(Double(text) ?? 0) < 1000 { return text + unit.suffix }
        }
        let text = trimmed(roundedSignificant(value, digits))
        if abs(Double(text) ?? 0) >= 1000 { return compact(1000 * (value < 0 ? -1 : 1), significant: digits) }
        return text
    }

    /// Labels for ticks a common `step` apart: each with just the digits the step needs, in
    /// its own unit, so 0, 500, 1k, 1.5k, 2k or 0.02, 0.04, 0.06.
    static func tickLabels(_ ticks: [Double], step: Double, suffix: String = "") -> [String] {
        guard step.isFinite, step > 0 else { return ticks.map { compact($0) + suffix } }
        let stepExponent = Int((Math.log10(step) + 1e-9).rounded(.down))
        return ticks.map { tick in
            guard tick != 0, tick.isFinite else { return compact(tick) + suffix }
            let exponent = Int((Math.log10(abs(tick)) + 1e-9).rounded(.down))
            return compact(tick, significant: min(15, max(1, exponent - stepExponent + 1))) + suffix
        }
    }

    // MARK: - Pieces

    private static func special(_ value: Double) -> String {
        value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf")
    }

    /// `value` rounded to `digits` significant digits, as fixed-point text.
    private static func roundedSignificant(_ value: Double, _ digits: Int) -> String {
        let exponent = Int(Math.log10(abs(value)).rounded(.down))
        return fixed(value, decimals: digits - 1 - exponent)
    }

    /// Drops trailing zeros after a decimal point, and the point itself when nothing follows.
    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Tick labels keep their common decimals, except that "-0" becomes "0".
    private static func trimmedIfWhole(_ text: String) -> String {
        text.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" } ? "0" : text
    }

    /// "4.2e-7", "1.23e18": a mantissa with up to `significant` digits and an integer exponent.
    private static func scientific(_ value: Double, significant: Int) -> String {
        var exponent = Int(Math.log10(abs(value)).rounded(.down))
        var mantissa = value / Math.pow10(exponent)
        var text = trimmed(fixed(mantissa, decimals: significant - 1))
        if abs(Double(text) ?? 0) >= 10 {   // 9.99 rounded up to 10
            exponent += 1
            mantissa = value / Math.pow10(exponent)
            text = trimmed(fixed(mantissa, decimals: significant - 1))
        }
        return text + "e" + String(exponent)
    }
}
