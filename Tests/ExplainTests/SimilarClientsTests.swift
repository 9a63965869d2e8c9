import Explain
import Tables
import Testing

/// `compare`'s similar clients are the nearest by the stated distance: checked against an
/// independent brute-force search (population standard deviations, missing at the mean,
/// every distance computed and sorted).
@Suite struct SimilarClientsTests {
    @Test func nearestEqualsABruteForceSearch() throws {
        let train = try Table([
            ("SK_ID_CURR", Column(ints: (1...8).map { Int64($0) })),
            ("x", Column(doubles: [0, 1, 2, 3, 4, 5, 6, nil])),
            ("y", Column(doubles: [0, 0, 10, 10, 20, 20, 30, 30])),
        ])
        let client = try Table([("SK_ID_CURR", Column(ints: [99])), ("x", Column(doubles: [2.2])), ("y", Column(doubles: [11]))])
        let space = SimilarClients(train, columns: ["x", "y"])
        func sd(_ v: [Double]) -> (Double, Double) {
            let m = v.reduce(0, +) / Double(v.count)
            return (m, (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot())
        }
        let xs = [0.0, 1, 2, 3, 4, 5, 6], ys = [0.0, 0, 10, 10, 20, 20, 30, 30]
        let (mx, sx) = sd(xs), (_, sy) = sd(ys)
        var distances: [(distance: Double, row: Int)] = []
        for i in 0..<8 {
            let x: Double = i < 7 ? xs[i] : mx
            let dx: Double = (x - 2.2) / sx
            let dy: Double = (ys[i] - 11) / sy
            distances.append((dx * dx + dy * dy, i))
        }
        distances.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.row < $1.row) }
        for k in 1...8 {
            #expect(space.nearest(k, to: space.point(of: client, row: 0)) == distances.prefix(k).map(\.row))
        }
        #expect(space.nearest(3, to: space.point(of: client, row: 0), excluding: distances[0].row) == distances[1...3].map(\.row))
    }

    /// Many clients with ties and missing values: the heap's k best equal a full sort's.
    @Test func heapSelectionEqualsAFullSortWithTies() throws {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double((state >> 33) % 7)
        }
        let n = 2_000
        let a = (0..<n).map { i -> Double? in i % 13 == 0 ? nil : next() }, b = (0..<n).map { _ in next() }
        let train = try Table([("a", Column(doubles: a)), ("b", Column(doubles: b)), ("empty", Column(doubles: [Double?](repeating: nil, count: n)))])
        let space = SimilarClients(train, columns: ["a", "b", "empty", "absent"])
        #expect(space.columns == ["a", "b"])
        let present = a.compactMap { $0 }
        let ma = present.reduce(0, +) / Double(present.count)
        let sa = (present.reduce(0) { $0 + ($1 - ma) * ($1 - ma) } / Double(present.count)).squareRoot()
        let mb = b.reduce(0, +) / Double(n)
        let sb = (b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) } / Double(n)).squareRoot()
        let target = [3.0 / sa, 2.0 / sb]
        var all: [(distance: Double, row: Int)] = []
        for i in 0..<n {
            let da: Double = (a[i] ?? ma) / sa - target[0]
            let db: Double = b[i] / sb - target[1]
            all.append((da * da + db * db, i))
        }
        all.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.row < $1.row) }
        for k in [1, 7, 50, 500, n] {
            #expect(space.nearest(k, to: target) == all.prefix(k).map(\.row))
        }
    }
}
