import Tables
/// Grows one tree leaf-wise (best-first) on binned rows, from per-row gradients and hessians.
///
/// Each round splits the leaf whose best split gains most, until the tree has `numLeaves`
/// leaves or no leaf can be split. The rows of every leaf are one contiguous segment of
/// `rows` (splitting a leaf partitions its segment in place, stably), so a leaf's rows are
/// always in table order, which fixes the order of every sum.
///
/// Histograms: each leaf keeps its histogram set until it is split. The smaller child's
/// histograms are built from its rows and the larger child's are the parent's minus the
/// smaller's, computed in the parent's buffer: at most half the rows are scanned per split.
final class TreeLearner {
    let data: BinnedData
    let parameters: GBDTParameters
    let finder: SplitFinder
    let histograms: HistogramBuilder
    /// Each feature's bins as the split search sees them.
    private let shapes: [FeatureBins.Shape]
    /// One histogram set per leaf ("slot"), `numLeaves` of them.
    private let slots: RawBuffer<HistogramBin>
    /// Row indices, each leaf's rows a contiguous segment.
    let rows: RawBuffer<Int32>
    /// Rows that go left / right, per piece of a segment being partitioned.
    private let partitionScratch: RawBuffer<Int32>
    private let partitionScratchLeft: RawBuffer<Int32>
    /// Rows in the current tree's bag (`rows[0..<usedRows]`).
    private(set) var usedRows = 0
    /// Whether `rows[0..<usedRows]` is 0, 1, 2, … (no bagging): the root then reads rows sequentially.
    private var rowsAreIdentity = false
    /// The segment of each leaf of the last tree grown, by leaf number.
    private(set) var leafSegments: [Range<Int>] = []
    /// The best gain found so far in each of the (at most two) leaves being searched.
    private let rivals = SharedMaxima(count: 2)

    private struct Leaf {
        var segment: Range<Int>
        var sums: GradientSums
        var depth: Int
        var slot: Int
        var best = SplitCandidate()
        /// The outputs this leaf and its descendants may take (monotone constraints).
        var bounds = OutputBounds.free
        /// Per feature, whether this leaf's children look at it: the tree's features, less
        /// those no split of this leaf or an ancestor gained from (LightGBM's rule).
        var splittable: [Bool] = []
    }

    init(data: BinnedData, parameters: GBDTParameters, categoryCounts: [Int] = []) {
        self.data = data
        self.parameters = parameters
        finder = SplitFinder(parameters: parameters, categoryCounts: categoryCounts)
        histograms = HistogramBuilder(data: data, parameters: parameters)
        shapes = data.bins.map(\.shape)
        slots = RawBuffer(count: parameters.numLeaves * histograms.setSize, repeating: .zero)
        rows = RawBuffer(count: data.rowCount, repeating: 0)
        partitionScratch = RawBuffer(count: data.rowCount, repeating: 0)
        partitionScratchLeft = RawBuffer(count: data.rowCount, repeating: 0)
    }

    private func slot(_ index: Int) -> UnsafeMutablePointer<HistogramBin> { slots.base + index * histograms.setSize }

