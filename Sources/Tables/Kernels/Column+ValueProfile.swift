import Dispatch
import Synchronization

/// Everything `describe` needs from one column, from one stable radix sort of its present
/// values (numeric columns) or one counting pass over its codes (categories).
///
/// The results are exactly those of sorting the present values with `sort()` and grouping
/// rows by value: the sum and the squared deviations are accumulated in sorted order, and
/// distinct values keep their first row so ties among the most frequent values break by
/// first appearance.
public struct ValueProfile: Sendable {
    /// Present (non-missing) values.
    public var present = 0
    /// Distinct present values (-0.0 counts as 0.0, as in grouping).
    public var distinct = 0
    /// Up to `limit` most frequent values: (first row, count), by count, then first appearance.
    public var top: [(row: Int, count: Int)] = []
    /// Over the present non-NaN values; nil for categories or when there are none.
    public var numbers: Numbers?

    public struct Numbers: Sendable {
        public var count: Int
        public var mean: Double
        /// Sample variance, NaN with fewer than two values.
        public var variance: Double
        public var min: Double
        public var max: Double
        /// Interpolated p25, median, p75.
        public var quartiles: [Double]
    }
}

/// Lets `concurrentPerform` workers write disjoint slots of one buffer: each iteration
/// writes only its own index, and the buffer outlives the call.
private struct DisjointSlots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

extension Column {
    /// Profiles of many columns, computed in parallel over the available cores.
    public static func profiles(_ columns: [Column], limit: Int = 3) -> [ValueProfile] {
        let out = UnsafeMutablePointer<ValueProfile>.allocate(capacity: columns.count)
        out.initialize(repeating: ValueProfile(), count: columns.count)
        defer { out.deinitialize(count: columns.count); out.deallocate() }
        let slots = DisjointSlots(base: out)
        // Sort buffers are reused across columns: fresh multi-megabyte allocations per column
        // cost more in page faults than the sorting itself.
        let pool = ScratchPool()
        DispatchQueue.concurrentPerform(iterations: columns.count) { k in
            let scratch = pool.take()
            slots.base[k] = columns[k].profile(limit: limit, scratch: scratch)
            pool.give(scratch)
        }
        return Array(UnsafeBufferPointer(start: out, count: columns.count))
    }

    /// The profile of this column; see ``ValueProfile``.
    public func profile(limit: Int = 3) -> ValueProfile { profile(limit: limit, scratch: SortScratch()) }

    func profile(limit: Int, scratch: SortScratch) -> ValueProfile {
        var p = ValueProfile()
        p.present = count - missingCount
        guard p.present > 0 else { return p }
        switch storage {
        case .category(let codes, let levels):
            profileCodes(codes, levelCount: levels.count, limit: limit, into: &p)
        case .int(let v):
            v.withUnsafeBufferPointer { b in
                profileSorted(present: p.present, scratch: scratch, limit: limit, keyBits: 64, into: &p, key: { UInt64(bitPattern: b[$0]) ^ (1 << 63) },
                              value: { Double(b[$0]) }, fromKey: { Double(Int64(bitPattern: $0 ^ (1 << 63))) })
            }
        case .int32(let v):
            v.withUnsafeBufferPointer { b in
                profileSorted(present: p.present, scratch: scratch, limit: limit, keyBits: 32, into: &p, key: { UInt64(UInt32(bitPattern: b[$0]) ^ (1 << 31)) },
                              value: { Double(b[$0]) }, fromKey: { Double(Int32(bitPattern: UInt32(truncatingIfNeeded: $0) ^ (1 << 31))) })
            }
        case .int8(let v):
            v.withUnsafeBufferPointer { b in
                profileSorted(present: p.present, scratch: scratch, limit: limit, keyBits: 8, into: &p, key: { UInt64(UInt8(bitPattern: b[$0]) ^ (1 << 7)) },
                              value: { Double(b[$0]) }, fromKey: { Double(Int8(bitPattern: UInt8(truncatingIfNeeded: $0) ^ (1 << 7))) })
            }
        case .bool(let v):
            v.withUnsafeBufferPointer { b in
                profileSorted(present: p.present, scratch: scratch, limit: limit, keyBits: 1, into: &p, key: { b[$0] ? 1 : 0 },
                              value: { b[$0] ? 1 : 0 }, fromKey: { Double($0) })
            }
        case .double(let v):
            v.withUnsafeBufferPointer { b in
                profileSorted(present: p.present, scratch: scratch, limit: limit, keyBits: 64, into: &p, key: { Column.orderedBits(b[$0]) },
                              value: { b[$0] }, fromKey: { Column.fromOrderedBits($0) })
            }
        }
        return p
    }

