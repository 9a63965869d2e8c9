/// A named sample of values, such as AMT_CREDIT of the clients with TARGET = 1.
/// Kinds that compare groups (histogram, box plot, density, ECDF) take several.
public struct Series: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(_ name: String, _ values: [Double]) {
        self.name = name
        self.values = values
    }

    /// Splits `values` by the parallel `keys` (e.g. TARGET as "0" and "1"), groups in the order
    /// their key first appears. Extra values or keys beyond the shorter array are ignored.
    public static func grouped(_ values: [Double], by keys: [String]) -> [Series] {
        var order: [String] = []
        var byKey: [String: [Double]] = [:]
        for (value, key) in zip(values, keys) {
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(value)
        }
        return order.map { Series($0, byKey[$0]!) }
    }
}

/// A named series of (x, y) points, such as the default rate by score decile.
public struct XYSeries: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]

    public init(_ name: String, x: [Double], y: [Double]) {
        self.name = name
        self.x = x
        self.y = y
    }
}
