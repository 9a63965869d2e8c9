/// Rounding of amounts to the grid of the real files.
///
/// The real amounts are mostly multiples of 0.005 (`24350.13`, `1716.525`), so amounts are
/// kept as integer thousandths ("milli") and written with `CSVLineWriter.decimal(_:scale: 3)`.
enum Amount {
    /// A thousandths amount, not negative, rounded to a multiple of 5.
    static func fiveMilli(_ milli: Double) -> Int { Int((max(0, milli) / 5).rounded()) * 5 }
}
