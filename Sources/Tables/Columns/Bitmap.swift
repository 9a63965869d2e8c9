/// A packed set of row flags, one bit per row.
///
/// Columns use it for validity (bit set = value present), so that missing values
/// never hide inside the data as sentinel numbers.
public struct Bitmap: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public let count: Int

    /// A bitmap of `count` bits, all set to `value`.
    public init(count: Int, value: Bool) {
        self.count = count
        let wordCount = (count + 63) >> 6
        words = [UInt64](repeating: value ? ~0 : 0, count: wordCount)
        if value { clearTail() }
    }

    public init(words: [UInt64], count: Int) {
        precondition(words.count == (count + 63) >> 6, "bitmap word count does not match bit count")
        self.words = words
        self.count = count
        clearTail()
    }

    public init(_ flags: [Bool]) {
        self.init(count: flags.count, value: false)
        for i in flags.indices where flags[i] { set(i) }
    }

    @inline(__always)
    public subscript(i: Int) -> Bool {
        get { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
        set { if newValue { set(i) } else { clear(i) } }
    }

    @inline(__always)
    public mutating func set(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }

    @inline(__always)
    public mutating func clear(_ i: Int) { words[i >> 6] &= ~(1 << UInt64(i & 63)) }

    /// Number of set bits.
    public var setCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var allSet: Bool { setCount == count }

    /// Bits beyond `count` stay zero so that word-wise counts are exact.
    private mutating func clearTail() {
        let tail = count & 63
        if tail != 0 { words[words.count - 1] &= (1 << UInt64(tail)) - 1 }
    }
}

extension Bitmap {
    /// Bits set in both; nil stands for "all set", as in a column's validity.
    public static func intersection(_ a: Bitmap?, _ b: Bitmap?) -> Bitmap? {
        guard let a else { return b }
        guard let b else { return a }
        return Bitmap(words: zip(a.words, b.words).map { $0 & $1 }, count: a.count)
    }
}