    /// Grows a tree on the rows of `bag` (ascending; `nil` for all rows), splitting only on
    /// `features`. Leaf values include the learning rate.
    func grow(gradients: RawBuffer<Double>, hessians: RawBuffer<Double>, bag: [Int32]?, features: [Int]) -> DecisionTree {
        loadRows(bag)
        var rootSums = GradientSums(count: usedRows)
        for p in 0..<usedRows {
            let r = Int(rows.base[p])
            rootSums.gradient += gradients.base[r]
            rootSums.hessian += hessians.base[r]
        }
        var tree = DecisionTree(value: leafValue(rootSums), count: usedRows, hessian: rootSums.hessian)
        var leaves = [Leaf(segment: 0..<usedRows, sums: rootSums, depth: 0, slot: 0)]
        let plan = Plan(features: features, featureCount: data.featureCount, columns: histograms.columns(holding: features))
        if finder.canSplit(rootSums, depth: 0) {
            (leaves[0].best, leaves[0].splittable) = histogramsAndSplits(
                built: leaves[0], derived: nil, search: [leaves[0]], active: plan.selected, plan: plan, gradients: gradients, hessians: hessians)[0]
        }

        while tree.leafCount < parameters.numLeaves {
            // The leaf with the largest gain; ties go to the lower leaf number.
            var chosen = -1
            for (i, leaf) in leaves.enumerated() where leaf.best.isValid {
                if chosen < 0 || leaf.best.gain > leaves[chosen].best.gain { chosen = i }
            }
            guard chosen >= 0 else { break }
            let parent = leaves[chosen]
            let split = parent.best
            // The children's real row counts (the split only estimated them).
            let leftCount = partition(parent.segment, by: split)
            var leftSums = split.left, rightSums = split.right
            leftSums.count = leftCount
            rightSums.count = parent.sums.count - leftCount

            let bounds = parent.bounds.children(direction: finder.direction(of: split.feature), left: split.leftOutput, right: split.rightOutput)
            let rightLeaf = tree.split(
                leaf: chosen, node: node(for: split, parent: parent),
                left: summary(leftSums, split.leftOutput), right: summary(rightSums, split.rightOutput))
            let middle = parent.segment.lowerBound + leftCount
            var left = Leaf(segment: parent.segment.lowerBound..<middle, sums: leftSums, depth: parent.depth + 1, slot: parent.slot, bounds: bounds.left)
            var right = Leaf(segment: middle..<parent.segment.upperBound, sums: rightSums, depth: parent.depth + 1, slot: rightLeaf, bounds: bounds.right)

            let full = tree.leafCount >= parameters.numLeaves
            let leftCanSplit = !full && finder.canSplit(left.sums, depth: left.depth)
            let rightCanSplit = !full && finder.canSplit(right.sums, depth: right.depth)
            if leftCanSplit || rightCanSplit {
                // The larger child inherits the parent's histograms; the smaller gets a free slot.
                if left.segment.count > right.segment.count {
                    (left.slot, right.slot) = (parent.slot, rightLeaf)
                } else {
                    (left.slot, right.slot) = (rightLeaf, parent.slot)
                }
                let (smaller, larger) = left.segment.count > right.segment.count ? (right, left) : (left, right)
                let search = (leftCanSplit ? [left] : []) + (rightCanSplit ? [right] : [])
                let found = histogramsAndSplits(
                    built: smaller, derived: larger, search: search, active: parent.splittable, plan: plan, gradients: gradients, hessians: hessians)
                if leftCanSplit { (left.best, left.splittable) = found[0] }
                if rightCanSplit { (right.best, right.splittable) = found[leftCanSplit ? 1 : 0] }
            }
            leaves[chosen] = left
            leaves.append(right)
        }
        leafSegments = leaves.map(\.segment)
        return tree
    }

    /// Adds each leaf's value to the scores of the bagged rows in it.
    func addLeafValues(of tree: DecisionTree, to scores: UnsafeMutablePointer<Double>) {
        let segments = leafSegments, values = tree.leafValues, rows = rows, out = SharedPointer(scores)
        // Leaves hold disjoint rows: each item updates its own.
        Parallel.forEach(segments.count, threads: usedRows >= 8_192 ? parameters.threads : 1) { leaf in
            let value = values[leaf]
            for p in segments[leaf] { out.base[Int(rows.base[p])] += value }
        }
    }

    private func loadRows(_ bag: [Int32]?) {
        if let bag {
            for (p, r) in bag.enumerated() { rows.base[p] = r }
            usedRows = bag.count
            rowsAreIdentity = false
        } else {
            for r in 0..<data.rowCount { rows.base[r] = Int32(r) }
            usedRows = data.rowCount
            rowsAreIdentity = true
        }
    }

    /// What every leaf of one tree looks at: the tree's features, where each sits in that
    /// list, and the columns holding them.
    private struct Plan {
        let features: [Int]
        let selected: [Bool]
        /// Index in `features` of each selected feature.
        let position: [Int]
        let columns: [Int]

        init(features: [Int], featureCount: Int, columns: [Int]) {
            self.features = features
            var selected = [Bool](repeating: false, count: featureCount)
            var position = [Int](repeating: -1, count: featureCount)
            for (i, f) in features.enumerated() {
                selected[f] = true
                position[f] = i
            }
            self.selected = selected
            self.position = position
            self.columns = columns
        }
    }

    private func rows(of leaf: Leaf) -> HistogramBuilder.LeafRows {
        let sequential = rowsAreIdentity && leaf.segment == 0..<data.rowCount
        return .init(rows: sequential ? nil : rows, range: leaf.segment, total: leaf.sums, target: SharedPointer(slot(leaf.slot)))
    }

