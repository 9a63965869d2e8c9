/// A fast 64-bit checksum to tell a damaged cache file from a good one.
///
/// Four independent multiply-xor lanes keep the CPU busy (one lane is bound by multiply
/// latency); not cryptographic, only a guard against truncation and corruption.
public enum Checksum {
    static func of(_ raw: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var a = seed ^ 0x243F_6A88_85A3_08D3, b = seed ^ 0x1319_8A2E_0370_7344
        var c = seed ^ 0xA409_3822_299F_31D0, d = seed ^ 0x082E_FA98_EC4E_6C89
        let words = raw.count / 8
        var i = 0
        while i + 4 <= words {
            a = (a ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* k
            b = (b ^ raw.loadUnaligned(fromByteOffset: i * 8 + 8, as: UInt64.self)) &* k
            c = (c ^ raw.loadUnaligned(fromByteOffset: i * 8 + 16, as: UInt64.self)) &* k
            d = (d ^ raw.loadUnaligned(fromByteOffset: i * 8 + 24, as: UInt64.self)) &* k
            a ^= a >> 29; b ^= b >> 29; c ^= c >> 29; d ^= d >> 29
            i += 4
        }
        while i < words {
            a = (a ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* k
            a ^= a >> 29
            i += 1
        }
        for j in (words * 8)..<raw.count { b = (b ^ UInt64(raw[j])) &* k }
        var h = a ^ (b &* 31) ^ (c &* 961) ^ (d &* 29791) ^ UInt64(raw.count)
        h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD; h ^= h >> 33
        return h
    }

    public static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { of($0) } }
}
