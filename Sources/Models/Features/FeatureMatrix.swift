import Tables

/// Model inputs: one column of doubles per feature, NaN for missing, with each feature's
/// name and origin.
///
/// Column-major, because every consumer (binning, statistics, scaling) works a feature at
/// a time. Values are doubles so that split thresholds and exported models keep the exact
/// numbers of the table.
///
///     let x = try FeatureMatrix(table: applications, features: ["AMT_CREDIT", "CODE_GENDER"])
///     let y = try BinaryTarget.labels(from: applications, column: "TARGET")
public struct FeatureMatrix: Sendable {
    public let features: [FeatureInfo]
    public let rowCount: Int
    /// `columns[feature][row]`, NaN where missing.
    public let columns: [[Double]]
    /// How the matrix was built from a table, to encode tables to score the same way;
    /// `nil` for a matrix built directly from numbers.
    public let encoding: FeatureEncoding?

    /// Builds the features named `features` (table column names) from `table`: numeric
    /// columns as they are, categorical ones one-hot or native as `options` say.
    public init(table: Table, features: [String], options: FeatureEncoding.Options = .init()) throws(FeatureMatrixError) {
        self = try FeatureEncoding(table: table, columns: features, options: options).matrix(from: table)
    }

    /// A matrix of numeric features straight from numbers, for synthetic data and tests.
    public init(columns: [[Double]], names: [String]) {
        precondition(columns.count == names.count, "one name per column")
        let rows = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rows }, "columns differ in length")
        self.init(
            columns: columns, features: names.map { FeatureInfo(name: $0, source: $0, kind: .numeric) },
            rowCount: rows, encoding: nil)
    }

    init(columns: [[Double]], features: [FeatureInfo], rowCount: Int, encoding: FeatureEncoding?) {
        self.columns = columns
        self.features = features
        self.rowCount = rowCount
        self.encoding = encoding
    }

    public var names: [String] { features.map(\.name) }
    public var featureCount: Int { features.count }

    public subscript(row: Int, feature: Int) -> Double { columns[feature][row] }

    /// One row's values in feature order.
    public func row(_ i: Int) -> [Double] { columns.map { $0[i] } }

    /// One row's values in feature order, into a buffer reused from row to row.
    public func copyRow(_ i: Int, into row: inout [Double]) {
        if row.count != columns.count { row = [Double](repeating: 0, count: columns.count) }
        for f in columns.indices { row[f] = columns[f][i] }
    }

    /// The rows at `indices`, in that order (for folds and held-out splits).
    public func rows(_ indices: [Int]) -> FeatureMatrix {
        FeatureMatrix(
            columns: columns.map { column in indices.map { column[$0] } },
            features: features, rowCount: indices.count, encoding: encoding)
    }
}
