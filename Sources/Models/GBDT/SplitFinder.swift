/// Σ gradient, Σ hessian and row count of a set of rows: all a leaf needs to know.
///
/// A leaf's count is exact: its rows are listed. Histograms hold no counts, so the two
/// sides of a split candidate carry counts estimated from their hessians (`SplitFinder`)
/// until the partition counts their rows.
struct GradientSums: Equatable {
    var gradient = 0.0
    var hessian = 0.0
    var count = 0

    static func - (a: GradientSums, b: GradientSums) -> GradientSums {
        GradientSums(gradient: a.gradient - b.gradient, hessian: a.hessian - b.hessian, count: a.count - b.count)
    }

    /// Adds histogram bin `bin`'s sums (not a count: bins have none).
    @inline(__always)
    mutating func add(bin: Int, of histogram: UnsafePointer<HistogramBin>) {
        gradient += histogram[bin].x
        hessian += histogram[bin].y
    }
}

/// The best way found to split one leaf.
struct SplitCandidate {
    /// Decrease of the regularised loss; -∞ when no split is allowed.
    var gain = -Double.infinity
    var feature = -1
    /// Numeric: bins ≤ this go left.
    var thresholdBin = 0
    var defaultLeft = false
    /// Categorical: the bins that go left (never the missing bin).
    var categories = BinSet()
    /// L2 added to the children's outputs (`cat_l2` for a sorted categorical split).
    var extraL2 = 0.0
    var left = GradientSums()
    var right = GradientSums()
    /// The children's outputs (before shrinkage) within the leaf's bounds.
    var leftOutput = 0.0
    var rightOutput = 0.0
    /// Whether some split of the feature gains more than `min_gain` in this leaf, even when
    /// the candidate is not valid (LightGBM's `is_splittable`). A leaf's children skip the
    /// features that had none, as LightGBM's do: their histograms are neither built nor
    /// scanned again in that branch of the tree.
    var splittable = false

    var isValid: Bool { feature >= 0 }

    /// Keeps numeric threshold `t` as the best so far. Without missing rows in the leaf the
    /// direction is free: future missing values go where most rows went (by hessian, the
    /// rows' estimate).
    mutating func takeThreshold(_ t: Int, gain: Double, left: GradientSums, right: GradientSums, missingLeft: Bool, leafHasMissing: Bool) {
        self.gain = gain
        thresholdBin = t
        self.left = left
        self.right = right
        defaultLeft = leafHasMissing ? missingLeft : left.hessian >= right.hessian
    }
}

/// The outputs a leaf may take: every leaf under a split on a monotone feature stays on its
/// side of the split's midpoint (LightGBM's `basic` monotone method), so the score can only
/// move one way with that feature, whatever the other splits below.
struct OutputBounds: Equatable {
    var lower = -Double.infinity
    var upper = Double.infinity

    static let free = OutputBounds()

    func clamp(_ x: Double) -> Double { min(max(x, lower), upper) }

    /// The children's bounds after a split with these outputs on a feature constrained by
    /// `direction` (+1 rising, −1 falling, 0 free).
    func children(direction: Int, left: Double, right: Double) -> (left: OutputBounds, right: OutputBounds) {
        guard direction != 0 else { return (self, self) }
        let middle = (left + right) / 2
        var l = self, r = self
        if direction > 0 {
            l.upper = min(upper, middle)
            r.lower = max(lower, middle)
        } else {
            l.lower = max(lower, middle)
            r.upper = min(upper, middle)
        }
        return (l, r)
    }
}

/// Finds the best split of a leaf from its histograms, with LightGBM's regularised gain.
///
/// For a leaf with sums G, H the loss reduction it achieves is T(G)² / (H + λ₂), where
/// T(G) = sign(G)·max(|G| − λ₁, 0) soft-thresholds by λ₁; a split is worth
/// gain(left) + gain(right) − gain(parent), and is kept when that exceeds `minGainToSplit`
/// with enough rows and hessian on each side. Ties keep the first candidate in the order
/// features ascending, thresholds ascending, missing right before missing left, so the
/// choice is deterministic.
///
/// Rows on each side are estimated from hessians, as LightGBM does (`RowEstimate`), and
/// `min_leaf` applies to the estimates. Why not count: histograms without counts are much
/// faster to build (`HistogramBin`). A leaf's own row count, which `canSplit` and the
/// model file use, is always exact.
struct SplitFinder {
    let parameters: GBDTParameters
    /// Per feature, the categories LightGBM would give a bin of their own in the training
    /// rows (see `FeatureScreen.categoryCounts`); empty: every level counts.
    var categoryCounts: [Int] = []