    /// Unsigned bits that sort like the doubles (NaN last), -0.0 as 0.0.
    @inline(__always)
    static func orderedBits(_ x: Double) -> UInt64 {
        let bits = (x == 0 ? 0 : x).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The double whose `orderedBits` these are (0.0 for -0.0).
    @inline(__always)
    static func fromOrderedBits(_ k: UInt64) -> Double {
        Double(bitPattern: k & (1 << 63) != 0 ? k & ~(1 << 63) : ~k)
    }

    private func profileCodes(_ codes: [Int32], levelCount: Int, limit: Int, into p: inout ValueProfile) {
        var counts = [Int](repeating: 0, count: levelCount)
        var first = [Int](repeating: Int.max, count: levelCount)
        let validity = self.validity
        codes.withUnsafeBufferPointer { c in
            counts.withUnsafeMutableBufferPointer { n in
                first.withUnsafeMutableBufferPointer { f in
                    for i in 0..<c.count {
                        if let validity, !validity[i] { continue }
                        let code = Int(c[i])
                        if n[code] == 0 { f[code] = i }
                        n[code] += 1
                    }
                }
            }
        }
        var top = TopK(limit: limit)
        for code in 0..<levelCount where counts[code] > 0 {
            p.distinct += 1
            top.offer(row: first[code], count: counts[code])
        }
        p.top = top.items
    }

    /// Radix-sorts the present rows by `key` (stable, so equal keys stay in row order), then
    /// reads distinct values, counts and moments off the runs.
    @inline(__always)
    private func profileSorted(present: Int, scratch: SortScratch, limit: Int, keyBits: Int, into p: inout ValueProfile,
                               key: (Int) -> UInt64, value: (Int) -> Double, fromKey: (UInt64) -> Double) {
        let n = present
        if profileHashed(limit: limit, into: &p, key: key, value: value, fromKey: fromKey) { return }
        scratch.reserve(2 * n)
        let keys = scratch.keys, rows = scratch.rows
        var m = 0
        if let validity {
            for i in 0..<count where validity[i] { keys[m] = key(i); rows[m] = Int32(truncatingIfNeeded: i); m += 1 }
        } else {
            for i in 0..<count { keys[m] = key(i); rows[m] = Int32(truncatingIfNeeded: i); m += 1 }
        }
        let (sortedKeys, sortedRows) = Self.radixSort(keys: keys, rows: rows, count: n, keyBits: keyBits)

        // Non-NaN values in sorted order: NaNs with the sign bit sort first, the others last.
        var lowest = 0, upper = n
        while lowest < upper && fromKey(sortedKeys[lowest]).isNaN { lowest += 1 }
        while upper > lowest && fromKey(sortedKeys[upper - 1]).isNaN { upper -= 1 }

        // Distinct values and the most frequent ones from runs of equal keys; the sum in
        // sorted order on the way, read back from the keys: only -0.0 comes back as 0.0,
        // which changes neither a sum that starts at +0.0 nor a squared deviation.
        var top = TopK(limit: limit)
        var sum = 0.0
        var start = 0
        while start < n {
            var end = start + 1
            let k = sortedKeys[start]
            let x = fromKey(k)
            let adds = start >= lowest && start < upper
            if adds { sum += x }
            while end < n && sortedKeys[end] == k {
                if adds { sum += x }
                end += 1
            }
            p.distinct += 1
            top.offer(row: Int(sortedRows[start]), count: end - start)
            start = end
        }
        p.top = top.items

        guard upper > lowest else { return }
        // The value at a sorted position, read from the column (exact, -0.0 included).
        func at(_ j: Int) -> Double { value(Int(sortedRows[lowest + j])) }
        let sortedValues = sortedKeys + lowest
        let valid = upper - lowest
        let count = Double(valid)
        let mean = sum / count
        var variance = Double.nan
        if valid > 1 {
            var squares = 0.0
            for j in 0..<valid {
                let x = fromKey(sortedValues[j])
                squares += (x - mean) * (x - mean)
            }
            variance = squares / (count - 1)
        }
        func quantile(_ q: Double) -> Double { Column.interpolatedQuantile(count: valid, q, at: at) }
        p.numbers = .init(count: valid, mean: mean, variance: variance, min: at(0), max: at(valid - 1),
                          quartiles: [quantile(0.25), quantile(0.5), quantile(0.75)])
    }

    /// The same profile for a column with few distinct values (at most `hashedLimit`): one
    /// counting pass through a small open-addressing table, then a sort of the distinct
    /// values only. Sums add each value `count` times in sorted order, exactly as over the
    /// sorted column. Returns false, leaving `p` alone, when there are too many distinct
    /// values or a -0.0 (whose place among the zeros depends on row order).
    @inline(__always)
    private func profileHashed(limit: Int, into p: inout ValueProfile,
                               key: (Int) -> UInt64, value: (Int) -> Double, fromKey: (UInt64) -> Double) -> Bool {
        let slots = Self.hashedSlots, mask = slots - 1
        let zeroKey = Column.orderedBits(0)
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: slots)
        let code = UnsafeMutablePointer<Int32>.allocate(capacity: slots)   // -1 = empty
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: Self.hashedLimit)
        let firstRow = UnsafeMutablePointer<Int>.allocate(capacity: Self.hashedLimit)
        let distinctKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.hashedLimit)
        defer { table.deallocate(); code.deallocate(); counts.deallocate(); firstRow.deallocate(); distinctKeys.deallocate() }
        code.initialize(repeating: -1, count: slots)
        var distinct = 0
        let words = validity?.words
        let ok: Bool = words.withUnsafeBufferPointerIfPresent { w in
            for i in 0..<count {
                if let w, w[i >> 6] & (1 << UInt64(i & 63)) == 0 { continue }
                let k = key(i)
                if k == zeroKey && value(i).sign == .minus { return false }
                // Fibonacci hashing: the top bits of the product depend on every key bit
                // (doubles holding whole numbers have zero low bits).
                var s = Int(truncatingIfNeeded: ((k ^ (k >> 31)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.hashedBits))
                while true {
                    let c = code[s]
                    if c < 0 {
                        if distinct == Self.hashedLimit { return false }
                        code[s] = Int32(distinct)
                        table[s] = k
                        distinctKeys[distinct] = k
                        counts[distinct] = 1
                        firstRow[distinct] = i
                        distinct += 1
                        break
                    }
                    if table[s] == k { counts[Int(c)] += 1; break }
                    s = (s + 1) & mask
                }
            }
            return true
        }
        guard ok else { return false }

        var top = TopK(limit: limit)
        for d in 0..<distinct { top.offer(row: firstRow[d], count: counts[d]) }
        p.distinct = distinct
        p.top = top.items

        // Distinct non-NaN values in order, each with its count.
        var order = (0..<distinct).filter { !fromKey(distinctKeys[$0]).isNaN }
        guard !order.isEmpty else { return true }
        order.sort { distinctKeys[$0] < distinctKeys[$1] }
        var valid = 0, sum = 0.0
        for d in order {
            let x = fromKey(distinctKeys[d])
            for _ in 0..<counts[d] { sum += x }
            valid += counts[d]
        }
        let total = Double(valid)
        let mean = sum / total
        var variance = Double.nan
        if valid > 1 {
            var squares = 0.0
            for d in order {
                let x = fromKey(distinctKeys[d])
                let square = (x - mean) * (x - mean)
                for _ in 0..<counts[d] { squares += square }
            }
            variance = squares / (total - 1)
        }
        // The value at a sorted position: no -0.0 here, so the key gives it exactly.
        func at(_ j: Int) -> Double {
            var seen = 0
            for d in order {
                seen += counts[d]
                if j < seen { return fromKey(distinctKeys[d]) }
            }
            return fromKey(distinctKeys[order[order.count - 1]])
        }
        func quantile(_ q: Double) -> Double { Column.interpolatedQuantile(count: valid, q, at: at) }
        p.numbers = .init(count: valid, mean: mean, variance: variance, min: at(0), max: at(valid - 1),
                          quartiles: [quantile(0.25), quantile(0.5), quantile(0.75)])
        return true
    }

    /// Most distinct values `profileHashed` takes on, and its table size.
    static let hashedLimit = 1 << 15
    static let hashedBits = 16
    static let hashedSlots = 1 << hashedBits

    /// Stable LSD radix sort, 11 bits a pass, skipping passes where every key has the same
    /// digit. `keys` and `rows` hold `2 * count` slots; the second half is scratch.
    static func radixSort(keys: UnsafeMutablePointer<UInt64>, rows: UnsafeMutablePointer<Int32>, count n: Int, keyBits: Int = 64)
        -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<Int32>) {
        let bits = 11, buckets = 1 << 11, passes = (keyBits + bits - 1) / bits
        guard n > 1 else { return (keys, rows) }
        var histogram = [Int](repeating: 0, count: buckets * passes)
        histogram.withUnsafeMutableBufferPointer { h in
            for i in 0..<n {
                let k = keys[i]
                for p in 0..<passes { h[p * buckets + Int((k >> UInt64(p * bits)) & UInt64(buckets - 1))] += 1 }
            }
        }
        var srcK = keys, srcR = rows, dstK = keys + n, dstR = rows + n
        var offsets = [Int](repeating: 0, count: buckets)
        for p in 0..<passes {
            let base = p * buckets
            // A pass where one bucket holds every key changes nothing.
            if histogram[base + Int((srcK[0] >> UInt64(p * bits)) & UInt64(buckets - 1))] == n { continue }
            var total = 0
            for b in 0..<buckets { offsets[b] = total; total += histogram[base + b] }
            offsets.withUnsafeMutableBufferPointer { o in
                let shift = UInt64(p * bits), mask = UInt64(buckets - 1)
                for i in 0..<n {
                    let k = srcK[i]
                    let b = Int((k >> shift) & mask)
                    let d = o[b]
                    dstK[d] = k
                    dstR[d] = srcR[i]
                    o[b] = d + 1
                }
            }
            swap(&srcK, &dstK)
            swap(&srcR, &dstR)
        }
        return (srcK, srcR)
    }
}

