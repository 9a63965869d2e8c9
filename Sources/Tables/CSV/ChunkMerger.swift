/// Joins one column's per-chunk builders into a single column, unifying their types.
///
/// Chunks may disagree only between integers and decimals (the reader re-parses chunks
/// so that categorical columns agree); integers then widen to doubles. Category codes
/// are remapped to one dictionary whose levels keep the order of first appearance.
enum ChunkMerger {
    static func merge(_ parts: [ColumnBuilder]) -> Column {
        let total = parts.reduce(0) { $0 + $1.count }
        let validity = mergeValidity(parts, total: total)
        let kind: ColumnBuilder.Kind
        if parts.contains(where: { $0.kind == .category }) {
            kind = .category
        } else if parts.contains(where: { $0.kind == .double }) {
            kind = .double
        } else {
            // A column with no value at all is read as decimals (as pandas does), unless it must hold integers.
            kind = validity?.setCount == 0 && parts.first?.hint != .integer ? .double : .int
        }
        switch kind {
        case .int:
            var lo = Int64.max, hi = Int64.min
            for part in parts {
                for i in 0..<part.count {
                    let v = Int64(bitPattern: part.slots[i])
                    lo = min(lo, v); hi = max(hi, v)
                }
            }
            switch Column.IntegerWidth(lo: lo, hi: hi) {
            case .int8: return Column(.int8(fill(parts, total) { Int8(truncatingIfNeeded: Int64(bitPattern: $0)) }), validity: validity)
            case .int32: return Column(.int32(fill(parts, total) { Int32(truncatingIfNeeded: Int64(bitPattern: $0)) }), validity: validity)
            case .int64: return Column(.int(fill(parts, total) { Int64(bitPattern: $0) }), validity: validity)
            }
        case .double:
            var out = [Double](repeating: 0, count: total)
            var offset = 0
            for part in parts {
                if part.kind == .double {
                    for i in 0..<part.count { out[offset + i] = Double(bitPattern: part.slots[i]) }
                } else {
                    for i in 0..<part.count { out[offset + i] = Double(Int64(bitPattern: part.slots[i])) }
                }
                offset += part.count
            }
            return Column(.double(out), validity: validity)
        case .category, .skip:
            var levels: [String] = []
            var index: [String: Int32] = [:]
            var out = [Int32](repeating: 0, count: total)
            var offset = 0
            for part in parts {
                let remap: [Int32] = part.dictionary.levels().map { level in
                    if let code = index[level] { return code }
                    let code = Int32(levels.count)
                    index[level] = code
                    levels.append(level)
                    return code
                }
                for i in 0..<part.count where part.validWords[i >> 6] & (1 << UInt64(i & 63)) != 0 {
                    out[offset + i] = remap[Int(part.slots[i])]
                }
                offset += part.count
            }
            return Column(.category(codes: out, levels: levels), validity: validity)
        }
    }

    /// All parts' slots, converted, in one array.
    private static func fill<T: BitwiseCopyable>(_ parts: [ColumnBuilder], _ total: Int, _ convert: (UInt64) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: total) { out, n in
            var offset = 0
            for part in parts {
                for i in 0..<part.count { (out.baseAddress! + offset + i).initialize(to: convert(part.slots[i])) }
                offset += part.count
            }
            n = total
        }
    }

    /// The parts' validity bits in one bitmap, or nil when nothing is missing. Cost follows
    /// the missing values: all-present words are skipped whole.
    private static func mergeValidity(_ parts: [ColumnBuilder], total: Int) -> Bitmap? {
        var bitmap: Bitmap?
        var offset = 0
        for part in parts {
            for w in 0..<(part.count + 63) / 64 {
                let bitsInWord = min(64, part.count - w * 64)
                let usedMask: UInt64 = bitsInWord == 64 ? ~0 : (1 << UInt64(bitsInWord)) - 1
                var missing = ~part.validWords[w] & usedMask
                if missing == 0 { continue }
                if bitmap == nil { bitmap = Bitmap(count: total, value: true) }
                while missing != 0 {
                    bitmap!.clear(offset + w * 64 + missing.trailingZeroBitCount)
                    missing &= missing - 1
                }
            }
            offset += part.count
        }
        return bitmap
    }
}
