/// A content fingerprint, so that a notebook or a model file can say which data it saw.
extension Table {
    /// A 64-bit hash of the column names, types, values and missing slots, as 16 hex digits.
    /// Equal tables give equal fingerprints however they were loaded (CSV or cache); it is not
    /// cryptographic, only a guard against comparing results computed on different data.
    public var fingerprint: String {
        var hash: UInt64 = UInt64(rowCount)
        for (name, column) in zip(names, columns) {
            hash = mix(hash, Checksum.of(Array(name.utf8)))
            hash = mix(hash, column.contentHash)
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = (a ^ b) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 31
        return h
    }
}

extension Column {
    /// Hash of the values in their logical type, so an Int32-narrowed column and the same
    /// integers stored wide hash alike; missing slots hash as missing whatever they hold.
    var contentHash: UInt64 {
        var values: UInt64
        switch storage {
        case .int, .int32, .int8:
            let wide = int64Values ?? []
            values = wide.withUnsafeBytes { Checksum.of($0, seed: 1) }
        case .double(let v):
            values = v.withUnsafeBytes { Checksum.of($0, seed: 2) }
        case .category(let codes, let levels):
            values = codes.withUnsafeBytes { Checksum.of($0, seed: 3) }
            values ^= Checksum.of(Array(levels.joined(separator: "\u{1F}").utf8)) &* 31
        case .bool(let v):
            values = v.withUnsafeBytes { Checksum.of($0, seed: 4) }
        }
        if let validity {
            let bits = (0..<count).map { validity[$0] ? UInt8(1) : 0 }
            values ^= Checksum.of(bits) &* 0xFF51_AFD7_ED55_8CCD
        }
        return values
    }
}
