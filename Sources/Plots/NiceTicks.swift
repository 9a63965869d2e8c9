/// Axis ticks at 1, 2 or 5 times a power of ten: the steps people read without effort.
///
/// Ticks are computed by index (`k × step`), never by repeated addition, so a step that is
/// tiny next to the values cannot loop forever, and ranges near the largest Double stay finite.
struct NiceTicks: Equatable {
    /// The tick values, ascending.
    let values: [Double]
    /// The distance between neighbouring ticks.
    let step: Double

    /// The most ticks ever produced (a cap against absurd requests).
    static let limit = 200

    /// The smallest 1, 2 or 5 × 10ⁿ that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let exponent = Int(Math.log10(raw).rounded(.down))
        let power = Math.pow10(exponent)
        let fraction = raw / power * (1 - 1e-9)   // 1.0000000000000002 is 1, not a reason to double
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }

    /// About `count` ticks (never more) inside `lo...hi`.
    static func inside(_ lo: Double, _ hi: Double, about count: Int) -> NiceTicks {
        let step = niceStep(rawStep(lo, hi, count))
        return NiceTicks(values: multiples(of: step, from: lo, to: hi), step: step)
    }

    /// The range widened outwards to whole steps, and its ticks: 3…97 with about 5 ticks is
    /// 0…100 by 20. Used for count and rate axes, where a top at a round number reads well.
    static func covering(_ lo: Double, _ hi: Double, about count: Int) -> (lo: Double, hi: Double, ticks: NiceTicks) {
        let step = niceStep(rawStep(lo, hi, count))
        var newLo = (lo / step).rounded(.down) * step
        var newHi = (hi / step).rounded(.up) * step
        if !newLo.isFinite { newLo = lo }
        if !newHi.isFinite { newHi = hi }
        return (newLo, newHi, NiceTicks(values: multiples(of: step, from: newLo, to: newHi), step: step))
    }

    /// `(hi − lo) / (count − 1)`, computed so that it stays finite for any finite lo and hi.
    private static func rawStep(_ lo: Double, _ hi: Double, _ count: Int) -> Double {
        let intervals = Double(max(1, count - 1))
        return hi / intervals - lo / intervals
    }

    /// The multiples of `step` within `lo...hi` (with a little slack for rounding), values
    /// within a billionth of a step of zero written as exactly zero.
    static func multiples(of step: Double, from lo: Double, to hi: Double) -> [Double] {
        let slack = 1e-9
        let first = (lo / step - slack).rounded(.up)
        let last = (hi / step + slack).rounded(.down)
        guard first.isFinite, last.isFinite, last >= first else { return [] }
        let count = min(Double(limit), last - first + 1)
        return (0..<Int(count)).map { i in
            let value = (first + Double(i)) * step
            return abs(value) < step * slack ? 0 : value
        }
    }
}
