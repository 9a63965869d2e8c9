/// Interns byte strings to dense codes with open addressing, without a String per lookup.
///
/// One per categorical column per chunk; the chunks' levels are merged afterwards.
struct ByteDictionary {
    private var slots: GrowableBuffer<Int32>      // code + 1, 0 = empty
    private var hashes: GrowableBuffer<UInt64>    // hash per code
    private var offsets: GrowableBuffer<Int>      // start of each code's bytes in `arena`; count+1 entries
    private var arena: GrowableBuffer<UInt8>
    private var mask: Int
    private(set) var count = 0

    init() {
        let size = 64
        slots = GrowableBuffer(capacity: size)
        for _ in 0..<size { slots.append(0) }
        hashes = GrowableBuffer(capacity: 32)
        offsets = GrowableBuffer(capacity: 33)
        offsets.append(0)
        arena = GrowableBuffer(capacity: 512)
        mask = size - 1
    }

    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    /// The code of these bytes, adding them if new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        let h = Self.hash(p, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let code = Int(entry - 1)
            if hashes[code] == h {
                let start = offsets[code], length = offsets[code + 1] - start
                if length == n && (n == 0 || memcmp(arena.base + start, p, n) == 0) { return Int32(code) }
            }
            slot = (slot + 1) & mask
        }
        let code = count
        count += 1
        hashes.append(h)
        for i in 0..<n { arena.append(p[i]) }
        offsets.append(arena.count)
        slots[slot] = Int32(code + 1)
        if count * 2 > mask + 1 { rehash() }
        return Int32(code)
    }

    private mutating func rehash() {
        let size = (mask + 1) * 4
        slots.free()
        slots = GrowableBuffer(capacity: size)
        for _ in 0..<size { slots.append(0) }
        mask = size - 1
        for code in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(code + 1)
        }
    }

    /// The levels in code order.
    func levels() -> [String] {
        (0..<count).map { code in
            let start = offsets[code]
            return TextDecoder.string(UnsafeBufferPointer(start: arena.base + start, count: offsets[code + 1] - start))
        }
    }

    func free() {
        slots.free(); hashes.free(); offsets.free(); arena.free()
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
