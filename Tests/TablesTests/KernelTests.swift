import Testing
@testable import Tables

/// Hand-computed tiny tables; every expected number below was worked out on paper.
@Suite struct KernelTests {
    // g:  a   a   b   a   b   nil
    // x:  1   nil 4   3   10  7
    let table = try! Table([
        ("g", Column(strings: ["a", "a", "b", "a", "b", nil])),
        ("x", Column(ints: [1, nil, 4, 3, 10, 7])),
        ("y", Column(doubles: [0.5, 1.5, nil, 2.5, 4.0, nil])),
    ])

    private func agg(_ a: Aggregation, _ column: String = "x") throws -> [Value] {
        try table.groupBy(["g"], [.init("out", a, of: column)])["out"]!.values
    }

    @Test func groupsInOrderOfFirstAppearanceWithMissingAsGroup() throws {
        let out = try table.groupBy(["g"], [.init("n", .count, of: "x")])
        #expect(out["g"]!.values == [.string("a"), .string("b"), .missing])
        #expect(out["n"]!.values == [.int(3), .int(2), .int(1)])
    }

    @Test func countsSumsMeans() throws {
        #expect(try agg(.countNonMissing) == [.int(2), .int(2), .int(1)])
        #expect(try agg(.sum) == [.int(4), .int(14), .int(7)])
        #expect(try agg(.mean) == [.double(2), .double(7), .double(7)])
        #expect(try agg(.sum, "y") == [.double(4.5), .double(4.0), .missing])
        #expect(try agg(.mean, "y") == [.double(1.5), .double(4.0), .missing])
    }

    @Test func minMaxKeepType() throws {
        #expect(try agg(.min) == [.int(1), .int(4), .int(7)])
        #expect(try agg(.max) == [.int(3), .int(10), .int(7)])
        #expect(try agg(.max, "y") == [.double(2.5), .double(4.0), .missing])
    }

    @Test func varianceAndStdUseNMinusOne() throws {
        // a: {1,3} mean 2, var ((1)^2+(1)^2)/1 = 2; b: {4,10} var 18; single value: missing.
        #expect(try agg(.variance) == [.double(2), .double(18), .missing])
        #expect(try agg(.std) == [.double(2.0.squareRoot()), .double(18.0.squareRoot()), .missing])
        // y in a: {0.5,1.5,2.5} mean 1.5, var (1+0+1)/2 = 1
        #expect(try agg(.variance, "y")[0] == .double(1))
    }

    @Test func medianAndQuantilesInterpolate() throws {
        #expect(try agg(.median) == [.double(2), .double(7), .double(7)])
        // a: sorted {1,3}: h = 0.25 → 1 + 0.25·2 = 1.5
        #expect(try agg(.quantile(0.25))[0] == .double(1.5))
        let four = try Table([("v", Column(doubles: [4, 1, 3, 2]))]).groupBy([], [.init("q", .quantile(0.9), of: "v")])
        // sorted 1 2 3 4: h = 2.7 → 3 + 0.7·1 = 3.7
        #expect(abs(four["q"]!.number(at: 0)! - 3.7) < 1e-12)
        #expect(throws: TableError.self) { try agg(.quantile(1.5)) }
    }

    @Test func nuniqueFirstLast() throws {
        let t = try Table([
            ("k", Column(ints: [1, 1, 1, 2, 2])),
            ("s", Column(strings: [nil, "p", "p", "q", nil])),
        ])
        let out = try t.groupBy(["k"], [.init("u", .nunique, of: "s"), .init("f", .first, of: "s"), .init("l", .last, of: "s")])
        #expect(out["u"]!.values == [.int(1), .int(1)])
        #expect(out["f"]!.values == [.string("p"), .string("q")])
        #expect(out["l"]!.values == [.string("p"), .string("q")])
    }

    @Test func numericAggregateOfCategoryIsATypeError() {
        #expect(throws: TableError.self) { try agg(.mean, "g") }
    }

    @Test func multiKeyGroups() throws {
        let t = try Table([
            ("a", Column(ints: [1, 1, 2, 1, 2])),
            ("b", Column(strings: ["x", "y", "x", "x", "x"])),
            ("v", Column(doubles: [1, 2, 3, 4, 5])),
        ])
        let out = try t.groupBy(["a", "b"], [.init("s", .sum, of: "v")])
        #expect(out.rowCount == 3)
        #expect(out["s"]!.values == [.double(5), .double(2), .double(8)])
    }

