import Tables

extension FeatureBinning {
    /// Bins one feature's column against the labels (true = bad) as the type describes;
    /// `weights` (one per row) weigh each row's good or bad in WoE and information value.
    static func learn(
        _ column: [Double], info: FeatureInfo, labels: [Bool], weights: [Double]? = nil, parameters: ScorecardParameters
    ) -> FeatureBinning {
        let weight: (Int) -> Double = weights.map { w in { w[$0] } } ?? { _ in 1 }
        var missing = BinCounts()
        for r in column.indices where column[r].isNaN { missing.add(labels[r], weight: weight(r)) }
        if case .categorical(let levels) = info.kind {
            return categorical(column, name: info.name, levels: levels, labels: labels, weight: weight, missing: missing, parameters: parameters)
        }
        return numeric(column, name: info.name, labels: labels, weight: weight, missing: missing, parameters: parameters)
    }

    private static func numeric(
        _ column: [Double], name: String, labels: [Bool], weight: (Int) -> Double, missing: BinCounts, parameters p: ScorecardParameters
    ) -> FeatureBinning {
        var present = column.indices.filter { !column[$0].isNaN }
        present.sort { column[$0] < column[$1] }
        let values = present.map { column[$0] }
        let manual: [Double]?
        if case .cuts(let c)? = p.manualBins[name] { manual = Array(Set(c)).sorted() } else { manual = nil }
        // Fine classes: a cut at every j/F quantile that starts a new value.
        var cuts: [Double] = manual ?? []
        for j in 1..<p.fineClasses where !values.isEmpty && manual == nil {
            let cut = values[j * values.count / p.fineClasses]
            if cut > values[0] && cut != cuts.last { cuts.append(cut) }
        }
        var counts = [BinCounts](repeating: BinCounts(), count: cuts.count + 1)
        var k = 0
        for (r, x) in zip(present, values) {
            while k < cuts.count && cuts[k] <= x { k += 1 }
            counts[k].add(labels[r], weight: weight(r))
        }
        var (finalCuts, finalCounts) = (cuts, counts)
        if manual == nil {
            let minCount = p.minBinShare * Double(column.count)
            var bestIV = -Double.infinity
            for rising in p.monotone ? [true, false] : [true] {
                var (c, n) = (cuts, counts)
                merge(cuts: &c, counts: &n, minCount: minCount, rising: p.monotone ? rising : nil, smoothing: p.smoothing)
                let iv = informationValue(n, smoothing: p.smoothing)
                if iv > bestIV { (finalCuts, finalCounts, bestIV) = (c, n, iv) }
            }
            // Each cut moves to the roundest number that splits the training values the same way.
            finalCuts = finalCuts.map { cut in
                var i = 0, j = values.count
                while i < j { let m = (i + j) / 2; if values[m] < cut { i = m + 1 } else { j = m } }
                return readableCut(cut, above: values[i - 1])
            }
        }
        var contents = finalCuts.indices.map { i in
            WoEBin.Content.interval(lower: i == 0 ? nil : finalCuts[i - 1], upper: finalCuts[i])
        }
        contents.append(.interval(lower: finalCuts.last, upper: nil))
        var missingBin: Int? = nil
        if missing.count > 0 {
            missingBin = finalCounts.count
            finalCounts.append(missing)
            contents.append(.missing)
        }
        return FeatureBinning(
            feature: name, contents: contents, counts: finalCounts, smoothing: p.smoothing,
            cuts: finalCuts, levelBins: [], isCategorical: false, missingBin: missingBin, otherBin: nil)
    }

    /// The number with the fewest significant digits in (`below`, `cut`]: bins read
    /// `[0.44, 0.58)` rather than `[0.44158568044197644, 0.581744857520894)`, and every
    /// training value falls in the same bin. The cut itself if nothing shorter fits.
    static func readableCut(_ cut: Double, above below: Double) -> Double {
        guard cut.isFinite, below.isFinite, below < cut, cut != 0 else { return cut }
        let exponent = PowersOfTen.decompose(cut).exponent
        for digits in 1...17 {
            // `cut` rounded down to `digits` significant digits.
            let power = exponent - digits + 1
            let unit = PowersOfTen.value(abs(power))
            let candidate = power >= 0 ? (cut / unit).rounded(.down) * unit : (cut * unit).rounded(.down) / unit
            if candidate > below && candidate <= cut { return candidate }
        }
        return cut
    }

