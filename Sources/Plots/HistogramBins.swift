/// The bins of a histogram: ascending edges, each bin including its lower edge and excluding
/// its upper one, except the last, which includes both (numpy's convention).
public struct HistogramBins: Sendable, Equatable {
    /// k + 1 ascending edges for k bins.
    public let edges: [Double]

    /// Bins with the given edges, or nil unless there are at least two, all finite and
    /// strictly ascending.
    public init?(edges: [Double]) {
        guard edges.count >= 2, edges.allSatisfy(\.isFinite),
              zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.edges = edges
    }

    private init(validEdges: [Double]) { edges = validEdges }

    /// `count` bins of equal width from `lo` to `hi`. An empty range becomes `lo − 0.5 … lo + 0.5`
    /// (as numpy does), so all-equal values still get a bin.
    public static func equalWidth(_ lo: Double, _ hi: Double, count: Int) -> HistogramBins {
        var (lo, hi) = (lo, hi)
        if !(lo < hi) { (lo, hi) = (lo - 0.5, lo + 0.5) }
        if !(lo < hi) { (lo, hi) = Scale.widened(lo, lo) }   // ±0.5 lost in a huge value
        let k = max(1, count)
        // lo + i·(hi − lo)/k as numpy's linspace does, exact for round ranges; by fractions
        // of the range when hi − lo itself would overflow.
        let width = (hi - lo) / Double(k)
        let scale = Scale(lo, hi)
        var edges = (0...k).map { width.isFinite ? lo + Double($0) * width : scale.value(at: Double($0) / Double(k)) }
        edges[0] = lo
        edges[k] = hi
        // Rounding can make neighbouring edges equal when the range is tiny next to the values.
        let distinct = zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 }
        return HistogramBins(edges: distinct ? edges : [lo, hi]) ?? HistogramBins(validEdges: [0, 1])
    }

    /// Sturges' rule, ⌈log₂ n⌉ + 1 bins: few enough for a terminal, enough to show a shape.
    public static func sturgesCount(_ n: Int) -> Int {
        n <= 1 ? 1 : Int(Math.log2(Double(n)).rounded(.up)) + 1
    }

    public var count: Int { edges.count - 1 }

    /// The bin holding `value`, or nil outside the edges.
    public func index(of value: Double) -> Int? {
        guard value >= edges[0], value <= edges[count] else { return nil }
        // The first edge above the value, by binary search; its bin is the one before.
        var low = 1, high = count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] > value { high = middle } else { low = middle + 1 }
        }
        return low - 1
    }

    /// The number of values in each bin, and how many fell outside all bins.
    public func counts(_ values: [Double]) -> (counts: [Int], outside: Int) {
        var counts = Array(repeating: 0, count: count)
        var outside = 0
        for value in values {
            if let bin = index(of: value) { counts[bin] += 1 } else { outside += 1 }
        }
        return (counts, outside)
    }
}