    @Test func gatherAndFilter() {
        let g = table.gather([5, 0, -1])
        #expect(g["x"]!.values == [.int(7), .int(1), .missing])
        let f = table.filter([true, false, true, false, false, true])
        #expect(f["g"]!.values == [.string("a"), .string("b"), .missing])
    }

    @Test func stableMultiKeySortWithMissingLast() throws {
        let sorted = try table.sorted(by: [SortKey("g"), SortKey("x", descending: true)])
        // a: x 3,1,nil (missing last); b: 10,4; then missing g.
        #expect(sorted["x"]!.values == [.int(3), .int(1), .missing, .int(10), .int(4), .int(7)])
        let byY = try table.sorted(by: [SortKey("y")])
        #expect(byY["y"]!.values == [.double(0.5), .double(1.5), .double(2.5), .double(4), .missing, .missing])
        // Ties keep input order: rows 2 and 5 both have missing y.
        #expect(byY["x"]!.values.suffix(2) == [.int(4), .int(7)])
    }

    @Test func innerAndLeftJoinReportFanOut() throws {
        let clients = try Table([("id", Column(ints: [1, 2, 3, nil])), ("age", Column(ints: [30, 40, 50, 60]))])
        let loans = try Table([("id", Column(ints: [2, 1, 2, 9])), ("amt", Column(doubles: [10, 20, 30, 40]))])
        let (inner, r1) = try clients.join(loans, on: "id", kind: .inner)
        #expect(inner["id"]!.values == [.int(1), .int(2), .int(2)])
        #expect(inner["amt"]!.values == [.double(20), .double(10), .double(30)])
        #expect(r1.outputRows == 3 && r1.unmatchedLeftRows == 2 && r1.unmatchedLeftKeys == 1)
        #expect(r1.multipliedLeftRows == 1 && r1.maxMatches == 2)
        #expect(r1.warning != nil)

        let (left, r2) = try clients.join(loans, on: "id", kind: .left)
        #expect(left["age"]!.values == [.int(30), .int(40), .int(40), .int(50), .int(60)])
        #expect(left["amt"]!.values == [.double(20), .double(10), .double(30), .missing, .missing])
        #expect(r2.outputRows == 5)
    }

    @Test func joinRenamesClashingColumnsAndRejectsNonIntegerKeys() throws {
        let a = try Table([("id", Column(ints: [1])), ("v", Column(ints: [1]))])
        let b = try Table([("id", Column(ints: [1])), ("v", Column(ints: [2]))])
        #expect(try a.join(b, on: "id").table.names == ["id", "v", "v_right"])
        let c = try Table([("id", Column(strings: ["1"]))])
        #expect(throws: TableError.self) { try a.join(c, on: "id") }
    }

    @Test func concatenateUnionsColumns() throws {
        let train = try Table([("id", Column(ints: [1, 2])), ("TARGET", Column(ints: [0, 1])), ("k", Column(strings: ["a", "b"]))])
        let test = try Table([("id", Column(ints: [3])), ("k", Column(strings: ["c"]))])
        let all = try Table.concatenate([train, test])
        #expect(all.names == ["id", "TARGET", "k"])
        #expect(all["TARGET"]!.values == [.int(0), .int(1), .missing])
        #expect(all["k"]!.levels == ["a", "b", "c"])
        let mixed = try Table.concatenate([try Table([("x", Column(ints: [1]))]), try Table([("x", Column(doubles: [0.5]))])])
        #expect(mixed["x"]!.values == [.double(1), .double(0.5)])
        #expect(throws: TableError.self) {
            try Table.concatenate([try Table([("x", Column(ints: [1]))]), try Table([("x", Column(strings: ["a"]))])])
        }
    }

    /// Stacked cells are the parts' cells in order, whatever their storage (categories whose
    /// levels are unused or out of order after a filter, integers of three widths, booleans,
    /// decimals, missing values, a column absent from a part); levels come in order of first
    /// appearance, as strings read one by one would give.
    @Test func concatenateKeepsEveryCellAndLevelOrder() throws {
        let kinds = Column(strings: ["x", "y", "z", nil, "y", "w"]).gather([4, 3, 5, 4])  // levels x y z w, rows y - w y
        let parts = [
            try Table([("k", kinds), ("n", Column(.int8([1, -2, 3, 4]), validity: Bitmap([true, true, false, true]))),
                       ("d", Column(doubles: [0.5, nil, 2, 3])), ("b", Column(bools: [true, false, nil, true]))]),
            try Table([("k", Column(strings: ["z", nil, "v"])), ("n", Column(.int32([70_000, 5, 6]))),
                       ("b", Column(.int([1, 0, 1])))]),
            try Table([("n", Column(.int([Int64(Int32.max) + 1]))), ("d", Column(.int8([9]))), ("b", Column(bools: [false]))]),
        ]
        let all = try Table.concatenate(parts)
        #expect(all.rowCount == 8)
        for name in all.names {
            let expected = parts.flatMap { part in part[name]?.values ?? Array(repeating: .missing, count: part.rowCount) }
            let got = all[name]!.values
            for (g, e) in zip(got, expected) {
                switch (g, e) {
                case (.double(let a), .int(let b)): #expect(a == Double(b), "\(name)")
                case (.int(let a), .bool(let b)): #expect(a == (b ? 1 : 0), "\(name)")
                default: #expect(g == e, "\(name)")
                }
            }
        }
        #expect(all["k"]!.levels == ["y", "w", "z", "v"])
        #expect(all["n"]!.type == .int && all["d"]!.type == .double && all["b"]!.type == .int)
    }

    @Test func unknownColumnSuggestsNearest() {
        let t = try! Table([("AMT_CREDIT", Column(ints: [1])), ("AMT_ANNUITY", Column(ints: [1]))])
        #expect(throws: TableError.unknownColumn("AMT_CREDT", suggestions: ["AMT_CREDIT"])) { try t.column("AMT_CREDT") }
    }
}

