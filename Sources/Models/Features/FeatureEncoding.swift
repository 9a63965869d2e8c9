import Tables

/// How table columns become model inputs, learnt once on the training table and then
/// applied unchanged to any table to be scored (same one-hot levels, same category codes,
/// matched by label, not by position).
///
///     let encoding = try FeatureEncoding(table: train, columns: ["AMT_CREDIT", "NAME_CONTRACT_TYPE"])
///     let x = try encoding.matrix(from: test)
public struct FeatureEncoding: Sendable, Equatable, Codable {
    /// How categorical columns are turned into numbers.
    public enum Categorical: String, Sendable, Codable {
        /// One 0/1 feature per level, as pandas' `get_dummies` (and the Home Credit kernels).
        case oneHot
        /// One feature holding the level code, for trees that split on sets of categories.
        case native
    }

    public struct Options: Sendable, Equatable, Codable {
        public var categorical: Categorical
        /// Adds a `COLUMN_nan` indicator for missing categories (pandas' `dummy_na`).
        public var missingIndicator: Bool
        /// A guard against one-hot encoding an identifier-like column into thousands of features.
        public var maxOneHotLevels: Int
        /// Numeric codes that are not values (Home Credit's 365243 days for "no such date"):
        /// a column holding its code in training is read as missing there, with a 0/1 feature
        /// `COLUMN_ANOM` saying where the code was, as the public kernel does.
        public var sentinels: [String: Double]?
        /// One-hot: leave out each column's most frequent training level (the reference),
        /// so that a linear model's level coefficients read as differences from it.
        public var dropReference: Bool?

        public init(categorical: Categorical = .oneHot, missingIndicator: Bool = false, maxOneHotLevels: Int = 200) {
            self.categorical = categorical
            self.missingIndicator = missingIndicator
            self.maxOneHotLevels = maxOneHotLevels
        }
    }

    /// One source column and the features it yields.
    struct Source: Sendable, Equatable, Codable {
        let column: String
        /// Empty for a numeric column; the training levels of a categorical one.
        let levels: [String]
        let isCategorical: Bool
        /// A numeric column's code for "not a value", when training rows held it: read as
        /// missing, and flagged in a second feature.
        var sentinel: Double? = nil
        /// One-hot with `dropReference`: the level without an indicator.
        var reference: String? = nil
    }

    /// Each one-hot column's reference level (left out), when the encoding drops one.
    public var referenceLevels: [(column: String, level: String)] {
        sources.compactMap { source in source.reference.map { (source.column, $0) } }
    }

    let sources: [Source]
    public let options: Options
    /// The features, in matrix order.
    public let features: [FeatureInfo]

    /// Learns the encoding of `columns` of `table`: their types and categorical levels.
    public init(table: Table, columns: [String], options: Options = Options()) throws(FeatureMatrixError) {
        var sources: [Source] = []
        var features: [FeatureInfo] = []
        for name in columns {
            guard let column = table[name] else {
                throw .unknownColumn(name, suggestions: NameSuggester.nearest(to: name, in: table.names))
            }
            if column.type == .category {
                let levels = column.levels
                if options.categorical == .oneHot && levels.count > options.maxOneHotLevels {
                    throw .tooManyLevels(column: name, levels: levels.count, limit: options.maxOneHotLevels)
                }
                var source = Source(column: name, levels: levels, isCategorical: true)
                if options.categorical == .oneHot, options.dropReference == true, levels.count >= 2 {
                    let counts = column.levelCounts()
                    source.reference = levels[counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!]
                }
                sources.append(source)
                features += Self.features(ofCategorical: name, levels: levels, options: options).filter { feature in
                    if case .indicator(let level) = feature.kind { return level != source.reference }
                    return true
                }
            } else {
                var source = Source(column: name, levels: [], isCategorical: false)
                features.append(FeatureInfo(name: name, source: name, kind: .numeric))
                if let code = options.sentinels?[name], let values = column.doublesWithNaN(), values.contains(code) {
                    source.sentinel = code
                    features.append(FeatureInfo(name: Self.sentinelFlag(name), source: name, kind: .numeric))
                }
                sources.append(source)
            }
        }
        var seen = Set<String>()
        for feature in features where !seen.insert(feature.name).inserted {
            throw .duplicateFeature(feature.name)
        }
        self.sources = sources
        self.options = options
        self.features = features
    }

