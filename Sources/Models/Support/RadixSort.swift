/// Sorts doubles by their bits, in a few linear passes instead of n·log n comparisons.
///
/// Learning a feature's bins sorts a sample of up to 200,000 values for every feature,
/// once per model trained (each fold of a cross-validation): with the comparison sort this
/// was a quarter of the setup time of a 300,000-client fit. Each double becomes an unsigned
/// key in the same order, and keys are sorted 11 bits at a time, least significant first; a
/// pass is skipped when every key has the same digit there, which is most passes for
/// indicator and small-count columns.
enum RadixSort {
    private static let digitBits = 11
    private static let buckets = 1 << digitBits
    private static let passes = (64 + digitBits - 1) / digitBits

    /// `values` ascending. NaN must not occur; −0 becomes +0 (they compare equal).
    static func sort(_ values: inout [Double]) {
        let n = values.count
        guard n > 1 else { return }
        var keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = (values[i] + 0).orderKey }  // −0 as +0
            count = n
        }
        var spare = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: buckets * passes)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for key in k {
                    for pass in 0..<passes { c[pass &* buckets &+ digit(key, pass)] &+= 1 }
                }
            }
        }
        for pass in 0..<passes {
            let base = pass * buckets
            if counts[base + digit(keys[0], pass)] == n { continue }
            counts.withUnsafeMutableBufferPointer { c in
                var sum = 0
                for b in base..<(base + buckets) { (c[b], sum) = (sum, sum + c[b]) }
                keys.withUnsafeBufferPointer { from in
                    spare.withUnsafeMutableBufferPointer { to in
                        for key in from {
                            let b = base &+ digit(key, pass)
                            to[c[b]] = key
                            c[b] &+= 1
                        }
                    }
                }
            }
            swap(&keys, &spare)
        }
        for i in 0..<n { values[i] = Double(orderKey: keys[i]) }
    }

    @inline(__always)
    private static func digit(_ key: UInt64, _ pass: Int) -> Int {
        Int(truncatingIfNeeded: (key &>> UInt64(pass &* digitBits)) & UInt64(buckets - 1))
    }
}