    @inline(__always)
    private static func softThreshold(_ g: Double, _ l1: Double) -> Double {
        let shrunk = abs(g) - l1
        return shrunk > 0 ? (g > 0 ? shrunk : -shrunk) : 0
    }

    /// The loss reduction of a leaf, with extra L2 `extraL2` for categorical splits.
    @inline(__always)
    func leafGain(_ s: GradientSums, extraL2: Double = 0) -> Double {
        let t = Self.softThreshold(s.gradient, parameters.lambdaL1)
        return t * t / (s.hessian + parameters.lambdaL2 + extraL2)
    }

    /// The leaf value minimising the regularised loss: −T(G) / (H + λ₂), before shrinkage,
    /// within `bounds`.
    func leafOutput(_ s: GradientSums, within bounds: OutputBounds = .free, extraL2: Double = 0) -> Double {
        let denominator = s.hessian + parameters.lambdaL2 + extraL2
        return bounds.clamp(denominator > 0 ? -Self.softThreshold(s.gradient, parameters.lambdaL1) / denominator : 0)
    }

    /// The loss reduction of a leaf held at output `w`: −(2·T(G)·w + (H + λ₂)·w²), which is
    /// `leafGain` at the free optimum.
    @inline(__always)
    func leafGain(_ s: GradientSums, output w: Double) -> Double {
        -(2 * Self.softThreshold(s.gradient, parameters.lambdaL1) * w + (s.hessian + parameters.lambdaL2) * w * w)
    }

    func direction(of feature: Int) -> Int {
        guard let constraints = parameters.monotoneConstraints, feature < constraints.count else { return 0 }
        return constraints[feature]
    }

    /// The hessian at or below which a bin of a leaf with sums `total` is empty. Histogram
    /// subtraction leaves rounding residues (about 10⁻¹⁶ of the parent's sums) in bins the
    /// sibling has no rows in, and a scan must skip those as it skips truly empty bins, so
    /// that building a histogram or subtracting it chooses the same thresholds.
    static func emptyBinHessian(of total: GradientSums) -> Double { abs(total.hessian) * 1e-12 }

    /// The least hessian a side may hold: `min_hessian`, and never zero (a side without
    /// hessian has no rows that count).
    var minimumSideHessian: Double { max(parameters.minSumHessianInLeaf, .leastNonzeroMagnitude) }

    @inline(__always)
    private func allowed(_ s: GradientSums) -> Bool {
        s.count >= parameters.minDataInLeaf && s.hessian >= minimumSideHessian
    }

    /// Whether a leaf is big enough to have two children that each meet the minimums.
    func canSplit(_ s: GradientSums, depth: Int) -> Bool {
        if let maxDepth = parameters.maxDepth, depth >= maxDepth { return false }
        return s.count >= 2 * parameters.minDataInLeaf && s.hessian >= 2 * parameters.minSumHessianInLeaf
    }

    /// The best split of one feature, given its histogram, the leaf's totals and the outputs
    /// the leaf's children may take.
    ///
    /// `rival` is a gain another feature's split of this leaf reaches (−∞: none known).
    /// When the feature cannot reach it, the candidate returned may be worse than the
    /// feature's best: a caller keeping the leaf's best split over all features gets the
    /// same split either way, and skips most of the work on weak features.
    func best(
        feature: Int, bins: FeatureBins.Shape, histogram: UnsafePointer<HistogramBin>, total: GradientSums,
        bounds: OutputBounds = .free, rival: Double = -.infinity
    ) -> SplitCandidate {
        var best = bins.kind == .categorical
            ? bestCategorical(feature: feature, bins: bins, histogram: histogram, total: total)
            : bounds == .free && direction(of: feature) == 0
                ? bestNumeric(feature: feature, bins: bins, histogram: histogram, total: total, rival: rival)
                : bestConstrained(feature: feature, bins: bins, histogram: histogram, total: total, bounds: bounds)
        if best.isValid {
            // A categorical split under bounds keeps the split it found and clamps its outputs
            // (the bounds still hold for every leaf, so monotonicity does).
            best.leftOutput = leafOutput(best.left, within: bounds, extraL2: best.extraL2)
            best.rightOutput = leafOutput(best.right, within: bounds, extraL2: best.extraL2)
        }
        return best
    }

