import Dispatch

extension Column {
    /// The values at `rows`, in that order; a negative row gives a missing value
    /// (how a left join marks clients without a match).
    public func gather(_ rows: [Int]) -> Column {
        var validity: Bitmap?
        if self.validity != nil || rows.contains(where: { $0 < 0 }) {
            var bits = Bitmap(count: rows.count, value: false)
            for (i, r) in rows.enumerated() where r >= 0 && !isMissing(r) { bits.set(i) }
            validity = bits
        }
        switch storage {
        case .int(let v): return Column(.int(Self.pick(v, rows, 0)), validity: validity)
        case .int32(let v): return Column(.int32(Self.pick(v, rows, 0)), validity: validity)
        case .int8(let v): return Column(.int8(Self.pick(v, rows, 0)), validity: validity)
        case .double(let v): return Column(.double(Self.pick(v, rows, 0)), validity: validity)
        case .bool(let v): return Column(.bool(Self.pick(v, rows, false)), validity: validity)
        case .category(let codes, let levels):
            return Column(.category(codes: Self.pick(codes, rows, 0), levels: levels), validity: validity)
        }
    }

    @inline(__always)
    private static func pick<T>(_ values: [T], _ rows: [Int], _ filler: T) -> [T] {
        values.withUnsafeBufferPointer { src in
            [T](unsafeUninitializedCapacity: rows.count) { out, n in
                for (i, r) in rows.enumerated() { (out.baseAddress! + i).initialize(to: r >= 0 ? src[r] : filler) }
                n = rows.count
            }
        }
    }
}

extension Table {
    /// The rows at `rows`, in that order (negative rows are all-missing).
    public func gather(_ rows: [Int]) -> Table {
        columns.isEmpty ? self : replacingColumns(columns.map { $0.gather(rows) })
    }

    /// The rows where `mask` is true, in order.
    public func filter(_ mask: [Bool]) -> Table {
        precondition(mask.count == rowCount, "mask length differs from row count")
        let rows = mask.withUnsafeBytes { m in
            // The flags as bytes (0 or 1): sums of bytes, unlike `flag ? 1 : 0`, stay free of
            // branches, which a mask without pattern would mispredict half the time.
            var kept = 0
            for byte in m { kept &+= Int(byte) }
            // Every index is written and the cursor moves only past kept ones. One spare slot
            // takes the last write.
            return [Int](unsafeUninitializedCapacity: kept + 1) { out, n in
                var cursor = 0
                for i in 0..<m.count {
                    out[cursor] = i
                    cursor &+= Int(m[i])
                }
                n = kept
            }
        }
        return gather(rows)
    }
}

extension Column {
    /// The rows of an integer column whose value satisfies `predicate` (missing rows never do);
    /// empty for other types. Reads the stored width directly: no converted copy of the column.
    public func rows(where predicate: (Int64) -> Bool) -> [Int] {
        var out: [Int] = []
        switch storage {
        case .int(let v): for i in v.indices where predicate(v[i]) && !isMissing(i) { out.append(i) }
        case .int32(let v): for i in v.indices where predicate(Int64(v[i])) && !isMissing(i) { out.append(i) }
        case .int8(let v): for i in v.indices where predicate(Int64(v[i])) && !isMissing(i) { out.append(i) }
        default: break
        }
        return out
    }
}

extension Column {
    /// The rows of an integer column whose value is one of `keys`, in row order (missing rows
    /// never match); empty for other types. A tight scan of the stored integers, split over
    /// the cores: no closure call and no hashing per row.
    public func rows(matching keys: [Int64]) -> [Int] {
        let wanted = Array(Set(keys)).sorted()
        guard let lo = wanted.first, let hi = wanted.last else { return [] }
        switch storage {
        case .int(let v): return v.withUnsafeBufferPointer { Self.scan($0, wanted, lo, hi, validity) }
        case .int32(let v):
            let narrow = wanted.filter { $0 >= Int64(Int32.min) && $0 <= Int64(Int32.max) }.map { Int32($0) }
            guard let lo = narrow.first, let hi = narrow.last else { return [] }
            return v.withUnsafeBufferPointer { Self.scan($0, narrow, lo, hi, validity) }
        case .int8(let v):
            let narrow = wanted.filter { $0 >= Int64(Int8.min) && $0 <= Int64(Int8.max) }.map { Int8($0) }
            guard let lo = narrow.first, let hi = narrow.last else { return [] }
            return v.withUnsafeBufferPointer { Self.scan($0, narrow, lo, hi, validity) }
        default: return []
        }
    }

    private static func scan<T: FixedWidthInteger & Sendable>(_ values: UnsafeBufferPointer<T>, _ wanted: [T], _ lo: T, _ hi: T, _ validity: Bitmap?) -> [Int] {
        let chunks = Swift.max(1, Swift.min(16, values.count / (1 << 18)))
        var parts = [[Int]](repeating: [], count: chunks)
        let source = ScanSource(values: values)
        parts.withUnsafeMutableBufferPointer { out in
            let slots = ScanSlots(base: out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let v = source.values
                let start = v.count * c / chunks, end = v.count * (c + 1) / chunks
                var found: [Int] = []
                for i in start..<end {
                    let x = v[i]
                    // One range test rejects almost every row before the exact look-up.
                    if x < lo || x > hi { continue }
                    if wanted.count == 1 || wanted.contains(x) {
                        if let validity, !validity[i] { continue }
                        found.append(i)
                    }
                }
                slots.base[c] = found
            }
        }
        return parts.flatMap { $0 }
    }
}

/// A column buffer read by scan workers; read-only and alive for the whole scan.
private struct ScanSource<T>: @unchecked Sendable { let values: UnsafeBufferPointer<T> }

/// Each scan worker writes only its own slot, and the buffer outlives `concurrentPerform`.
private struct ScanSlots: @unchecked Sendable { let base: UnsafeMutablePointer<[Int]> }
