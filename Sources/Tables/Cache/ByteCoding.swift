/// Little-endian encoding of the cache's table of contents.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) {
        u32(UInt32(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }
}

/// Reads what `ByteWriter` wrote; any overrun or oddity is reported as damage, never trusted.
struct ByteReader {
    struct Damaged: Error {}

    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private mutating func take(_ n: Int) throws(Damaged) -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= bytes.count else { throw Damaged() }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    mutating func u8() throws(Damaged) -> UInt8 { try take(1).first! }

    mutating func u32() throws(Damaged) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(Damaged) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func int() throws(Damaged) -> Int {
        let v = try u64()
        guard v <= UInt64(Int.max) else { throw Damaged() }
        return Int(v)
    }

    mutating func string() throws(Damaged) -> String {
        let n = Int(try u32())
        guard let s = String(validating: try take(n), as: UTF8.self) else { throw Damaged() }
        return s
    }
}
