/// One bin of a histogram: (Σgrad, Σhess) of the rows whose code is the bin's.
///
/// No row count: like LightGBM's, a histogram estimates a bin's rows from its hessians
/// (`SplitFinder` explains how). Counting them would cost a second memory operation per
/// row and column, the training's innermost step: measured here, 1.33 ns per row and
/// column with a count beside the pair against 0.79 ns without.
typealias HistogramBin = SIMD2<Double>

/// The innermost loops of training: add each row's (gradient, hessian) pair to the
/// histogram bin of its code. Most of the training time is spent here.
///
/// Non-generic free functions over raw pointers, accumulating into the caller's buffer:
/// the forms that run at C speed (`shared/notes/swift-on-this-machine.md`). A bin is one
/// aligned 16-byte pair, so one row's update is one load, one add and one store.
///
/// Why four copies: when consecutive rows fall in the same bin — a 0/1 flag, or any feature
/// with a dominant value — each update must wait for the previous one's store to the same
/// address, and a plain loop slows to ~2.9 ns/row (measured here; 0.8 ns/row for a feature
/// spread over 255 bins). Rows 4k, 4k+1, 4k+2, 4k+3 go to four separate copies of the
/// histogram, which breaks the chain (≈1.0 ns/row for such features, and never slower for
/// the others); `fold` then adds the copies. Which copy a row uses depends only on its
/// position in the chunk, so the sums are the same on any number of threads.
///
/// For short chunks zeroing and folding four copies would cost more than it saves; with
/// `copyCount` 1 the four "copies" are the same histogram and the loop is a plain one.
/// The choice depends on the chunk's length only, not on the column's bin count: a feature
/// summed inside a bundle (`FeatureBundles`) must get the same additions as summed alone.
enum HistogramKernels {
    /// Four copies when the chunk has at least 4 rows per possible bin (256), else one.
    static func copyCount(rows: Int) -> Int { rows >= 4 * 256 ? 4 : 1 }

    /// Adds a row's (gradient, hessian) pair to bin `code` of `histogram`, unless the code is
    /// `skipped`. The pair is one 16-byte load, add and store instead of two of each
    /// (lane-wise, so the sums are bit for bit those of two scalar additions): the kernels
    /// are bound by these memory operations, not by the additions.
    ///
    /// Why skip: the caller passes the code of a column's default bin when most rows have it
    /// (`FeatureBundles.Bundle.skippedCode`); that bin is recomputed from the leaf's totals
    /// anyway, so its rows cost a load and a well-predicted branch instead of the memory
    /// operations. The other bins get the same additions in the same copies either way.
    @inline(__always)
    private static func add(_ pair: HistogramBin, code: Int, skipping skipped: Int, of histogram: UnsafeMutablePointer<HistogramBin>) {
        guard code != skipped else { return }
        histogram[code] += pair
    }

    /// Rows in storage order: codes, gradients and hessians are read sequentially (the root
    /// of a tree trained without bagging). `copies` holds `copyCount` × `binCount`
    /// bins, zeroed.
    static func accumulateContiguous(
        codes: UnsafePointer<UInt8>, gradients g: UnsafePointer<Double>, hessians h: UnsafePointer<Double>,
        count: Int, binCount: Int, copyCount: Int, skipping skipped: Int, into copies: UnsafeMutablePointer<HistogramBin>
    ) {
        let stride = copyCount == 4 ? binCount : 0
        let c1 = copies + stride, c2 = c1 + stride, c3 = c2 + stride
        var i = 0
        while i &+ 3 < count {
            let b0 = Int(codes[i]), b1 = Int(codes[i &+ 1])
            let b2 = Int(codes[i &+ 2]), b3 = Int(codes[i &+ 3])
            add(SIMD2(g[i], h[i]), code: b0, skipping: skipped, of: copies)
            add(SIMD2(g[i &+ 1], h[i &+ 1]), code: b1, skipping: skipped, of: c1)
            add(SIMD2(g[i &+ 2], h[i &+ 2]), code: b2, skipping: skipped, of: c2)
            add(SIMD2(g[i &+ 3], h[i &+ 3]), code: b3, skipping: skipped, of: c3)
            i &+= 4
        }
        while i < count {
            add(SIMD2(g[i], h[i]), code: Int(codes[i]), skipping: skipped, of: copies)
            i &+= 1
        }
    }