    /// Histograms of `built` from its rows, those of `derived` (its sibling, whose slot
    /// holds the parent's) by subtraction, then the best split of each leaf of `search`
    /// (ties to the lower feature index) and the features its children may still split on.
    /// Only the `active` features are looked at (splittable in the parent): the others'
    /// histograms are stale in every slot of this branch, and nothing reads them.
    ///
    /// One parallel pass for all of it: threads take groups of columns, and carry each
    /// column from its histogram to its features' best splits while it is in cache, instead
    /// of meeting at a barrier after each step (a leaf of a few hundred rows is done in tens
    /// of microseconds, and each barrier costs a few). Every feature's histogram and best
    /// split is computed whole by one thread, and the best of the features is chosen
    /// afterwards in feature order, so the thread count cannot change any result.
    private func histogramsAndSplits(
        built: Leaf, derived: Leaf?, search: [Leaf], active: [Bool], plan: Plan, gradients: RawBuffer<Double>, hessians: RawBuffer<Double>
    ) -> [(best: SplitCandidate, splittable: [Bool])] {
        let builtRows = rows(of: built)
        let rebuilt = derived.flatMap { parameters.histogramSubtraction ? nil : rows(of: $0) }
        let columns = plan.columns.filter { histograms.features(of: $0).contains { active[$0] } }
        let binsToScan = plan.features.reduce(0) { $0 + (active[$1] ? histograms.binCounts[$1] : 0) }
        // Rows × columns for the histograms, plus the bins to scan: small leaves (most of a
        // tree's) are cheaper on one thread than the hand-off (thresholds set on the
        // 20,000-client benchmark).
        let work = (built.segment.count + (rebuilt?.range.count ?? 0)) * columns.count + 4 * binsToScan * search.count
        let threads = work >= 1 << 14 ? parameters.threads : 1
        histograms.prepare(builtRows, gradients: gradients, hessians: hessians, threads: threads)
        if let rebuilt { histograms.prepare(rebuilt, gradients: gradients, hessians: hessians, threads: threads) }

        // Groups of two columns (the pair kernel's unit), or, when a leaf has several chunks,
        // larger groups, so that each chunk's gradients serve many columns from cache. A small
        // leaf's groups hold enough columns for about 16k row-columns each (at most a quarter
        // of a thread's share): every group costs an atomic hand-off between the cores, a
        // cache line that travels between them.
        let rowsBuilt = max(built.segment.count, rebuilt?.range.count ?? 0)
        let chunks = histograms.chunkCount(rows: rowsBuilt)
        let groupSize = chunks > 1
            ? max(2, columns.count / (8 * threads))
            : max(2, min((1 << 14) / max(rowsBuilt, 1), columns.count / (4 * threads))) & ~1
        let groupCount = (columns.count + groupSize - 1) / groupSize
        let builder = histograms, finder = finder, shapes = shapes, offsets = histograms.binOffsets
        let position = plan.position, featureCount = plan.features.count
        let derivedSet = derived.map { SharedPointer(slot($0.slot)) }, builtSet = builtRows.target
        let subtract = parameters.histogramSubtraction
        let leaves = search.enumerated().map { k, leaf in
            rivals[k].reset()
            return (set: SharedPointer(slot(leaf.slot)), total: leaf.sums, bounds: leaf.bounds, rival: rivals[k])
        }
        var perFeature = [SplitCandidate](repeating: SplitCandidate(), count: search.count * featureCount)
        perFeature.withUnsafeMutableBufferPointer { buffer in
            let out = SharedPointer(buffer.baseAddress!)
            // Each group writes its own columns' histograms and its own features' candidates.
            // The closure reads only plain values and pointers: a reference counted there
            // would be counted by both threads, its cache line passed between the cores.
            columns.withUnsafeBufferPointer { list in
                guard let base = list.baseAddress else { return }
                let first = SharedPointer(UnsafeMutablePointer(mutating: base)), columnCount = list.count
                Parallel.forEach(groupCount, threads: threads) { group in
                    let lower = group * groupSize, upper = min(columnCount, lower + groupSize)
                    let slice = UnsafeBufferPointer(start: first.base + lower, count: upper - lower)
                    builder.build(columns: slice, of: builtRows, gradients: gradients, hessians: hessians, selected: active)
                    if let rebuilt {
                        builder.build(columns: slice, of: rebuilt, gradients: gradients, hessians: hessians, selected: active)
                    }
                    for c in slice {
                        for f in builder.features(of: c) where active[f] {
                            if subtract, let derivedSet { builder.subtract(feature: f, builtSet.base, from: derivedSet.base) }
                            for (k, leaf) in leaves.enumerated() {
                                let candidate = finder.best(
                                    feature: f, bins: shapes[f], histogram: leaf.set.base + offsets[f], total: leaf.total,
                                    bounds: leaf.bounds, rival: leaf.rival.value)
                                if candidate.isValid { leaf.rival.offer(candidate.gain) }
                                out.base[k * featureCount + position[f]] = candidate
                            }
                        }
                    }
                }
            }
        }
        return search.indices.map { k in
            var best = SplitCandidate()
            var splittable = [Bool](repeating: false, count: data.featureCount)
            for (i, candidate) in perFeature[(k * featureCount)..<((k + 1) * featureCount)].enumerated() {
                splittable[plan.features[i]] = candidate.splittable
                if candidate.isValid && candidate.gain > best.gain { best = candidate }
            }
            return (best, splittable)
        }
    }

