import Tables
/// Builds a leaf's histograms (Σgrad, Σhess, count per bin of every selected feature) on
/// several threads, with results that do not depend on the number of threads.
///
/// Passes run over the columns of `FeatureBundles`: a bundle of mutually exclusive features
/// is summed once into its own histogram, which is then spread over its members' bins.
/// Every feature's default (most frequent) bin is then set to the leaf's totals minus its
/// other bins, whether the feature was bundled or not: that is what a bundle cannot sum
/// directly, and doing the same for unbundled features keeps the two ways bit-identical.
///
/// How the sums stay in a fixed order: a leaf's rows are cut into chunks of `chunkRows`
/// consecutive rows, a size that depends only on the data. Each chunk is summed row by row
/// into its own partial histogram (the first chunk directly into the target), and the
/// partials are then added to the target in chunk order. Threads only decide who computes
/// which (chunk, feature group) item; every floating-point sum is the same sequence of
/// additions with 1 thread or with 8. When a leaf has fewer chunks than threads, the
/// features are split between threads as well, which never changes a sum either.
///
/// Within a chunk, each feature is summed into four interleaved copies that are then folded
/// (see `HistogramKernels`); that too is a fixed order.
///
/// The chunks also keep the working set small: a chunk's gradients (2 × 8 bytes × 32k rows)
/// stay in cache while every feature's loop re-reads them.
///
/// Measured and rejected: a row-major copy of the codes for small leaves (LightGBM's
/// "row-wise" mode), on the grounds that a leaf's scattered rows touch every cache line of
/// every column. On this machine (32 MB L3) gathering from the columns costs 1.1–1.3 ns per
/// row and feature at 20–50% of the rows and 2.8 ns at 5%, while the row-wise loop cost
/// 2.1–3.7 ns: it only broke even on the smallest leaves, which are the cheapest anyway.
struct HistogramBuilder: Sendable {
    let data: BinnedData
    let bundles: FeatureBundles
    /// First bin of each feature inside a histogram set.
    let binOffsets: [Int]
    /// Bins of each feature (value bins + the missing bin).
    let binCounts: [Int]
    /// Doubles in one histogram set (every feature's bins × 3).
    let setSize: Int
    /// First code of each bundle in the bundle layout (partials and bundle histograms).
    private let bundleOffsets: [Int]
    /// Doubles in one set of bundle histograms (every bundle's codes × 3).
    private let bundleSetSize: Int
    let chunkRows: Int
    let threads: Int
    /// Partial histograms of chunks 1, 2, … of the leaf being built, in the bundle layout.
    private let scratch: RawBuffer<Double>
    /// Chunk 0's histograms of bundles of several features, before they are spread out.
    private let bundleHistograms: RawBuffer<Double>
    /// (gradient, hessian) pairs gathered into the leaf's row order, by position in `rows`.
    private let ordered: RawBuffer<SIMD2<Double>>

    init(data: BinnedData, parameters: GBDTParameters) {
        self.data = data
        bundles = FeatureBundles(data: data, enabled: parameters.featureBundling, threads: parameters.threads)
        var offsets: [Int] = []
        var total = 0
        for bins in data.bins {
            offsets.append(total)
            total += bins.binCount
        }
        binOffsets = offsets
        binCounts = data.bins.map(\.binCount)
        setSize = total * 3
        var bundleTotal = 0
        bundleOffsets = bundles.bundles.map { bundle in
            defer { bundleTotal += bundle.codeCount }
            return bundleTotal
        }
        bundleSetSize = bundleTotal * 3
        // At most 16 chunks per leaf: bounds the scratch memory on very large data sets.
        chunkRows = max(parameters.histogramChunkRows, (data.rowCount + 15) / 16)
        threads = parameters.threads
        let maxChunks = max(1, (data.rowCount + chunkRows - 1) / chunkRows)
        scratch = RawBuffer(count: (maxChunks - 1) * bundleSetSize, repeating: 0)
        bundleHistograms = RawBuffer(count: bundleSetSize, repeating: 0)
        ordered = RawBuffer(count: data.rowCount, repeating: SIMD2())
    }