    /// Merges adjacent bins until WoE is monotone (when `rising` is set) and no bin is
    /// under `minCount`. Each merge removes a bin, so this ends, at worst with one bin.
    static func merge(cuts: inout [Double], counts: inout [BinCounts], minCount: Double, rising: Bool?, smoothing: Double) {
        func join(_ i: Int) {  // bins i and i + 1
            counts[i] = counts[i] + counts[i + 1]
            counts.remove(at: i + 1)
            cuts.remove(at: i)
        }
        while counts.count > 1 {
            let woe = woes(counts, smoothing: smoothing)
            if let rising, let i = (0..<(counts.count - 1)).first(where: { rising ? woe[$0 + 1] < woe[$0] : woe[$0 + 1] > woe[$0] }) {
                join(i)
                continue
            }
            let smallest = counts.indices.min { counts[$0].count < counts[$1].count }!
            guard Double(counts[smallest].count) < minCount else { return }
            if smallest == 0 {
                join(0)
            } else if smallest == counts.count - 1 {
                join(smallest - 1)
            } else {
                let left = abs(woe[smallest - 1] - woe[smallest]), right = abs(woe[smallest + 1] - woe[smallest])
                join(left <= right ? smallest - 1 : smallest)
            }
        }
    }

    static func informationValue(_ counts: [BinCounts], smoothing s: Double) -> Double {
        FeatureBinning(
            feature: "", contents: counts.map { _ in .missing }, counts: counts, smoothing: s,
            cuts: [], levelBins: [], isCategorical: false, missingBin: nil, otherBin: nil
        ).informationValue
    }

    private static func categorical(
        _ column: [Double], name: String, levels: [String], labels: [Bool], weight: (Int) -> Double, missing: BinCounts,
        parameters p: ScorecardParameters
    ) -> FeatureBinning {
        var perLevel = [BinCounts](repeating: BinCounts(), count: levels.count)
        for r in column.indices where !column[r].isNaN { perLevel[Int(column[r])].add(labels[r], weight: weight(r)) }
        let minCount = p.rareLevelShare * Double(column.count)
        var contents: [WoEBin.Content] = [], counts: [BinCounts] = []
        var levelBins = [Int](repeating: -1, count: levels.count)
        var rare: [Int] = []
        if case .groups(let groups)? = p.manualBins[name] {
            // The analyst's groups, as given; the levels in none of them are "other".
            for group in groups {
                let codes = group.compactMap { levels.firstIndex(of: $0) }
                guard !codes.isEmpty else { continue }
                for code in codes { levelBins[code] = counts.count }
                contents.append(.levels(codes.map { levels[$0] }, other: false))
                counts.append(codes.reduce(BinCounts()) { $0 + perLevel[$1] })
            }
            rare = levels.indices.filter { levelBins[$0] < 0 }
        } else {
            for (code, c) in perLevel.enumerated() {
                if Double(c.count) < minCount || c.count == 0 {
                    rare.append(code)
                } else {
                    levelBins[code] = counts.count
                    contents.append(.levels([levels[code]], other: false))
                    counts.append(c)
                }
            }
        }
        var otherBin: Int? = nil
        // Rare levels pool into "other"; levels never seen in training rows belong there too.
        if rare.contains(where: { perLevel[$0].count > 0 }) {
            otherBin = counts.count
            for code in rare { levelBins[code] = counts.count }
            contents.append(.levels(rare.filter { perLevel[$0].count > 0 }.map { levels[$0] }, other: true))
            counts.append(rare.reduce(BinCounts()) { $0 + perLevel[$1] })
        }
        var missingBin: Int? = nil
        if missing.count > 0 {
            missingBin = counts.count
            contents.append(.missing)
            counts.append(missing)
        }
        return FeatureBinning(
            feature: name, contents: contents, counts: counts, smoothing: p.smoothing, cuts: [],
            levelBins: levelBins, isCategorical: true,
            missingBin: missingBin, otherBin: otherBin)
    }
}
