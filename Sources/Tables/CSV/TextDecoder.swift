/// Turns field bytes into Strings: UTF-8 when valid, otherwise Windows-1252.
///
/// The official Home Credit column dictionary is cp1252; the data files are UTF-8.
/// Deciding per string keeps a mostly-UTF-8 file readable even with one stray byte.
enum TextDecoder {
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        var scalars = String.UnicodeScalarView()
        for b in bytes { scalars.append(cp1252(b)) }
        return String(scalars)
    }

    static func string(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { string($0) }
    }

    /// Windows-1252: Latin-1 except 0x80–0x9F, which hold typographic characters.
    private static func cp1252(_ b: UInt8) -> Unicode.Scalar {
        guard b >= 0x80 && b <= 0x9F else { return Unicode.Scalar(b) }
        let table: [UInt32] = [
            0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
            0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
        ]
        return Unicode.Scalar(table[Int(b - 0x80)])!
    }
}