    /// Moves the segment's rows that go left to its front, keeping their order, and the rest
    /// after them, also in order. Returns the number that went left.
    private func partition(_ segment: Range<Int>, by split: SplitCandidate) -> Int {
        let column = data.codes.base + split.feature * data.rowCount
        // 1 for the codes that go left.
        var goesLeft = [Int](repeating: 0, count: 256)
        let bins = data.bins[split.feature]
        if split.categories.isEmpty {
            for b in 0...split.thresholdBin { goesLeft[b] = 1 }
            goesLeft[bins.missingBin] = split.defaultLeft ? 1 : 0
        } else {
            for b in split.categories.sorted { goesLeft[b] = 1 }
        }
        // Pieces of the segment are split on their own, then moved into place by offsets
        // computed in piece order: the same stable order as one pass, on several threads.
        let pieces = segment.count >= 8_192 ? parameters.threads * 4 : 1
        let left = partitionScratchLeft.shared, right = partitionScratch.shared, rows = rows.shared
        let lower = segment.lowerBound, count = segment.count, table = goesLeft, codes = SharedPointer(column)
        var leftCounts = [Int](repeating: 0, count: pieces)
        leftCounts.withUnsafeMutableBufferPointer { buffer in
            let counts = SharedPointer(buffer.baseAddress!)
            // Each piece writes its own range of the scratch buffers and its own count.
            Parallel.forEach(pieces, threads: parameters.threads) { piece in
                let start = lower + piece * count / pieces, end = lower + (piece + 1) * count / pieces
                var l = start, r = start
                // Each row is written to both sides and kept by one: no branch on the side,
                // which a split sends each row to at random, mispredicted half the time.
                for p in start..<end {
                    let row = rows.base[p]
                    let side = table[Int(codes.base[Int(row)])]
                    left.base[l] = row
                    right.base[r] = row
                    l &+= side
                    r &+= 1 &- side
                }
                counts.base[piece] = l - start
            }
        }
        let leftTotal = leftCounts.reduce(0, +)
        var leftOffsets: [Int] = [], rightOffsets: [Int] = []
        var l = lower, r = lower + leftTotal
        for piece in 0..<pieces {
            leftOffsets.append(l)
            rightOffsets.append(r)
            l += leftCounts[piece]
            r += (lower + (piece + 1) * count / pieces) - (lower + piece * count / pieces) - leftCounts[piece]
        }
        let counts = leftCounts, lefts = leftOffsets, rights = rightOffsets
        // Each piece fills its own ranges of `rows`.
        Parallel.forEach(pieces, threads: parameters.threads) { piece in
            let start = lower + piece * count / pieces, end = lower + (piece + 1) * count / pieces
            (rows.base + lefts[piece]).update(from: left.base + start, count: counts[piece])
            (rows.base + rights[piece]).update(from: right.base + start, count: end - start - counts[piece])
        }
        return leftTotal
    }

    private func leafValue(_ sums: GradientSums, _ bounds: OutputBounds = .free) -> Double {
        finder.leafOutput(sums, within: bounds) * parameters.learningRate
    }

    /// A new leaf, with the output its split chose (within its bounds, with a categorical
    /// split's extra L2).
    private func summary(_ sums: GradientSums, _ output: Double) -> DecisionTree.LeafSummary {
        DecisionTree.LeafSummary(value: output * parameters.learningRate, count: sums.count, hessian: sums.hessian)
    }

    private func node(for split: SplitCandidate, parent: Leaf) -> DecisionTree.Node {
        let bins = data.bins[split.feature]
        let isNumeric = split.categories.isEmpty
        return DecisionTree.Node(
            feature: split.feature,
            thresholdBin: isNumeric ? split.thresholdBin : 0,
            threshold: isNumeric ? bins.upperBounds[split.thresholdBin] : 0,
            categories: split.categories.sorted, defaultLeft: split.defaultLeft,
            left: 0, right: 0, gain: split.gain,
            count: parent.sums.count, hessianSum: parent.sums.hessian, value: leafValue(parent.sums, parent.bounds))
    }
}