    /// The best threshold of a numeric feature with the unconstrained gain: the scan of
    /// `bestThreshold`, made cheaper in three ways that leave every choice as it was.
    ///
    /// - The non-empty bins are listed first, without a branch, so that the scans do not
    ///   mispredict on which bins are empty (most are, in small leaves).
    /// - Each pass sums the left sides first, in the scan's order (the same additions), and
    ///   finds the thresholds that leave both sides their minimums once, as a range: the left
    ///   side only grows and the right only shrinks. The loop that scores thresholds then
    ///   carries nothing from one threshold to the next, so the processor overlaps them.
    /// - A threshold's gain, T(Gₗ)²/Dₗ + T(Gᵣ)²/Dᵣ − parent, costs two divisions, the scan's
    ///   slowest step. Most thresholds cannot beat the best so far (this feature's, or
    ///   `rival`, another feature's), and that shows without dividing: T(Gₗ)²·Dᵣ + T(Gᵣ)²·Dₗ
    ///   against (best + parent)·Dₗ·Dᵣ. A threshold is skipped only when that comparison
    ///   falls short by a margin (10⁻¹²) far wider than the few roundings on either side, so
    ///   the divisions run, exactly as written, for every threshold that could win or tie.
    ///   Until a threshold has gained more than `min_gain`, the bar is that gain instead (when
    ///   lower), so that the candidate knows whether the feature is `splittable`.
    func bestNumeric(
        feature: Int, bins: FeatureBins.Shape, histogram h: UnsafePointer<HistogramBin>, total: GradientSums,
        rival: Double = -.infinity
    ) -> SplitCandidate {
        let valueBins = bins.valueBinCount
        var missing = GradientSums()
        missing.add(bin: bins.missingBin, of: h)
        let parentGain = leafGain(total)
        let l1 = parameters.lambdaL1, l2 = parameters.lambdaL2, minGain = parameters.minGainToSplit
        let empty = Self.emptyBinHessian(of: total), leafHasMissing = missing.hessian > empty
        let estimate = RowEstimate(total), minHessian = minimumSideHessian
        let minCount = Double(parameters.minDataInLeaf), totalCount = Double(total.count)
        var best = SplitCandidate()
        // What a threshold's sums must exceed, undivided, to be worth dividing for.
        func barFor(_ gain: Double) -> Double { gain == -.infinity ? gain : max(0, (gain + parentGain) * (1 - 1e-12)) }
        var bar = barFor(rival), splittable = false
        let splittableBar = barFor(minGain)
        var check = min(bar, splittableBar)
        let capacity = max(valueBins, 1)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { list in
        withUnsafeTemporaryAllocation(of: HistogramBin.self, capacity: capacity) { leftSums in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { leftRows in
            let filled = list.baseAddress!, sums = leftSums.baseAddress!, rows = leftRows.baseAddress!
            var nonEmpty = 0
            for t in 0..<valueBins {
                filled[nonEmpty] = Int32(truncatingIfNeeded: t)
                // 1 when the bin's hessian exceeds `empty`: the sign bit of `empty` minus it,
                // by arithmetic (a comparison here compiles to a branch, mispredicted half the
                // time).
                nonEmpty &+= Int(truncatingIfNeeded: (empty - h[t].y).bitPattern >> 63)
            }
            for pass in 0..<2 {
                let missingLeft = pass == 1
                if missingLeft && !leafHasMissing { break }
                // As in `bestThreshold`: "every value left" only when missing rows go right.
                let lastThreshold = missingLeft || !leafHasMissing ? valueBins - 1 : valueBins
                let end = nonEmpty > 0 && Int(filled[nonEmpty - 1]) >= lastThreshold ? nonEmpty - 1 : nonEmpty
                // The left side at each listed threshold. Estimated rows are whole numbers,
                // exact in a double: no integer arithmetic or overflow check per bin.
                var left = missingLeft ? HistogramBin(missing.gradient, missing.hessian) : .zero
                var leftCount = missingLeft ? estimate.rows(missing.hessian) : 0
                for k in 0..<end {
                    let bin = h[Int(filled[k])]
                    left += bin
                    leftCount += estimate.rows(bin.y)
                    sums[k] = left
                    rows[k] = leftCount
                }
                var first = 0
                while first < end && !(rows[first] >= minCount && sums[first].y >= minHessian) { first += 1 }
                var stop = end
                while stop > first && !(totalCount - rows[stop - 1] >= minCount && total.hessian - sums[stop - 1].y >= minHessian) { stop -= 1 }
                for k in first..<stop {
                    let lg = sums[k].x, lh = sums[k].y
                    let rg = total.gradient - lg, rh = total.hessian - lh
                    // T(G)² without T's sign, which the square drops: no branch on the sign.
                    let sl = max(abs(lg) - l1, 0), sr = max(abs(rg) - l1, 0)
                    let dl = lh + l2, dr = rh + l2
                    guard sl * sl * dr + sr * sr * dl >= check * (dl * dr) else { continue }
                    let left = GradientSums(gradient: lg, hessian: lh, count: Int(rows[k]))
                    let right = total - left
                    let g = leafGain(left) + leafGain(right) - parentGain
                    splittable = splittable || g > minGain
                    if g > best.gain {
                        best.takeThreshold(Int(filled[k]), gain: g, left: left, right: right, missingLeft: missingLeft, leafHasMissing: leafHasMissing)
                        bar = max(bar, barFor(g))
                    }
                    check = splittable ? bar : min(bar, splittableBar)
                }
            }
        }
        }
        }
        if best.gain > minGain { best.feature = feature } else { best = SplitCandidate() }
        best.splittable = splittable
        return best
    }

