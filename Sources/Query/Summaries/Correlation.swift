import Tables

/// `corr … with TARGET`: Pearson correlation of every numeric column with a target, on the
/// rows where both are present, ranked by strength.
public enum Correlation {
    public static func ranked(_ table: Table, with targetName: String) throws(TableError) -> Table {
        let target = try table.column(targetName)
        guard let y = target.doublesWithNaN() else {
            throw .typeMismatch(column: targetName, expected: "a numeric column to correlate with", found: target.type)
        }
        var rows: [(name: String, r: Double, n: Int)] = []
        for (name, column) in zip(table.names, table.columns) where name != targetName && column.type != .category && !name.hasPrefix("SK_ID_") {
            guard let x = column.doublesWithNaN() else { continue }
            if let (r, n) = pearson(x, y) { rows.append((name, r, n)) }
        }
        rows.sort { abs($0.r) != abs($1.r) ? abs($0.r) > abs($1.r) : $0.name < $1.name }
        return try Table([
            ("column", Column(strings: rows.map(\.name))),
            ("r", Column(doubles: rows.map(\.r))),
            ("abs_r", Column(doubles: rows.map { abs($0.r) })),
            ("rows", Column(ints: rows.map { Int64($0.n) })),
        ])
    }

    /// Pearson's r of two equal-length columns (NaN = missing), over the rows where both are present.
    public static func pearsonR(_ x: [Double], _ y: [Double]) -> Double? { pearson(x, y)?.0 }

    /// r over the pairs where both values are present; nil if fewer than 3 pairs or no variance.
    static func pearson(_ x: [Double], _ y: [Double]) -> (Double, Int)? {
        var n = 0
        var mx = 0.0, my = 0.0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN { n += 1; mx += x[i]; my += y[i] }
        guard n >= 3 else { return nil }
        mx /= Double(n); my /= Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0 && syy > 0 else { return nil }
        return (sxy / (sxx * syy).squareRoot(), n)
    }
}