    /// Rows of a leaf, listed in `rows`: codes are gathered from the column, while gradient
    /// and hessian pairs were gathered once per leaf into `ordered` (aligned with `rows`),
    /// so that every column's pass reads them sequentially.
    static func accumulateGathered(
        column: UnsafePointer<UInt8>, rows: UnsafePointer<Int32>, ordered: UnsafePointer<HistogramBin>,
        count: Int, binCount: Int, copyCount: Int, skipping skipped: Int, into copies: UnsafeMutablePointer<HistogramBin>
    ) {
        let stride = copyCount == 4 ? binCount : 0
        let c1 = copies + stride, c2 = c1 + stride, c3 = c2 + stride
        var i = 0
        while i &+ 3 < count {
            let b0 = Int(column[Int(rows[i])]), b1 = Int(column[Int(rows[i &+ 1])])
            let b2 = Int(column[Int(rows[i &+ 2])]), b3 = Int(column[Int(rows[i &+ 3])])
            add(ordered[i], code: b0, skipping: skipped, of: copies)
            add(ordered[i &+ 1], code: b1, skipping: skipped, of: c1)
            add(ordered[i &+ 2], code: b2, skipping: skipped, of: c2)
            add(ordered[i &+ 3], code: b3, skipping: skipped, of: c3)
            i &+= 4
        }
        while i < count {
            add(ordered[i], code: Int(column[Int(rows[i])]), skipping: skipped, of: copies)
            i &+= 1
        }
    }

    /// `accumulateGathered` for two columns in one pass: each row's index and gradient pair
    /// are loaded once for both, a fifth of the memory operations per row and column.
    /// Each column's additions are exactly those of its own pass (same copies, same order).
    static func accumulateGatheredPair(
        _ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, rows: UnsafePointer<Int32>,
        ordered: UnsafePointer<HistogramBin>, count: Int, binCounts: (Int, Int), copyCount: Int,
        skipping skipped: (Int, Int), into copiesA: UnsafeMutablePointer<HistogramBin>, _ copiesB: UnsafeMutablePointer<HistogramBin>
    ) {
        let skippedA = skipped.0, skippedB = skipped.1
        let strideA = copyCount == 4 ? binCounts.0 : 0, strideB = copyCount == 4 ? binCounts.1 : 0
        let a1 = copiesA + strideA, a2 = a1 + strideA, a3 = a2 + strideA
        let b1 = copiesB + strideB, b2 = b1 + strideB, b3 = b2 + strideB
        var i = 0
        while i &+ 3 < count {
            let r0 = Int(rows[i]), r1 = Int(rows[i &+ 1]), r2 = Int(rows[i &+ 2]), r3 = Int(rows[i &+ 3])
            let p0 = ordered[i], p1 = ordered[i &+ 1], p2 = ordered[i &+ 2], p3 = ordered[i &+ 3]
            add(p0, code: Int(a[r0]), skipping: skippedA, of: copiesA)
            add(p1, code: Int(a[r1]), skipping: skippedA, of: a1)
            add(p2, code: Int(a[r2]), skipping: skippedA, of: a2)
            add(p3, code: Int(a[r3]), skipping: skippedA, of: a3)
            add(p0, code: Int(b[r0]), skipping: skippedB, of: copiesB)
            add(p1, code: Int(b[r1]), skipping: skippedB, of: b1)
            add(p2, code: Int(b[r2]), skipping: skippedB, of: b2)
            add(p3, code: Int(b[r3]), skipping: skippedB, of: b3)
            i &+= 4
        }
        while i < count {
            let r = Int(rows[i])
            add(ordered[i], code: Int(a[r]), skipping: skippedA, of: copiesA)
            add(ordered[i], code: Int(b[r]), skipping: skippedB, of: copiesB)
            i &+= 1
        }
    }

    /// histogram[k] = ((copy0[k] + copy1[k]) + copy2[k]) + copy3[k].
    static func fold(_ copies: UnsafePointer<HistogramBin>, binCount: Int, into histogram: UnsafeMutablePointer<HistogramBin>) {
        let stride = binCount
        for k in 0..<stride {
            histogram[k] = copies[k] + copies[k &+ stride] + copies[k &+ 2 &* stride] + copies[k &+ 3 &* stride]
        }
    }
}
