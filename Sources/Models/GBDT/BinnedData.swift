import Tables
/// Rows as bin codes, one byte per (feature, row), stored feature after feature.
///
/// Feature-major because histograms of the root are built one feature at a time over all
/// rows, reading each column sequentially, and a split reads one column. A byte per value
/// is an eighth of the doubles it replaces.
struct BinnedData: Sendable {
    let rowCount: Int
    let bins: [FeatureBins]
    /// `codes.base[feature * rowCount + row]`; a fixed address, for the kernels.
    let codes: RawBuffer<UInt8>

    var featureCount: Int { bins.count }

    /// Bins `matrix` with boundaries learnt elsewhere (the training rows' `bins`).
    init(matrix: FeatureMatrix, bins: [FeatureBins], threads: Int) {
        precondition(matrix.featureCount == bins.count, "one binning per feature")
        let n = matrix.rowCount, featureCount = bins.count
        let codes = RawBuffer<UInt8>(count: n * featureCount, repeating: 0)
        let out = codes.shared, columns = matrix.columns
        // Each item writes only its own feature's codes.
        Parallel.forEach(featureCount, threads: threads) { f in
            columns[f].withUnsafeBufferPointer { values in
                if let base = values.baseAddress { bins[f].codes(of: base, count: n, into: out.base + f * n) }
            }
        }
        self.rowCount = n
        self.bins = bins
        self.codes = codes
    }

    /// Learns each feature's bins from a deterministic sample of at most
    /// `parameters.binSampleSize` rows (the same rows for every feature).
    static func learnBins(
        _ matrix: FeatureMatrix, parameters: GBDTParameters
    ) throws(GBDTError) -> [FeatureBins] {
        let n = matrix.rowCount
        let sampleRows: [Int32]?
        if n > parameters.binSampleSize {
            var rng = SeededGenerator(seed: parameters.seed, stream: RandomStream.binSample)
            sampleRows = rng.sample(parameters.binSampleSize, of: n)
        } else {
            sampleRows = nil
        }
        for feature in matrix.features {
            if case .categorical(let levels) = feature.kind, levels.count > 255 {
                throw .tooManyCategories(feature: feature.name, levels: levels.count, limit: 255)
            }
        }
        var result = [FeatureBins?](repeating: nil, count: matrix.featureCount)
        result.withUnsafeMutableBufferPointer { buffer in
            let out = SharedPointer(buffer.baseAddress!)
            let columns = matrix.columns, features = matrix.features, maxBins = parameters.maxBins
            Parallel.forEach(matrix.featureCount, threads: parameters.threads) { f in
                if case .categorical(let levels) = features[f].kind {
                    out.base[f] = FeatureBins(categoryCount: levels.count)
                    return
                }
                let column = columns[f]
                var sample: [Double]
                if let sampleRows {
                    sample = []
                    sample.reserveCapacity(sampleRows.count)
                    for r in sampleRows where !column[Int(r)].isNaN { sample.append(column[Int(r)]) }
                } else {
                    sample = column.filter { !$0.isNaN }
                }
                RadixSort.sort(&sample)
                out.base[f] = FeatureBins.quantiles(sortedValues: sample, maxBins: maxBins)
            }
        }
        return result.map { $0! }
    }
}

extension BinnedData {
    /// Rows per bin of every feature (the missing bin last).
    ///
    /// Rows 4k … 4k+3 count into four separate tables, then added: most columns have a
    /// dominant bin, and one table would make every row wait for the previous row's store.
    func binCounts(threads: Int) -> [[Int]] {
        let n = rowCount, codes = codes, bins = bins
        return Parallel.map(bins.count, threads: threads) { f in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * 256) { tables in
                let t = tables.baseAddress!
                t.initialize(repeating: 0, count: 4 * 256)
                let column = codes.base + f * n
                var r = 0
                while r &+ 3 < n {
                    t[Int(column[r])] &+= 1
                    t[256 &+ Int(column[r &+ 1])] &+= 1
                    t[512 &+ Int(column[r &+ 2])] &+= 1
                    t[768 &+ Int(column[r &+ 3])] &+= 1
                    r &+= 4
                }
                while r < n {
                    t[Int(column[r])] &+= 1
                    r &+= 1
                }
                return (0..<bins[f].binCount).map { t[$0] + t[256 + $0] + t[512 + $0] + t[768 + $0] }
            }
        }
    }
}