/// The radix sort and key scans behind describe and client.
@Suite struct FastKernelTests {
    @Test func radixSortIsStableAndOrdersLikeTheValues() {
        var g = SystemRandomNumberGenerator()
        for n in [1, 2, 100, 5_000] {
            let values: [Double] = (0..<n).map { _ in Double(Int.random(in: -20...20, using: &g)) / 4 + (Bool.random(using: &g) ? 0 : Double.random(in: -1e9...1e9, using: &g)) }
            let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * n)
            let rows = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * n)
            defer { keys.deallocate(); rows.deallocate() }
            for i in 0..<n { keys[i] = Column.orderedBits(values[i]); rows[i] = Int32(i) }
            let (k, r) = Column.radixSort(keys: keys, rows: rows, count: n)
            let expected = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
            #expect((0..<n).map { Int(r[$0]) } == expected)
            #expect((0..<n).allSatisfy { Column.fromOrderedBits(k[$0]) == values[expected[$0]] })
        }
    }

    @Test func rowsMatchingFindsEveryKeyInRowOrder() {
        let n = 600_000   // more than one scan chunk
        let ids: [Int64?] = (0..<n).map { i in i % 97 == 0 ? nil : Int64(i % 1_000) }
        let int64 = Column(ints: ids)
        let int32 = Column.integers(ids.map { $0 ?? 0 }, validity: Bitmap(ids.map { $0 != nil }))
        let wide = Column(ints: ids.map { $0.map { $0 + (1 << 40) } })
        for keys in [[Int64(5)], [7, 999, 7, 123], [], [5_000]] {
            let expected = (0..<n).filter { ids[$0].map(keys.contains) ?? false }
            #expect(int64.rows(matching: keys) == expected)
            #expect(int64.rows { keys.contains($0) } == expected)
            #expect(int32.rows(matching: keys) == expected)
            #expect(wide.rows(matching: keys.map { $0 + (1 << 40) }) == expected)
        }
    }
}

/// Integer aggregates stay exact at the edges of the 64-bit range.
@Suite struct IntegerEdgeTests {
    @Test func sumsNeverTrapNorWrap() throws {
        let big = Column(ints: [Int64.max, 1, nil])
        // Int64.max + 1 does not fit: the nearest double to the exact sum, not a trap.
        #expect(try big.aggregate(.sum, by: .single(rowCount: 3))[0] == .double(9223372036854775808))
        let wrap = Column(ints: [5_000_000_000_000_000_000, 5_000_000_000_000_000_000])
        #expect(try wrap.aggregate(.sum, by: .single(rowCount: 2))[0] == .double(1e19))
        let fits = Column(ints: [Int64.max, -1])
        #expect(try fits.aggregate(.sum, by: .single(rowCount: 2))[0] == .int(Int64.max - 1))
    }

    @Test func minAndMaxCompareIntegersAsIntegers() throws {
        let c = Column(ints: [9_007_199_254_740_992, 9_007_199_254_740_993, nil])
        for fast in [true, false] {
            #expect(try c.aggregate(.max, by: .single(rowCount: 3), fastPaths: fast)[0] == .int(9_007_199_254_740_993))
            #expect(try c.aggregate(.min, by: .single(rowCount: 3), fastPaths: fast)[0] == .int(9_007_199_254_740_992))
        }
    }
}
