/// Maps 64-bit integer keys to dense codes 0, 1, 2… in order of first insertion.
///
/// Open addressing with linear probing over a power-of-two table: the group-by and join
/// kernels call it once per row, where Swift's Dictionary costs several times more.
struct IntHashMap {
    private var keys: [Int64]
    private var codes: [Int32]      // -1 = empty slot
    private var mask: Int
    private(set) var count = 0

    init(expected: Int = 16) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        keys = [Int64](repeating: 0, count: size)
        codes = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func slot(_ key: Int64, _ mask: Int) -> Int {
        var h = UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The code of `key`, inserting it if new.
    @inline(__always)
    mutating func code(for key: Int64) -> Int32 {
        var s = Self.slot(key, mask)
        while true {
            let c = codes[s]
            if c < 0 { break }
            if keys[s] == key { return c }
            s = (s + 1) & mask
        }
        let c = Int32(count)
        keys[s] = key
        codes[s] = c
        count += 1
        if count * 2 > mask + 1 { grow() }
        return c
    }

    /// The code of `key`, or nil if it was never inserted.
    @inline(__always)
    func find(_ key: Int64) -> Int32? {
        var s = Self.slot(key, mask)
        while true {
            let c = codes[s]
            if c < 0 { return nil }
            if keys[s] == key { return c }
            s = (s + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldCodes = codes
        let size = (mask + 1) * 2
        keys = [Int64](repeating: 0, count: size)
        codes = [Int32](repeating: -1, count: size)
        mask = size - 1
        for i in oldCodes.indices where oldCodes[i] >= 0 {
            var s = Self.slot(oldKeys[i], mask)
            while codes[s] >= 0 { s = (s + 1) & mask }
            keys[s] = oldKeys[i]
            codes[s] = oldCodes[i]
        }
    }
}
