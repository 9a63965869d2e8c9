import Tables

/// The training clients in the space where `compare` measures similarity: each chosen column
/// scaled by its standard deviation over the training clients, a missing value at the
/// column's mean. Built once per model and kept, so that one client's nearest clients are a
/// single pass over contiguous memory (300,000 clients × 6 columns in a few milliseconds),
/// not a re-read and a sort of every training value per question.
public struct SimilarClients: Sendable {
    /// The columns asked for, and those of the distance (the ones the training table has
    /// values in), in order.
    public let requested: [String], columns: [String]
    public let count: Int
    let means: [Double]
    let deviations: [Double]
    /// Row after row: client i's scaled values are `points[i * width ..< (i + 1) * width]`.
    let points: [Double]

    public init(_ training: Table, columns names: [String]) {
        var kept: [(name: String, values: [Double], mean: Double, deviation: Double)] = []
        for name in names {
            guard let column = training[name], let values = column.doublesWithNaN() else { continue }
            var sum = 0.0, present = 0
            for v in values where !v.isNaN { sum += v; present += 1 }
            guard present > 0 else { continue }
            let mean = sum / Double(present)
            var squares = 0.0
            for v in values where !v.isNaN { squares += (v - mean) * (v - mean) }
            let deviation = (squares / Double(present)).squareRoot()
            kept.append((name, values, mean, deviation > 0 ? deviation : 1))
        }
        requested = names
        columns = kept.map(\.name)
        means = kept.map(\.mean)
        deviations = kept.map(\.deviation)
        count = training.rowCount
        let width = kept.count
        var points = [Double](repeating: 0, count: count * width)
        for (c, column) in kept.enumerated() {
            for i in 0..<count {
                let v = column.values[i]
                points[i * width + c] = (v.isNaN ? column.mean : v) / column.deviation
            }
        }
        self.points = points
    }

    /// Row `row` of `table` in the same space (a missing or absent value at the mean).
    public func point(of table: Table, row: Int) -> [Double] {
        columns.indices.map { c in (table[columns[c]]?.number(at: row) ?? means[c]) / deviations[c] }
    }

    /// The `k` training rows nearest to `point` by Euclidean distance, nearest first, ties in
    /// row order; `excluding` (the client itself, when it is a training client) is left out.
    /// A bounded max-heap keeps the k best seen so far: most rows are refused by one comparison.
    public func nearest(_ k: Int, to point: [Double], excluding: Int? = nil) -> [Int] {
        let width = columns.count
        guard k > 0 else { return [] }
        var heap = Heap(capacity: k)
        points.withUnsafeBufferPointer { p in
            point.withUnsafeBufferPointer { x in
                for i in 0..<count where i != excluding {
                    var d = 0.0
                    let base = i * width
                    for c in 0..<width {
                        let z = p[base + c] - x[c]
                        d += z * z
                    }
                    heap.offer(d, i)
                }
            }
        }
        return heap.sorted()
    }

    /// The k smallest (distance, row) pairs, largest on top.
    private struct Heap {
        let capacity: Int
        var items: [(distance: Double, row: Int)] = []

        init(capacity: Int) {
            self.capacity = capacity
            items.reserveCapacity(capacity)
        }

        static func before(_ a: (distance: Double, row: Int), _ b: (distance: Double, row: Int)) -> Bool {
            a.distance < b.distance || (a.distance == b.distance && a.row < b.row)
        }

        mutating func offer(_ distance: Double, _ row: Int) {
            let item = (distance, row)
            if items.count < capacity {
                items.append(item)
                var i = items.count - 1
                while i > 0, Self.before(items[(i - 1) / 2], items[i]) {
                    items.swapAt(i, (i - 1) / 2)
                    i = (i - 1) / 2
                }
            } else if Self.before(item, items[0]) {
                items[0] = item
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var top = i
                    if l < items.count, Self.before(items[top], items[l]) { top = l }
                    if r < items.count, Self.before(items[top], items[r]) { top = r }
                    guard top != i else { break }
                    items.swapAt(i, top)
                    i = top
                }
            }
        }

        func sorted() -> [Int] { items.sorted(by: Self.before).map(\.row) }
    }
}