    /// Histograms of the rows `rows[range]` (or, with `rows == nil`, of the rows `range` in
    /// storage order) for `features`, written into `target` (a histogram set). `total` is the
    /// sums of those rows, from which default bins are completed.
    func build(
        rows: RawBuffer<Int32>?, range: Range<Int>,
        gradients: RawBuffer<Double>, hessians: RawBuffer<Double>,
        features: [Int], total: GradientSums, into target: UnsafeMutablePointer<Double>
    ) {
        let count = range.count
        guard count > 0, !features.isEmpty else {
            for f in features { zero(target + binOffsets[f] * 3, binCounts[f] * 3) }
            return
        }
        // The columns holding a selected feature, in bundle order.
        var wanted = [Bool](repeating: false, count: bundles.bundles.count)
        for f in features { wanted[bundles.bundleOfFeature[f]] = true }
        let columns = wanted.indices.filter { wanted[$0] }
        let destinations = columns.map { b in
            let bundle = bundles.bundles[b]
            return SharedPointer(bundle.isSingle
                ? target + binOffsets[bundle.features[0]] * 3 : bundleHistograms.base + bundleOffsets[b] * 3)
        }

        let chunkCount = (count + chunkRows - 1) / chunkRows
        // Small leaves stay on one thread (threshold set on the 20,000-client benchmark, with
        // the polling worker taking the hand-off).
        let threadsHere = count * columns.count >= 1 << 14 ? threads : 1
        if let rows { gather(rows: rows, range: range, gradients: gradients, hessians: hessians, threads: threadsHere) }

        buildColumnWise(
            rows: rows, range: range, chunkCount: chunkCount, gradients: gradients, hessians: hessians,
            columns: columns, destinations: destinations, threads: threadsHere)
        mergePartials(chunkCount: chunkCount, columns: columns, destinations: destinations, threads: threadsHere)
        spread(columns: columns, features: features, into: target)
        completeDefaultBins(features: features, total: total, in: target)
    }

