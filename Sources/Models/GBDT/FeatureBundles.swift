import Tables
/// Exclusive Feature Bundling (LightGBM's EFB): features whose non-default rows never
/// overlap share one column of bin codes, so that a histogram pass over the column serves
/// all of them.
///
/// Why: one-hot indicators of a categorical are mutually exclusive by construction, and a
/// credit table encodes dozens of categoricals into a hundred-odd 0/1 columns. A histogram
/// pass costs about the same per row for a 0/1 column as for a 255-bin one, so building
/// those columns one by one dominated training (244 features → 111 columns on the Home
/// Credit-like table).
///
/// Each feature's *default bin* is its most frequent bin in the training rows. A bundle's
/// code 0 means "every member at its default bin"; each member's other non-empty bins get
/// codes of their own, one after the other (a member's `firstCode` + the bin's rank). A
/// bundle's histogram therefore holds each member's non-default bins exactly as the
/// member's own pass would sum them — the same rows, in the same order — and each default
/// bin is recovered as the leaf's totals minus the other bins (see `HistogramBuilder`).
///
/// Unlike LightGBM, which tolerates a small share of conflicting rows, bundles here have
/// zero conflicts: a row is at a non-default bin of at most one member, so decoding is
/// lossless and the trees are identical bit for bit to those trained without bundling
/// (`FeatureBundlingTests`). On one-hot data that loses almost nothing: the indicators of
/// one categorical never conflict.
///
/// Features form a bundle greedily, in decreasing order of non-default rows (LightGBM's
/// order): each joins the first bundle it does not conflict with and whose codes still fit
/// in a byte, or starts a new one.
struct FeatureBundles: Sendable {
    /// A column of the histogram passes: one feature alone, or several bundled.
    struct Bundle: Sendable {
        /// Member features, ascending.
        let features: [Int]
        /// Codes in this column (0..<codeCount).
        let codeCount: Int
        /// The bundle's own codes, one per row; `nil` for a single feature, which is read
        /// from `BinnedData.codes` unchanged.
        let codes: RawBuffer<UInt8>?
        /// For each member of a bundle of several (aligned with `features`): its non-default,
        /// non-empty bins, ascending; bin `bins[k]` has code `firstCode + k`. Empty for a
        /// single feature, whose codes are its bins.
        let members: [Member]
        /// The code histogram passes skip (see `HistogramKernels`): the default bin of a single
        /// feature, or 0 ("all members at their default") for several, when at least
        /// `skipShare` of the training rows have it; otherwise 256, which no code equals.
        let skippedCode: Int

        var isSingle: Bool { codes == nil }
    }

    struct Member: Sendable {
        let firstCode: Int
        let bins: [Int]
    }

    /// Skipping a code costs a branch per row, which mispredicts on the rows that have
    /// another code; below this share of rows that costs more than the skipped additions.
    static let skipShare = 0.9

    let bundles: [Bundle]
    /// Most frequent bin of each feature in the training rows (ties: the lowest).
    let defaultBins: [Int]
    /// The bundle each feature belongs to.
    let bundleOfFeature: [Int]

    /// Bundles `data`'s features; with `enabled` false every feature is a bundle of its own
    /// (default bins are still found, since histograms are always completed through them).
    init(data: BinnedData, enabled: Bool, threads: Int) {
        let n = data.rowCount, featureCount = data.featureCount
        let binCounts = data.binCounts(threads: threads)
        let defaults = binCounts.map { counts in counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0 }
        defaultBins = defaults

        var groups: [[Int]] = (0..<featureCount).map { [$0] }
        if enabled && featureCount > 1 {
            groups = Self.group(data, binCounts: binCounts, defaults: defaults, threads: threads)
        }
        var bundles: [Bundle] = []
        var bundleOf = [Int](repeating: 0, count: featureCount)
        let frequent = { (rows: Int) in Double(rows) >= Self.skipShare * Double(n) }
        for members in groups {
            for f in members { bundleOf[f] = bundles.count }
            if members.count == 1 {
                let f = members[0]
                bundles.append(Bundle(
                    features: members, codeCount: data.bins[f].binCount, codes: nil, members: [],
                    skippedCode: frequent(binCounts[f][defaults[f]]) ? defaults[f] : 256))
                continue
            }
            var described: [Member] = []
            var next = 1
            for f in members {
                let bins = binCounts[f].indices.filter { $0 != defaults[f] && binCounts[f][$0] > 0 }
                described.append(Member(firstCode: next, bins: bins))
                next += bins.count
            }
            let codes = Self.encode(data, members: members, described: described, defaults: defaults, rowCount: n, threads: threads)
            let allDefault = n - members.reduce(0) { $0 + n - binCounts[$1][defaults[$1]] }
            bundles.append(Bundle(
                features: members, codeCount: next, codes: codes, members: described,
                skippedCode: frequent(allDefault) ? 0 : 256))
        }
        self.bundles = bundles
        bundleOfFeature = bundleOf
    }

