/// Writes the 47 building columns of an application row: 14 measurements as *_AVG, *_MODE and
/// *_MEDI, then FONDKAPREMONT_MODE, HOUSETYPE_MODE, TOTALAREA_MODE, WALLSMATERIAL_MODE and
/// EMERGENCYSTATE_MODE.
///
/// As in the real data, a measurement is present or missing in all three of its variants at
/// once, and missingness is nested: a building that has a rarely-known measurement (common area)
/// also has the usual ones. Each measurement's presence threshold gives its real missing rate.
/// Measurements are normalised to [0, 1] with four decimals; the grid-valued ones (elevators,
/// entrances, floors) are equal in the three variants, the others differ slightly.
enum BuildingWriter {
    /// One measurement: its distribution, its real missing rate, and the grid its values lie on
    /// (0 for continuous values).
    private struct Measurement {
        let curve: QuantileCurve
        let missingRate: Double
        let grid: Double
    }

    /// The share of clients with any building information (1 − EMERGENCYSTATE_MODE's missing rate).
    static let presence = 0.526

    /// In file order: APARTMENTS, BASEMENTAREA, YEARS_BEGINEXPLUATATION, YEARS_BUILD, COMMONAREA,
    /// ELEVATORS, ENTRANCES, FLOORSMAX, FLOORSMIN, LANDAREA, LIVINGAPARTMENTS, LIVINGAREA,
    /// NONLIVINGAPARTMENTS, NONLIVINGAREA.
    private static let measurements: [Measurement] = [
        Measurement(curve: QuantileCurve([(0, 0), (0.05, 0.0165), (0.25, 0.0577), (0.5, 0.0876), (0.75, 0.1485), (0.95, 0.34), (1, 1)]), missingRate: 0.5075, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.06, 0), (0.25, 0.0442), (0.5, 0.0763), (0.75, 0.1122), (0.95, 0.22), (1, 1)]), missingRate: 0.5852, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.05, 0.9672), (0.25, 0.9767), (0.5, 0.9816), (0.75, 0.9866), (0.95, 0.9955), (1, 1)]), missingRate: 0.4878, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.05, 0.45), (0.25, 0.6872), (0.5, 0.7552), (0.75, 0.8232), (0.95, 0.92), (1, 1)]), missingRate: 0.6650, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.05, 0.0015), (0.25, 0.0078), (0.5, 0.0211), (0.75, 0.0515), (0.95, 0.13), (1, 1)]), missingRate: 0.6987, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.5, 0), (0.75, 0.12), (0.95, 0.32), (1, 1)]), missingRate: 0.5330, grid: 0.04),
        Measurement(curve: QuantileCurve([(0, 0), (0.25, 0.069), (0.5, 0.1379), (0.75, 0.2069), (0.95, 0.345), (1, 1)]), missingRate: 0.5035, grid: 1.0 / 29),
        Measurement(curve: QuantileCurve([(0, 0), (0.25, 0.1667), (0.5, 0.1667), (0.75, 0.3333), (0.95, 0.6), (1, 1)]), missingRate: 0.4976, grid: 1.0 / 24),
        Measurement(curve: QuantileCurve([(0, 0), (0.25, 0.0833), (0.5, 0.2083), (0.75, 0.375), (0.95, 0.6), (1, 1)]), missingRate: 0.6785, grid: 1.0 / 24),
        Measurement(curve: QuantileCurve([(0, 0), (0.06, 0), (0.25, 0.0187), (0.5, 0.0481), (0.75, 0.0856), (0.95, 0.2), (1, 1)]), missingRate: 0.5938, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.05, 0.015), (0.25, 0.0504), (0.5, 0.0756), (0.75, 0.121), (0.95, 0.28), (1, 1)]), missingRate: 0.6835, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.05, 0.012), (0.25, 0.0453), (0.5, 0.0745), (0.75, 0.1299), (0.95, 0.3), (1, 1)]), missingRate: 0.5019, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.5, 0), (0.75, 0.0039), (0.95, 0.03), (1, 1)]), missingRate: 0.6943, grid: 0),
        Measurement(curve: QuantileCurve([(0, 0), (0.3, 0), (0.5, 0.0036), (0.75, 0.0277), (0.95, 0.12), (1, 1)]), missingRate: 0.5518, grid: 0),
    ]
    private static let totalArea = Measurement(
        curve: QuantileCurve([(0, 0), (0.05, 0.0071), (0.25, 0.0412), (0.5, 0.0688), (0.75, 0.1276), (0.95, 0.31), (1, 1)]),
        missingRate: 0.4827, grid: 0)
    private static let fondkapremontMissing = 0.6839
    private static let houseTypeMissing = 0.5018
    private static let wallsMissing = 0.5084

    /// Writes the 47 columns; all empty when the client has no building information.
    static func write(hasBuilding: Bool, to row: inout CSVLineWriter, random: inout RandomSource) {
        guard hasBuilding else {
            for _ in 0..<47 { row.empty() }
            return
        }
        // One uniform decides which measurements are known (nested missingness); one latent
        // size makes the area measurements of a building agree with each other.
        let known = random.uniform() * presence
        let size = random.normal()
        var average = [Int?](repeating: nil, count: 14)
        var mode = [Int?](repeating: nil, count: 14)
        var median = [Int?](repeating: nil, count: 14)
        for (i, m) in measurements.enumerated() where known < 1 - m.missingRate {
            let value = m.curve.value(latent: 0.8 * size + 0.6 * random.normal())
            if m.grid > 0 {
                let onGrid = toUnits((value / m.grid).rounded() * m.grid)
                average[i] = onGrid
                median[i] = onGrid
                mode[i] = random.chance(0.85) ? onGrid : toUnits(min(1, (value / m.grid).rounded(.up) * m.grid))
            } else {
                average[i] = toUnits(value)
                median[i] = toUnits(value * (1 + 0.02 * random.normal()))
                mode[i] = toUnits(value * (1 + 0.05 * random.normal()))
            }
        }
        for value in average { row.decimal(value, scale: 4) }
        for value in mode { row.decimal(value, scale: 4) }
        for value in median { row.decimal(value, scale: 4) }

        row.label(known < 1 - fondkapremontMissing ? ApplicationLevels.fondkapremont[ApplicationLevels.fondkapremont.draw(&random)] : nil)
        row.label(known < 1 - houseTypeMissing ? ApplicationLevels.houseType[ApplicationLevels.houseType.draw(&random)] : nil)
        row.decimal(known < 1 - totalArea.missingRate ? toUnits(totalArea.curve.value(latent: 0.8 * size + 0.6 * random.normal())) : nil, scale: 4)
        row.label(known < 1 - wallsMissing ? ApplicationLevels.wallsMaterial[ApplicationLevels.wallsMaterial.draw(&random)] : nil)
        row.label(ApplicationLevels.emergencyState[ApplicationLevels.emergencyState.draw(&random)])
    }

    /// A value in [0, 1] as ten-thousandths.
    private static func toUnits(_ value: Double) -> Int { Int((min(1, max(0, value)) * 10_000).rounded()) }
}
