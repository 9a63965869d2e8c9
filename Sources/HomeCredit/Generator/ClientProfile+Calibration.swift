// The real distributions the application columns are drawn from: quantiles from stats.md
// (min, p05, p25, median, p75, p95, max) and the shares of loan terms and card limits.

extension ClientProfile {
    /// `value` rounded to a multiple of `step`, at least `step`.
    static func roundTo(_ value: Double, _ step: Int) -> Int {
        max(step, Int((value / Double(step)).rounded()) * step)
    }

    /// Age in days (DAYS_BIRTH negated): real min, p05, p25, median, p75, p95, max.
    static let ageDays = QuantileCurve([
        (0, 7_489), (0.05, 9_395), (0.25, 12_413), (0.5, 15_750), (0.75, 19_682), (0.95, 23_167), (1, 25_229),
    ])
    static let employedDays = QuantileCurve([
        (0, 1), (0.05, 208), (0.25, 767), (0.5, 1_648), (0.75, 3_175), (0.95, 7_363), (1, 17_912),
    ])
    static let registrationDays = QuantileCurve([
        (0, 0), (0.05, 307), (0.25, 2_010), (0.5, 4_504), (0.75, 7_480), (0.95, 11_587), (1, 24_672),
    ])
    static let idPublishDays = QuantileCurve([
        (0, 0), (0.05, 357), (0.25, 1_720), (0.5, 3_254), (0.75, 4_299), (0.95, 4_934), (1, 7_197),
    ])
    static let phoneChangeDays = QuantileCurve([
        (0, 1), (0.05, 90), (0.25, 350), (0.5, 860), (0.75, 1_600), (0.95, 2_660), (1, 4_292),
    ])
    static let ext1Curve = QuantileCurve([
        (0, 0.014568), (0.05, 0.159), (0.25, 0.334), (0.5, 0.506), (0.75, 0.675), (0.95, 0.832), (1, 0.962693),
    ])
    static let ext2Curve = QuantileCurve([
        (0, 0.001), (0.05, 0.133), (0.25, 0.3925), (0.5, 0.566), (0.75, 0.6636), (0.95, 0.748), (1, 0.855),
    ])
    static let ext3Curve = QuantileCurve([
        (0, 0.000527), (0.05, 0.154), (0.25, 0.3706), (0.5, 0.535), (0.75, 0.669), (0.95, 0.790), (1, 0.896),
    ])

    /// Cash loan terms in months, shortest first.
    static let terms = WeightedValues([(12, 0.20), (18, 0.10), (24, 0.25), (30, 0.05), (36, 0.20), (48, 0.10), (60, 0.10)])
    static let revolvingLimits = WeightedValues([
        (135_000, 0.28), (270_000, 0.22), (225_000, 0.10), (180_000, 0.08), (450_000, 0.08), (90_000, 0.06),
        (67_500, 0.04), (112_500, 0.04), (315_000, 0.03), (360_000, 0.03), (540_000, 0.02), (675_000, 0.02),
    ])
}