/// The `limit` largest counts, ties to the earlier first row.
struct TopK {
    let limit: Int
    private(set) var items: [(row: Int, count: Int)] = []

    init(limit: Int) { self.limit = limit; items.reserveCapacity(limit + 1) }

    @inline(__always)
    mutating func offer(row: Int, count: Int) {
        guard limit > 0 else { return }
        if items.count == limit, let last = items.last, !Self.before((row, count), last) { return }
        var i = items.count
        while i > 0 && Self.before((row, count), items[i - 1]) { i -= 1 }
        items.insert((row, count), at: i)
        if items.count > limit { items.removeLast() }
    }

    @inline(__always)
    static func before(_ a: (row: Int, count: Int), _ b: (row: Int, count: Int)) -> Bool {
        a.count != b.count ? a.count > b.count : a.row < b.row
    }
}

/// Key and row buffers for one radix sort, grown as needed and reused across columns.
final class SortScratch: @unchecked Sendable {
    // Used by one worker at a time: the pool hands each out to one taker until given back.
    private(set) var keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 0)
    private(set) var rows = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
    private var capacity = 0

    func reserve(_ wanted: Int) {
        guard wanted > capacity else { return }
        keys.deallocate(); rows.deallocate()
        keys = .allocate(capacity: wanted)
        rows = .allocate(capacity: wanted)
        capacity = wanted
    }

    deinit { keys.deallocate(); rows.deallocate() }
}

/// Scratch buffers shared by the workers of one `profiles` call.
final class ScratchPool: Sendable {
    private let free = Mutex<[SortScratch]>([])

    func take() -> SortScratch { free.withLock { $0.popLast() } ?? SortScratch() }
    func give(_ scratch: SortScratch) { free.withLock { $0.append(scratch) } }
}

extension Optional where Wrapped == [UInt64] {
    /// `body` over the words, or over nil when there are none.
    @inline(__always)
    func withUnsafeBufferPointerIfPresent<R>(_ body: (UnsafeBufferPointer<UInt64>?) -> R) -> R {
        switch self {
        case .some(let words): words.withUnsafeBufferPointer { body($0) }
        case .none: body(nil)
        }
    }
}