    /// The greedy zero-conflict grouping; returns groups of feature indices, each ascending,
    /// ordered by their first feature.
    private static func group(_ data: BinnedData, binCounts: [[Int]], defaults: [Int], threads: Int) -> [[Int]] {
        let n = data.rowCount, words = (n + 63) / 64
        let nonDefault = binCounts.indices.map { n - binCounts[$0][defaults[$0]] }
        // Codes a feature needs in a bundle: one per non-default, non-empty bin.
        let needed = binCounts.indices.map { f in
            binCounts[f].indices.filter { $0 != defaults[f] && binCounts[f][$0] > 0 }.count
        }
        // A feature at its default bin everywhere has nothing to share; it stays alone.
        let candidates = binCounts.indices.filter { nonDefault[$0] > 0 && 1 + needed[$0] <= 256 }
            .sorted { nonDefault[$0] > nonDefault[$1] || (nonDefault[$0] == nonDefault[$1] && $0 < $1) }

        // Which rows each candidate occupies (is at a non-default bin), as bits.
        let masks = RawBuffer<UInt64>(count: candidates.count * words, repeating: 0)
        let maskOut = masks.shared, codes = data.codes
        // Each item writes only its own candidate's bits.
        Parallel.forEach(candidates.count, threads: threads) { i in
            let f = candidates[i], d = UInt8(defaults[f])
            let column = codes.base + f * n, mask = maskOut.base + i * words
            // A word of bits from 64 codes, without a branch per row.
            var r = 0
            while r < n {
                var word: UInt64 = 0
                for j in 0..<min(64, n - r) { word |= UInt64(unsafeBitCast(column[r &+ j] != d, to: UInt8.self)) &<< UInt64(j) }
                mask[r >> 6] = word
                r &+= 64
            }
        }

        struct Open { var features: [Int]; var codes: Int; var rows: [UInt64] }
        var open: [Open] = []
        let isCandidate = Set(candidates)
        var alone: [[Int]] = binCounts.indices.filter { !isCandidate.contains($0) }.map { [$0] }
        for (i, f) in candidates.enumerated() {
            let mask = masks.base + i * words
            var placed = false
            for b in open.indices where open[b].codes + needed[f] <= 256 {
                let conflict = open[b].rows.withUnsafeBufferPointer { rows in
                    (0..<words).contains { rows[$0] & mask[$0] != 0 }
                }
                if conflict { continue }
                open[b].features.append(f)
                open[b].codes += needed[f]
                open[b].rows.withUnsafeMutableBufferPointer { rows in for w in 0..<words { rows[w] |= mask[w] } }
                placed = true
                break
            }
            if !placed {
                open.append(Open(features: [f], codes: 1 + needed[f], rows: Array(UnsafeBufferPointer(start: mask, count: words))))
            }
        }
        alone += open.map { $0.features.sorted() }
        return alone.sorted { $0[0] < $1[0] }
    }

    /// A bundle's codes: 0 where every member is at its default bin, else the code of the
    /// one member that is not.
    private static func encode(
        _ data: BinnedData, members: [Int], described: [Member], defaults: [Int], rowCount n: Int, threads: Int
    ) -> RawBuffer<UInt8> {
        let codes = RawBuffer<UInt8>(count: n, repeating: 0)
        var codeOfBin = [UInt8](repeating: 0, count: members.count * 256)
        for (m, member) in described.enumerated() {
            for (k, bin) in member.bins.enumerated() { codeOfBin[m * 256 + bin] = UInt8(member.firstCode + k) }
        }
        let maps = codeOfBin
        let out = codes.shared, source = data.codes
        let pieces = max(1, min(threads, n / 65_536))
        // Each piece writes its own range of rows.
        Parallel.forEach(pieces, threads: threads) { piece in
            let start = piece * n / pieces, end = (piece + 1) * n / pieces
            maps.withUnsafeBufferPointer { maps in
                for (m, f) in members.enumerated() {
                    let column = source.base + f * n, map = maps.baseAddress! + m * 256, d = UInt8(defaults[f])
                    for r in start..<end where column[r] != d { out.base[r] = map[Int(column[r])] }
                }
            }
        }
        return codes
    }
}
