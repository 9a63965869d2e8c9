/// A set of a feature's bins (codes 0…255) as 256 bits: the left side of a categorical
/// split. Kept inline, it leaves `SplitCandidate` plain data, which the split search copies
/// for every feature of every leaf without touching a reference count.
struct BinSet: Equatable {
    private var words = SIMD4<UInt64>()

    init() {}

    init(_ bins: some Sequence<Int>) {
        for bin in bins { insert(bin) }
    }

    var isEmpty: Bool { words == .zero }

    func contains(_ bin: Int) -> Bool { words[bin >> 6] & (1 << UInt64(bin & 63)) != 0 }

    mutating func insert(_ bin: Int) {
        precondition((0..<256).contains(bin), "a bin is a code, 0…255")
        words[bin >> 6] |= 1 << UInt64(bin & 63)
    }

    /// The bins, ascending.
    var sorted: [Int] { (0..<256).filter(contains) }
}
