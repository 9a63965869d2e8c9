/// Fast paths for grouping by one integer-like key (integers, categories, booleans).
///
/// The general path hashes every row. Here, in order of preference:
/// - keys already non-decreasing (a table ordered by its id): groups are the runs, no hashing;
/// - keys in a small range (categories, booleans, ids with max − min near the row count): a
///   direct-index table from value to group;
/// - otherwise hashing, but only where the key changes from the row before (clustered keys).
/// All give groups in order of first appearance, missing as a group of its own, exactly as the
/// general path does.
extension Grouping {
    typealias FastKey = (ids: [Int32], count: Int, first: [Int], contiguous: Bool)

    static func singleIntegerKey(_ column: Column) -> FastKey? {
        let validity = column.validity
        switch column.storage {
        case .int(let v): return v.withUnsafeBufferPointer { integerKey($0, validity) }
        case .int32(let v): return v.withUnsafeBufferPointer { integerKey($0, validity) }
        case .int8(let v): return v.withUnsafeBufferPointer { integerKey($0, validity) }
        case .category(let codes, let levels):
            return codes.withUnsafeBufferPointer { direct($0, lo: 0, span: max(levels.count, 1), validity) }
        case .bool(let v):
            let bits = v.map { $0 ? Int32(1) : 0 }
            return bits.withUnsafeBufferPointer { direct($0, lo: 0, span: 2, validity) }
        case .double: return nil
        }
    }

    /// The widest value range (max − min + 1) that gets a direct-index table, relative to rows.
    static func directSpanLimit(rows: Int) -> Int { max(4 * rows, 1 << 16) }

    private static func integerKey<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>, _ validity: Bitmap?) -> FastKey? {
        let n = v.count
        guard n > 0 else { return nil }
        // Optimistic: number the runs, giving up at the first key smaller than the one before.
        if validity == nil, let sorted = runs(v) { return sorted }
        var lo = v[0], hi = v[0]
        if validity == nil {
            for x in v {
                lo = min(lo, x)
                hi = max(hi, x)
            }
        } else {
            var seen = false
            for i in 0..<n where validity![i] {
                if !seen { lo = v[i]; hi = v[i]; seen = true }
                lo = min(lo, v[i])
                hi = max(hi, v[i])
            }
        }
        let (width, overflow) = Int64(hi).subtractingReportingOverflow(Int64(lo))
        if !overflow, width < Int64(directSpanLimit(rows: n)) {
            return direct(v, lo: Int64(lo), span: Int(width + 1), validity)
        }
        if validity != nil { return nil }  // the general path handles missing keys
        return clustered(v)
    }

    /// Non-decreasing keys: each run of equal keys is a group, in row order; nil as soon as a
    /// key decreases.
    private static func runs<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>) -> FastKey? {
        let n = v.count
        var first: [Int] = [0]
        var sorted = true
        let ids = [Int32](unsafeUninitializedCapacity: n) { out, initialized in
            var g: Int32 = 0
            var previous = v[0]
            out[0] = 0
            for i in 1..<n {
                let x = v[i]
                if x != previous {
                    // Abandoned: nothing is kept (Int32 needs no deinitialisation).
                    if x < previous { sorted = false; initialized = 0; return }
                    g &+= 1
                    first.append(i)
                    previous = x
                }
                out[i] = g
            }
            initialized = n
        }
        return sorted ? (ids, first.count, first, true) : nil
    }

    /// Keys within `lo..<lo + span`: a table from value to group; missing rows get slot `span`.
    private static func direct<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>, lo: Int64, span: Int, _ validity: Bitmap?) -> FastKey {
        let n = v.count
        var slot = [Int32](repeating: -1, count: span + 1)
        var first: [Int] = []
        let ids = slot.withUnsafeMutableBufferPointer { slot in
            [Int32](unsafeUninitializedCapacity: n) { out, initialized in
                var next: Int32 = 0
                for i in 0..<n {
                    let present = validity?[i] ?? true
                    let s = present ? Int(truncatingIfNeeded: Int64(v[i]) &- lo) : span
                    var g = slot[s]
                    if g < 0 {
                        g = next
                        next += 1
                        slot[s] = g
                        first.append(i)
                    }
                    out[i] = g
                }
                initialized = n
            }
        }
        return (ids, first.count, first, false)
    }

    /// Unsorted keys over a wide range, no missing: hash only where the key changes.
    private static func clustered<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>) -> FastKey {
        let n = v.count
        var map = IntHashMap(expected: 1024)
        var first: [Int] = []
        let ids = [Int32](unsafeUninitializedCapacity: n) { out, initialized in
            var previous = v[0]
            var g: Int32 = 0
            for i in 0..<n {
                let x = v[i]
                if i == 0 || x != previous {
                    // The map numbers keys in order of first insertion: its codes are the groups.
                    g = map.code(for: Int64(x))
                    if Int(g) == first.count { first.append(i) }
                    previous = x
                }
                out[i] = g
            }
            initialized = n
        }
        return (ids, first.count, first, false)
    }
}
