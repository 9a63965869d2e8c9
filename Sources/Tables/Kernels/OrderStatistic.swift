/// Quantiles by selection rather than sorting: a median of n values costs O(n), not
/// O(n log n), which is most of a `group … (median(x))` over 300k rows.
enum OrderStatistic {
    /// The p-quantile of `values` interpolated at position (n − 1)·p, the same number
    /// `Column.interpolatedQuantile(sorted:_:)` gives on the sorted values. Reorders
    /// `values`; it must not be empty.
    static func interpolatedQuantile(_ values: inout [Double], _ p: Double) -> Double {
        let lo = Int((Double(values.count - 1) * p).rounded(.down))
        return values.withUnsafeMutableBufferPointer { v -> Double in
            select(v, lo)
            // After selection everything past `lo` is at least v[lo]: the next order
            // statistic is their minimum.
            var next = v[lo]
            if lo + 1 < v.count {
                next = v[lo + 1]
                for i in (lo + 2)..<v.count where v[i] < next { next = v[i] }
            }
            let (low, high) = (v[lo], next)
            return Column.interpolatedQuantile(count: v.count, p) { $0 == lo ? low : high }
        }
    }

    /// Rearranges `v` so that `v[k]` is its k-th smallest value, nothing before it larger
    /// and nothing after it smaller (Hoare's quickselect with a median-of-three pivot, so
    /// sorted or constant runs take linear time; no randomness, so results repeat).
    static func select(_ v: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var lo = 0, hi = v.count - 1
        while hi > lo {
            if hi - lo < 16 {
                insertionSort(v, lo, hi)
                return
            }
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while pivot < v[j] { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now v[lo...j] ≤ pivot ≤ v[i...hi], and anything between equals the pivot.
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    private static func insertionSort(_ v: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int) {
        guard hi > lo else { return }
        for i in (lo + 1)...hi {
            let x = v[i]
            var j = i - 1
            while j >= lo && x < v[j] {
                v[j + 1] = v[j]
                j -= 1
            }
            v[j + 1] = x
        }
    }
}