    /// One column at a time over a chunk's rows.
    private func buildColumnWise(
        rows: RawBuffer<Int32>?, range: Range<Int>, chunkCount: Int,
        gradients: RawBuffer<Double>, hessians: RawBuffer<Double>,
        columns: [Int], destinations: [SharedPointer<Double>], threads threadsHere: Int
    ) {
        let groups = threadsHere > 1 && chunkCount < 2 * threadsHere ? threadsHere : 1
        let n = data.rowCount, featureCodes = data.codes, bundleOffsets = bundleOffsets, bundles = bundles.bundles
        let partials = scratch.shared, bundleSetSize = bundleSetSize, chunkRows = chunkRows
        let ordered = ordered
        Parallel.forEach(chunkCount * groups, threads: threadsHere) { item in
            let chunk = item / groups, group = item % groups
            let start = range.lowerBound + chunk * chunkRows
            let length = min(chunkRows, range.upperBound - start)
            let copyCount = HistogramKernels.copyCount(rows: length)
            // Where column i's sums go: chunk 0 straight to its destination, others to partials.
            func histogram(_ i: Int) -> UnsafeMutablePointer<Double> {
                chunk == 0 ? destinations[i].base : partials.base + (chunk - 1) * bundleSetSize + bundleOffsets[columns[i]] * 3
            }
            func codes(_ i: Int) -> UnsafePointer<UInt8> {
                let bundle = bundles[columns[i]]
                return UnsafePointer(bundle.codes?.base ?? featureCodes.base + bundle.features[0] * n)
            }
            // The four copies of two columns' histograms (see `HistogramKernels`), on the stack.
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * 4 * 256 * 3) { copies in
                let copiesA = copies.baseAddress!, copiesB = copiesA + 4 * 256 * 3
                var i = group
                while i < columns.count {
                    // Leaf rows go two columns at a time; the last one, or contiguous rows, alone.
                    let j = i + groups
                    let paired = rows != nil && j < columns.count
                    let binCount = bundles[columns[i]].codeCount
                    let accumulator = copyCount == 4 ? copiesA : histogram(i)
                    zero(accumulator, copyCount * binCount * 3)
                    if paired, let rows {
                        let binCountB = bundles[columns[j]].codeCount
                        let accumulatorB = copyCount == 4 ? copiesB : histogram(j)
                        zero(accumulatorB, copyCount * binCountB * 3)
                        HistogramKernels.accumulateGatheredPair(
                            codes(i), codes(j), rows: rows.base + start, ordered: ordered.base + start, count: length,
                            binCounts: (binCount, binCountB), copyCount: copyCount,
                            skipping: (bundles[columns[i]].skippedCode, bundles[columns[j]].skippedCode),
                            into: accumulator, accumulatorB)
                        if copyCount == 4 { HistogramKernels.fold(accumulatorB, binCount: binCountB, into: histogram(j)) }
                    } else if let rows {
                        HistogramKernels.accumulateGathered(
                            column: codes(i), rows: rows.base + start, ordered: ordered.base + start,
                            count: length, binCount: binCount, copyCount: copyCount,
                            skipping: bundles[columns[i]].skippedCode, into: accumulator)
                    } else {
                        HistogramKernels.accumulateContiguous(
                            codes: codes(i) + start, gradients: gradients.base + start,
                            hessians: hessians.base + start, count: length, binCount: binCount,
                            copyCount: copyCount, skipping: bundles[columns[i]].skippedCode, into: accumulator)
                    }
                    if copyCount == 4 { HistogramKernels.fold(accumulator, binCount: binCount, into: histogram(i)) }
                    i += paired ? 2 * groups : groups
                }
            }
        }
    }

    /// Adds the partial histograms of chunks 1, 2, … to chunk 0's, in chunk order.
    private func mergePartials(chunkCount: Int, columns: [Int], destinations: [SharedPointer<Double>], threads threadsHere: Int) {
        guard chunkCount > 1 else { return }
        let partials = scratch.shared, bundleSetSize = bundleSetSize
        let bundleOffsets = bundleOffsets, bundles = bundles.bundles
        // Columns are independent, so split them.
        let mergeGroups = threadsHere > 1 ? threadsHere : 1
        Parallel.forEach(mergeGroups, threads: threadsHere) { group in
            var i = group
            while i < columns.count {
                let offset = bundleOffsets[columns[i]] * 3, length = bundles[columns[i]].codeCount * 3
                let total = destinations[i].base
                for chunk in 1..<chunkCount {
                    let partial = partials.base + (chunk - 1) * bundleSetSize + offset
                    for k in 0..<length { total[k] += partial[k] }
                }
                i += mergeGroups
            }
        }
    }

    /// Copies each bundle's codes back to its selected members' bins. Bins without a code
    /// (the default bin, and bins no training row is in) are zero here.
    private func spread(columns: [Int], features: [Int], into target: UnsafeMutablePointer<Double>) {
        var selected = [Bool](repeating: false, count: data.featureCount)
        for f in features { selected[f] = true }
        for b in columns {
            let bundle = bundles.bundles[b]
            guard !bundle.isSingle else { continue }
            let source = bundleHistograms.base + bundleOffsets[b] * 3
            for (f, member) in zip(bundle.features, bundle.members) where selected[f] {
                let histogram = target + binOffsets[f] * 3
                zero(histogram, binCounts[f] * 3)
                for (k, bin) in member.bins.enumerated() {
                    let code = (member.firstCode + k) * 3
                    histogram[bin * 3] = source[code]
                    histogram[bin * 3 + 1] = source[code + 1]
                    histogram[bin * 3 + 2] = source[code + 2]
                }
            }
        }
    }

    /// Sets each feature's default bin to `total` minus the feature's other bins, added in
    /// ascending bin order (the same additions whether the feature was bundled or not).
    private func completeDefaultBins(features: [Int], total: GradientSums, in target: UnsafeMutablePointer<Double>) {
        for f in features {
            let histogram = target + binOffsets[f] * 3, defaultBin = bundles.defaultBins[f]
            var g = 0.0, h = 0.0, c = 0.0
            for b in 0..<binCounts[f] where b != defaultBin {
                g += histogram[b * 3]
                h += histogram[b * 3 + 1]
                c += histogram[b * 3 + 2]
            }
            histogram[defaultBin * 3] = total.gradient - g
            histogram[defaultBin * 3 + 1] = total.hessian - h
            histogram[defaultBin * 3 + 2] = Double(total.count) - c
        }
    }

    /// parent ← parent − child for `features`: the sibling's histograms without a pass over
    /// its rows (LightGBM's histogram subtraction). Counts stay exact; sums differ from a
    /// direct build only by rounding.
    func subtract(_ child: UnsafePointer<Double>, from parent: UnsafeMutablePointer<Double>, features: [Int]) {
        let binOffsets = binOffsets, binCounts = binCounts
        let from = SharedPointer(UnsafeMutablePointer(mutating: child)), into = SharedPointer(parent)
        let groups = features.count >= 64 ? threads : 1
        // Each group updates its own features' bins.
        Parallel.forEach(groups, threads: groups) { group in
            var i = group
            while i < features.count {
                let offset = binOffsets[features[i]] * 3
                for k in offset..<(offset + binCounts[features[i]] * 3) { into.base[k] -= from.base[k] }
                i += groups
            }
        }
    }

    /// ordered[p] = (gradients, hessians)[rows[p]] for p in `range`, so that kernels read them sequentially.
    private func gather(
        rows: RawBuffer<Int32>, range: Range<Int>, gradients: RawBuffer<Double>, hessians: RawBuffer<Double>, threads: Int
    ) {
        let ordered = ordered.shared, chunkRows = chunkRows
        let pieces = (range.count + chunkRows - 1) / chunkRows
        Parallel.forEach(pieces, threads: threads) { piece in
            let start = range.lowerBound + piece * chunkRows
            for p in start..<min(start + chunkRows, range.upperBound) {
                let r = Int(rows.base[p])
                ordered.base[p] = SIMD2(gradients.base[r], hessians.base[r])
            }
        }
    }
}

@inline(__always)
private func zero(_ p: UnsafeMutablePointer<Double>, _ count: Int) {
    p.update(repeating: 0, count: count)
}
