/// The conventions of LightGBM's text model format ("version=v4") that both directions
/// share: how `decision_type` packs a split's kind, default side and missing type, and how
/// categorical splits store their left categories as bitsets.
enum LightGBMTextFormat {
    /// Bits of `decision_type`: bit 0 categorical, bit 1 default left, bits 2–3 missing type.
    static let categoricalMask = 1
    static let defaultLeftMask = 2

    /// How a numeric split treats missing values (bits 2–3 of `decision_type`).
    enum MissingType: Int {
        /// NaN is read as 0.0 and compared with the threshold like any value.
        case none = 0
        /// 0 (|x| ≤ `zeroThreshold`) and NaN go to the default side.
        case zero = 1
        /// NaN goes to the default side; 0 is an ordinary value.
        case nan = 2
    }

    /// LightGBM's `kZeroThreshold`: a float 1e-35 widened to double; values this close to 0
    /// are zero for the `zero` missing type.
    static let zeroThreshold = Double(Float(1e-35))

    static func decisionType(categorical: Bool, defaultLeft: Bool, missing: MissingType) -> Int {
        (categorical ? categoricalMask : 0) | (defaultLeft ? defaultLeftMask : 0) | (missing.rawValue << 2)
    }

    /// The 32-bit words of a bitset holding `members` (bit `c % 32` of word `c / 32`).
    static func bitset(_ members: [Int]) -> [UInt32] {
        guard let top = members.max() else { return [0] }
        var words = [UInt32](repeating: 0, count: top / 32 + 1)
        for c in members { words[c / 32] |= 1 << UInt32(c % 32) }
        return words
    }

    /// The members of a bitset, ascending.
    static func members(_ words: ArraySlice<UInt32>) -> [Int] {
        var out: [Int] = []
        for (k, word) in words.enumerated() {
            for bit in 0..<32 where word & (1 << UInt32(bit)) != 0 { out.append(k * 32 + bit) }
        }
        return out
    }

    /// A number as LightGBM's parser reads it back bit for bit: Swift's shortest
    /// round-tripping form ("0.1", "1e-05", "-3.25").
    static func number(_ x: Double) -> String { x.description }

    static func list<T>(_ values: [T], _ format: (T) -> String) -> String {
        values.map(format).joined(separator: " ")
    }
}