    /// `bestNumeric` under bounds and, for a monotone feature, keeping only the thresholds
    /// whose clamped outputs go the allowed way; gains are those of the clamped outputs.
    func bestConstrained(feature: Int, bins: FeatureBins.Shape, histogram h: UnsafePointer<HistogramBin>, total: GradientSums, bounds: OutputBounds) -> SplitCandidate {
        let direction = direction(of: feature)
        let parentGain = leafGain(total, output: leafOutput(total, within: bounds))
        return bestThreshold(feature: feature, bins: bins, histogram: h, total: total) { left, right in
            let wl = leafOutput(left, within: bounds), wr = leafOutput(right, within: bounds)
            if direction > 0 && wl > wr || direction < 0 && wl < wr { return -.infinity }
            return leafGain(left, output: wl) + leafGain(right, output: wr) - parentGain
        }
    }

    /// Scans thresholds between value bins twice: once with the missing bin on the right,
    /// once (if the leaf has missing values) on the left, and keeps the better direction.
    /// The first scan also tries "every value left, missing right". `gain` scores one
    /// threshold from both sides' sums (−∞ refuses it).
    @inline(__always)
    private func bestThreshold(
        feature: Int, bins: FeatureBins.Shape, histogram h: UnsafePointer<HistogramBin>, total: GradientSums,
        gain: (GradientSums, GradientSums) -> Double
    ) -> SplitCandidate {
        let valueBins = bins.valueBinCount
        var missing = GradientSums()
        missing.add(bin: bins.missingBin, of: h)
        let empty = Self.emptyBinHessian(of: total), leafHasMissing = missing.hessian > empty
        let estimate = RowEstimate(total)
        missing.count = estimate.count(missing.hessian)
        var best = SplitCandidate()
        for pass in 0..<2 {
            let missingLeft = pass == 1
            if missingLeft && !leafHasMissing { break }
            var left = missingLeft ? missing : GradientSums()
            let lastThreshold = missingLeft || !leafHasMissing ? valueBins - 1 : valueBins
            for t in 0..<lastThreshold {
                // An empty bin moves no row: its threshold scores as the one before it, which
                // a tie never displaces. Small leaves leave most bins empty.
                if h[t].y <= empty { continue }
                left.add(bin: t, of: h)
                left.count += estimate.count(h[t].y)
                guard allowed(left) else { continue }
                let right = total - left
                guard allowed(right) else { break }  // the right side only shrinks from here
                let g = gain(left, right)
                if g > best.gain {
                    best.takeThreshold(t, gain: g, left: left, right: right, missingLeft: missingLeft, leafHasMissing: leafHasMissing)
                }
            }
        }
        if best.gain > parameters.minGainToSplit { best.feature = feature } else { best = SplitCandidate() }
        best.splittable = best.isValid
        return best
    }

