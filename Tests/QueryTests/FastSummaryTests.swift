import Testing
import Tables
@testable import Query

/// The parallel radix-sort / counting kernels behind describe and corr against the
/// sort-based originals, bit for bit, on random data with missing values, ties, NaN and -0.0.
@Suite struct FastSummaryTests {
    /// Columns of every storage, few and many distinct values (both kernels: 100,000 rows
    /// give more distinct values than `Column.hashedLimit`), with gaps.
    static func columns(rows: Int, seed: UInt64) -> [Column] {
        var g = SplitMix64(state: seed)
        func gap() -> Bool { Int.random(in: 0..<5, using: &g) == 0 }
        let fewDoubles: [Double?] = (0..<rows).map { _ in gap() ? nil : Double(Int.random(in: 0...40, using: &g)) / 8 - 2 }
        let manyDoubles: [Double?] = (0..<rows).map { _ in gap() ? nil : Double.random(in: -1e6...1e6, using: &g) }
        let roundedMany: [Double?] = (0..<rows).map { _ in gap() ? nil : Double(Int.random(in: -50_000...50_000, using: &g)) }
        let fourDecimals: [Double?] = (0..<rows).map { _ in gap() ? nil : Double(Int.random(in: 0...10_000, using: &g)) / 10_000 }
        var withNaN = fewDoubles
        for i in stride(from: 3, to: rows, by: 17) { withNaN[i] = .nan }
        var negativeZero = fewDoubles
        for i in stride(from: 5, to: rows, by: 11) { negativeZero[i] = -0.0 }
        for i in stride(from: 7, to: rows, by: 13) { negativeZero[i] = 0.0 }
        let smallInts: [Int64?] = (0..<rows).map { _ in gap() ? nil : Int64.random(in: -3...3, using: &g) }
        let wideInts: [Int64?] = (0..<rows).map { _ in gap() ? nil : Int64.random(in: Int64.min / 2...Int64.max / 2, using: &g) }
        let manyInts = (0..<rows).map { _ in Int64.random(in: -40_000...40_000, using: &g) }
        let flags: [Bool?] = (0..<rows).map { _ in gap() ? nil : Bool.random(using: &g) }
        let labels: [String?] = (0..<rows).map { _ in gap() ? nil : ["a", "b", "c", "d"][Int.random(in: 0..<4, using: &g)] }
        return [
            Column(doubles: fewDoubles), Column(doubles: manyDoubles), Column(doubles: roundedMany),
            Column(doubles: fourDecimals), Column(doubles: withNaN), Column(doubles: negativeZero),
            Column(ints: smallInts), Column(ints: wideInts), Column.integers(manyInts),
            Column.integers(smallInts.map { $0 ?? 0 }), Column(bools: flags), Column(strings: labels),
            Column(doubles: [Double?](repeating: nil, count: rows)), Column(doubles: [Double?](repeating: 2.5, count: rows)),
        ]
    }

    @Test(arguments: [(1, 1 as UInt64), (2, 2), (7, 3), (200, 4), (100_000, 5)])
    func describeMatchesTheSortBasedReference(rows: Int, seed: UInt64) throws {
        let columns = Self.columns(rows: rows, seed: seed)
        let names = columns.indices.map { "c\($0)" }
        let table = try Table(names: names, columns: columns)
        let summary = try Describe.summary(of: table)
        for (k, column) in columns.enumerated() {
            let reference = Describe.referenceStatistics(column)
            #expect(Describe.statistics(column) == reference, "column \(k), \(rows) rows")
            #expect(Array(summary.row(k).dropFirst(2)) == reference, "column \(k), \(rows) rows")
        }
    }

    @Test func describeExactQuartilesWithTies() throws {
        // Sorted present values: 1 1 1 2 2 9 → p25 h=1.25 → 1, median h=2.5 → 1.5, p75 h=3.75 → 2
        let c = Column(doubles: [2, nil, 1, 9, 1, 2, nil, 1])
        let s = Describe.statistics(c)
        #expect(s[5] == .double(1) && s[6] == .double(1.5) && s[7] == .double(2))
        #expect(s[9] == .int(3))
        #expect(s == Describe.referenceStatistics(c))
    }

    @Test func corrMatchesTheArrayPearsonBitForBit() throws {
        let columns = Self.columns(rows: 5_000, seed: 11)
        var g = SplitMix64(state: 99)
        let target = Column(ints: (0..<5_000).map { _ in Int.random(in: 0..<10, using: &g) == 0 ? 1 : 0 })
        let names = columns.indices.map { "c\($0)" }
        let table = try Table(names: names + ["TARGET"], columns: columns + [target])
        let ranked = try Correlation.ranked(table, with: "TARGET")
        let y = target.doublesWithNaN()!
        var expected: [String: (Double, Int)] = [:]
        for (name, column) in zip(names, columns) where column.type != .category {
            if let r = Correlation.pearson(column.doublesWithNaN()!, y) { expected[name] = r }
        }
        #expect(ranked.rowCount == expected.count)
        for i in 0..<ranked.rowCount {
            guard case .string(let name) = ranked["column"]![i], let (r, n) = expected[name] else { Issue.record("unexpected row \(i)"); continue }
            #expect(ranked["r"]!.number(at: i)!.bitPattern == r.bitPattern)
            #expect(ranked["rows"]![i] == .int(Int64(n)))
        }
    }
}
