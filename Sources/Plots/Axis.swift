/// Maps data values onto a row or column of cells (or dots), for any finite range.
///
/// The arithmetic halves everything first, so even `-Double.greatestFiniteMagnitude...
/// Double.greatestFiniteMagnitude` maps without overflowing to infinity.
struct Scale: Equatable {
    let lo: Double
    let hi: Double

    /// A scale over `lo...hi`; an empty or reversed range is widened around its value
    /// (±10%, or ±1 around zero) so that every value still has a place.
    init(_ lo: Double, _ hi: Double) {
        (self.lo, self.hi) = Scale.widened(lo, hi)
    }

    /// Where `value` lies in the range: 0 at `lo`, 1 at `hi`.
    func fraction(_ value: Double) -> Double {
        (value * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5)
    }

    /// The value at a fraction of the range.
    func value(at fraction: Double) -> Double {
        lo * (1 - fraction) + hi * fraction
    }

    /// The index of `value` among `count` equal slots, 0 at `lo`, clamped to `0..<count`.
    func index(_ value: Double, of count: Int) -> Int {
        Math.floorIndex(fraction(value) * Double(count), in: 0...max(0, count - 1))
    }

    /// A non-empty range around `lo...hi`.
    static func widened(_ lo: Double, _ hi: Double) -> (Double, Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        if lo < hi { return (lo, hi) }
        let middle = lo
        let half = middle == 0 ? 1 : abs(middle) * 0.1
        // Next to the largest Double one side would overflow: keep the value as that end.
        if !(middle + half).isFinite { return (middle - half, middle) }
        if !(middle - half).isFinite { return (middle, middle + half) }
        return (middle - half, middle + half)
    }
}

/// One axis: the scale of the data along it, where the ticks go (in the scale's units) and
/// what they say.
struct Axis {
    var scale: Scale
    var ticks: [Double]
    var labels: [String]

    /// Ticks inside `lo...hi` (the data range stays the axis range), about `count` of them.
    static func tight(_ lo: Double, _ hi: Double, about count: Int, suffix: String = "") -> Axis {
        let scale = Scale(lo, hi)
        let ticks = NiceTicks.inside(scale.lo, scale.hi, about: count)
        return Axis(scale: scale, ticks: ticks.values,
                    labels: NumberFormat.tickLabels(ticks.values, step: ticks.step, suffix: suffix))
    }

    /// The range widened to the nearest ticks outside it (0…97 becomes 0…100).
    static func covering(_ lo: Double, _ hi: Double, about count: Int, suffix: String = "") -> Axis {
        let (lo, hi) = Scale.widened(lo, hi)
        let covered = NiceTicks.covering(lo, hi, about: count)
        return Axis(scale: Scale(covered.lo, covered.hi), ticks: covered.ticks.values,
                    labels: NumberFormat.tickLabels(covered.ticks.values, step: covered.ticks.step, suffix: suffix))
    }

    /// An axis over `lo...hi` in log10 units, labelled with the original values: ticks at
    /// 1, 2 and 5 times each power of ten when there is room, at powers of ten (every one, or
    /// every second, fifth…) when there is not, and at nice values of the original scale when
    /// the range is less than a decade.
    static func log10(_ lo: Double, _ hi: Double, about count: Int) -> Axis {
        let scale = Scale(lo, hi)
        let decades = scale.hi - scale.lo
        guard decades >= 1 else {
            let linear = NiceTicks.inside(Math.pow(10, scale.lo), Math.pow(10, scale.hi), about: count)
            let positive = linear.values.filter { $0 > 0 }
            return Axis(scale: scale, ticks: positive.map(Math.log10),
                        labels: NumberFormat.tickLabels(positive, step: linear.step))
        }
        if Double(count) >= 3 * decades {
            var ticks: [Double] = [], labels: [String] = []
            let first = Int(scale.lo.rounded(.down)), last = Int(scale.hi.rounded(.up))
            for exponent in first...last {
                for mantissa in [1.0, 2, 5] {
                    let tick = Math.log10(mantissa) + Double(exponent)
                    guard tick >= scale.lo - 1e-9, tick <= scale.hi + 1e-9 else { continue }
                    ticks.append(tick)
                    labels.append(NumberFormat.compact(mantissa * Math.pow10(exponent)))
                }
            }
            return Axis(scale: scale, ticks: ticks, labels: labels)
        }
        let step = max(1, NiceTicks.inside(scale.lo, scale.hi, about: count).step.rounded())
        let exponents = NiceTicks.multiples(of: step, from: scale.lo, to: scale.hi)
        return Axis(scale: scale, ticks: exponents, labels: exponents.map { NumberFormat.compact(Math.pow(10, $0)) })
    }

    /// The widest label, in cells.
    var labelWidth: Int { labels.map(TextCells.width).max() ?? 0 }
}