    /// LightGBM's categorical split search (`FindBestThresholdCategoricalInner`), followed
    /// step by step so that a model moved between the two tools splits the same way.
    ///
    /// - A feature with few categories overall (`oneVsRest`, decided from the training rows
    ///   by `max_cat_to_onehot`) tries each category against the rest.
    /// - Otherwise the categories with at least `cat_smooth` rows are sorted by
    ///   Σgrad / (Σhess + cat_smooth), and a prefix from either end of that order goes left:
    ///   sorting reduces 2^k subsets to k candidates. A prefix is scored only once it has
    ///   gathered `min_data_per_group` rows since the last scored one, holds at most
    ///   `max_cat_threshold` categories, and the split pays `cat_l2` more L2.
    /// - Missing values are not a category: they, unseen levels and the categories left out
    ///   of the sort all go right.
    /// - Row counts are estimated from hessians, category by category, each rounded, as
    ///   LightGBM does.
    func bestCategorical(feature: Int, bins: FeatureBins.Shape, histogram h: UnsafePointer<HistogramBin>, total: GradientSums) -> SplitCandidate {
        let p = parameters, estimate = RowEstimate(total)
        func sums(_ b: Int) -> GradientSums {
            var s = GradientSums()
            s.add(bin: b, of: h)
            s.count = estimate.count(s.hessian)
            return s
        }
        let parentGain = leafGain(total)
        var best = SplitCandidate()
        func consider(_ set: [Int], _ left: GradientSums, extraL2 l2: Double) {
            let right = total - left
            let gain = leafGain(left, extraL2: l2) + leafGain(right, extraL2: l2) - parentGain
            guard gain > p.minGainToSplit, gain > best.gain else { return }
            best.gain = gain
            best.categories = BinSet(set)
            best.left = left
            best.right = right
            best.defaultLeft = false
            best.extraL2 = l2
        }

        if isOneVsRest(feature, bins) {
            for b in 0..<bins.valueBinCount {
                let s = sums(b)
                guard s.count >= p.minDataInLeaf, s.hessian >= p.minSumHessianInLeaf,
                      total.count - s.count >= p.minDataInLeaf,
                      total.hessian - s.hessian >= p.minSumHessianInLeaf else { continue }
                consider([b], s, extraL2: 0)
            }
        } else {
            let smoothing = p.categorySmoothing
            let ordered = (0..<bins.valueBinCount).map { ($0, sums($0)) }
                .filter { Double($0.1.count) >= smoothing }
                // A stable sort: equal ratios keep the bins' order.
                .enumerated().sorted {
                    let a = $0.element.1.gradient / ($0.element.1.hessian + smoothing)
                    let b = $1.element.1.gradient / ($1.element.1.hessian + smoothing)
                    return a < b || (a == b && $0.offset < $1.offset)
                }.map(\.element)
            let longest = min(p.maxCategoryThreshold, (ordered.count + 1) / 2)
            for fromHighEnd in [false, true] {
                var set: [Int] = []
                var left = GradientSums(), sinceLastCandidate = 0
                for i in 0..<min(ordered.count, longest) {
                    let (bin, s) = ordered[fromHighEnd ? ordered.count - 1 - i : i]
                    set.append(bin)
                    left.gradient += s.gradient
                    left.hessian += s.hessian
                    left.count += s.count
                    sinceLastCandidate += s.count
                    guard left.count >= p.minDataInLeaf, left.hessian >= p.minSumHessianInLeaf else { continue }
                    let rightEstimate = total.count - left.count
                    if rightEstimate < p.minDataInLeaf || rightEstimate < p.minDataPerCategory
                        || total.hessian - left.hessian < p.minSumHessianInLeaf { break }
                    guard sinceLastCandidate >= p.minDataPerCategory else { continue }
                    sinceLastCandidate = 0
                    consider(set, left, extraL2: p.categoryL2)
                }
            }
        }
        guard best.gain > -.infinity else { return SplitCandidate() }
        best.feature = feature
        best.splittable = true
        return best
    }

    /// Whether a categorical feature is split one category against the rest: LightGBM
    /// decides by the feature's bins in the training rows (its categories plus the bin it
    /// keeps for missing values), not by the categories present in the leaf.
    func isOneVsRest(_ feature: Int, _ bins: FeatureBins.Shape) -> Bool {
        let categories = feature < categoryCounts.count ? categoryCounts[feature] : bins.valueBinCount
        return categories + 1 <= parameters.maxCategoriesOneVsRest
    }
}