    /// The name of the feature that flags a column's sentinel code (the kernel's).
    public static func sentinelFlag(_ column: String) -> String { column + "_ANOM" }

    private static func features(ofCategorical name: String, levels: [String], options: Options) -> [FeatureInfo] {
        switch options.categorical {
        case .native:
            return [FeatureInfo(name: name, source: name, kind: .categorical(levels: levels))]
        case .oneHot:
            var out = levels.map { FeatureInfo(name: "\(name)_\($0)", source: name, kind: .indicator(level: $0)) }
            if options.missingIndicator {
                out.append(FeatureInfo(name: "\(name)_nan", source: name, kind: .missingIndicator))
            }
            return out
        }
    }

    /// The encoding of a model trained elsewhere (LightGBM in Python): each feature is read
    /// from the table column of its name, numbers as they are; a categorical feature maps the
    /// column's labels to codes through `levels` when `labelled` (pandas' categories), else
    /// reads the codes from a numeric column.
    public init(imported features: [FeatureInfo], labelled: Bool) {
        var options = Options()
        options.categorical = .native
        self.options = options
        self.features = features
        sources = features.map { feature in
            if labelled, case .categorical(let levels) = feature.kind {
                return Source(column: feature.source, levels: levels, isCategorical: true)
            }
            return Source(column: feature.source, levels: [], isCategorical: false)
        }
    }

    /// Encodes `table` (the training table or one to score) as a feature matrix.
    ///
    /// A category level the encoding has not seen gives 0 in every indicator (one-hot) or a
    /// missing code (native), so scoring never fails on a new level.
    public func matrix(from table: Table) throws(FeatureMatrixError) -> FeatureMatrix {
        var columns: [[Double]] = []
        columns.reserveCapacity(features.count)
        for source in sources {
            guard let column = table[source.column] else {
                throw .unknownColumn(source.column, suggestions: NameSuggester.nearest(to: source.column, in: table.names))
            }
            if source.isCategorical {
                guard case .category(let codes, let levels) = column.storage else {
                    throw .typeMismatch(column: source.column, expected: "categorical", found: column.type)
                }
                var encoded = encodeCategorical(column, codes: codes, levels: levels, training: source.levels)
                if let reference = source.reference, options.categorical == .oneHot, let k = source.levels.firstIndex(of: reference) {
                    encoded.remove(at: k)
                }
                columns += encoded
            } else {
                guard var values = column.doublesWithNaN() else {
                    throw .typeMismatch(column: source.column, expected: "numeric", found: column.type)
                }
                if let code = source.sentinel {
                    var flag = [Double](repeating: 0, count: values.count)
                    for i in values.indices where values[i] == code {
                        flag[i] = 1
                        values[i] = .nan
                    }
                    columns.append(values)
                    columns.append(flag)
                } else {
                    columns.append(values)
                }
            }
        }
        return FeatureMatrix(columns: columns, features: features, rowCount: table.rowCount, encoding: self)
    }

    private func encodeCategorical(_ column: Column, codes: [Int32], levels: [String], training: [String]) -> [[Double]] {
        // Map this table's codes to the training codes by label; -1 = unseen or missing.
        var trainingCode = [String: Int](minimumCapacity: training.count)
        for (i, level) in training.enumerated() { trainingCode[level] = i }
        let remap = levels.map { trainingCode[$0] ?? -1 }
        let n = codes.count
        var mapped = [Int](repeating: -1, count: n)
        for i in 0..<n where !column.isMissing(i) { mapped[i] = remap[Int(codes[i])] }

        switch options.categorical {
        case .native:
            return [mapped.map { $0 < 0 ? .nan : Double($0) }]
        case .oneHot:
            var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: training.count)
            for i in 0..<n where mapped[i] >= 0 { out[mapped[i]][i] = 1 }
            if options.missingIndicator {
                out.append((0..<n).map { column.isMissing($0) ? 1 : 0 })
            }
            return out
        }
    }
}
