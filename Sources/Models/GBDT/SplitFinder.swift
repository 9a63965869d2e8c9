/// Σ gradient, Σ hessian and row count of a set of rows: all a leaf needs to know.
struct GradientSums: Equatable {
    var gradient = 0.0
    var hessian = 0.0
    var count = 0

    static func - (a: GradientSums, b: GradientSums) -> GradientSums {
        GradientSums(gradient: a.gradient - b.gradient, hessian: a.hessian - b.hessian, count: a.count - b.count)
    }

    /// Adds histogram bin `bin` (three doubles: Σgrad, Σhess, count).
    @inline(__always)
    mutating func add(bin: Int, of histogram: UnsafePointer<Double>) {
        gradient += histogram[bin * 3]
        hessian += histogram[bin * 3 + 1]
        count += Int(histogram[bin * 3 + 2])
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
    /// Categorical: the bins that go left, ascending (the missing bin may be one of them).
    var categories: [Int] = []
    var left = GradientSums()
    var right = GradientSums()
    /// The children's outputs (before shrinkage) within the leaf's bounds.
    var leftOutput = 0.0
    var rightOutput = 0.0

    var isValid: Bool { feature >= 0 }
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
struct SplitFinder {
    let parameters: GBDTParameters

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
    func leafOutput(_ s: GradientSums, within bounds: OutputBounds = .free) -> Double {
        let denominator = s.hessian + parameters.lambdaL2
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

    @inline(__always)
    private func allowed(_ s: GradientSums) -> Bool {
        s.count >= parameters.minDataInLeaf && s.hessian >= parameters.minSumHessianInLeaf
    }

    /// Whether a leaf is big enough to have two children that each meet the minimums.
    func canSplit(_ s: GradientSums, depth: Int) -> Bool {
        if let maxDepth = parameters.maxDepth, depth >= maxDepth { return false }
        return s.count >= 2 * parameters.minDataInLeaf && s.hessian >= 2 * parameters.minSumHessianInLeaf
    }

    /// The best split of one feature, given its histogram, the leaf's totals and the outputs
    /// the leaf's children may take.
    func best(feature: Int, bins: FeatureBins, histogram: UnsafePointer<Double>, total: GradientSums, bounds: OutputBounds = .free) -> SplitCandidate {
        var best = bins.kind == .categorical
            ? bestCategorical(feature: feature, bins: bins, histogram: histogram, total: total)
            : bounds == .free && direction(of: feature) == 0
                ? bestNumeric(feature: feature, bins: bins, histogram: histogram, total: total)
                : bestConstrained(feature: feature, bins: bins, histogram: histogram, total: total, bounds: bounds)
        if best.isValid {
            // A categorical split under bounds keeps the split it found and clamps its outputs
            // (the bounds still hold for every leaf, so monotonicity does).
            best.leftOutput = leafOutput(best.left, within: bounds)
            best.rightOutput = leafOutput(best.right, within: bounds)
        }
        return best
    }

    /// The best threshold of a numeric feature with the unconstrained gain.
    func bestNumeric(feature: Int, bins: FeatureBins, histogram h: UnsafePointer<Double>, total: GradientSums) -> SplitCandidate {
        let parentGain = leafGain(total)
        return bestThreshold(feature: feature, bins: bins, histogram: h, total: total) { left, right in
            leafGain(left) + leafGain(right) - parentGain
        }
    }

    /// `bestNumeric` under bounds and, for a monotone feature, keeping only the thresholds
    /// whose clamped outputs go the allowed way; gains are those of the clamped outputs.
    func bestConstrained(feature: Int, bins: FeatureBins, histogram h: UnsafePointer<Double>, total: GradientSums, bounds: OutputBounds) -> SplitCandidate {
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
        feature: Int, bins: FeatureBins, histogram h: UnsafePointer<Double>, total: GradientSums,
        gain: (GradientSums, GradientSums) -> Double
    ) -> SplitCandidate {
        let valueBins = bins.valueBinCount
        var missing = GradientSums()
        missing.add(bin: bins.missingBin, of: h)
        var best = SplitCandidate()
        for pass in 0..<2 {
            let missingLeft = pass == 1
            if missingLeft && missing.count == 0 { break }
            var left = missingLeft ? missing : GradientSums()
            let lastThreshold = missingLeft || missing.count == 0 ? valueBins - 1 : valueBins
            for t in 0..<lastThreshold {
                left.add(bin: t, of: h)
                guard allowed(left) else { continue }
                let right = total - left
                guard allowed(right) else { break }  // the right side only shrinks from here
                let g = gain(left, right)
                if g > best.gain {
                    best.gain = g
                    best.thresholdBin = t
                    best.left = left
                    best.right = right
                    // Without missing rows in this leaf the direction is free: send future
                    // missing values where most rows went.
                    best.defaultLeft = missing.count == 0 ? left.count >= right.count : missingLeft
                }
            }
        }
        if best.gain > parameters.minGainToSplit { best.feature = feature } else { best = SplitCandidate() }
        return best
    }

    /// LightGBM-style categorical split. With few categories present, each one against the
    /// rest. Otherwise categories (with enough rows) are sorted by smoothed Σgrad/Σhess, and
    /// the best prefix from either end of that order goes left; the sort reduces 2^k subsets
    /// to k candidates. Missing values are one more category.
    func bestCategorical(feature: Int, bins: FeatureBins, histogram h: UnsafePointer<Double>, total: GradientSums) -> SplitCandidate {
        var present: [(bin: Int, sums: GradientSums)] = []
        for b in 0..<bins.binCount {
            var s = GradientSums()
            s.add(bin: b, of: h)
            if s.count > 0 { present.append((b, s)) }
        }
        guard present.count > 1 else { return SplitCandidate() }
        let parentGain = leafGain(total)
        var best = SplitCandidate()
        func consider(_ set: [Int], _ left: GradientSums, extraL2: Double) {
            let right = total - left
            guard allowed(left), allowed(right) else { return }
            let gain = leafGain(left, extraL2: extraL2) + leafGain(right, extraL2: extraL2) - parentGain
            if gain > best.gain {
                best.gain = gain
                best.categories = set.sorted()
                best.left = left
                best.right = right
                best.defaultLeft = set.contains(bins.missingBin)
            }
        }

        if present.count <= parameters.maxCategoriesOneVsRest {
            for (bin, sums) in present { consider([bin], sums, extraL2: 0) }
        } else {
            let smoothing = parameters.categorySmoothing
            let ordered = present.filter { $0.sums.count >= parameters.minDataPerCategory }
                .sorted {
                    let a = $0.sums.gradient / ($0.sums.hessian + smoothing)
                    let b = $1.sums.gradient / ($1.sums.hessian + smoothing)
                    return a < b || (a == b && $0.bin < $1.bin)
                }
            let longest = min(parameters.maxCategoryThreshold, (ordered.count + 1) / 2)
            for pass in 0..<2 {
                let fromHighEnd = pass == 1
                var set: [Int] = []
                var left = GradientSums()
                for i in 0..<longest {
                    let entry = ordered[fromHighEnd ? ordered.count - 1 - i : i]
                    set.append(entry.bin)
                    left.gradient += entry.sums.gradient
                    left.hessian += entry.sums.hessian
                    left.count += entry.sums.count
                    consider(set, left, extraL2: parameters.categoryL2)
                }
            }
        }
        if best.gain > parameters.minGainToSplit { best.feature = feature } else { best = SplitCandidate() }
        return best
    }
}
