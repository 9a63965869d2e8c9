import Testing
import Tables
@testable import Query

/// Every verb, expression and aggregate on a tiny hand-computed table.
@Suite struct QueryEngineTests {
    //  id  kind        amount  target  days
    //  1   Cash        100     0       -3652.5
    //  2   Cash        nil     1       -7305
    //  3   Revolving   300     0       nil
    //  4   Cash        400     1       -10957.5
    //  5   nil         500     0       -14610
    static let clients = try! Table([
        ("id", Column(ints: [1, 2, 3, 4, 5])),
        ("kind", Column(strings: ["Cash", "Cash", "Revolving", "Cash", nil])),
        ("amount", Column(doubles: [100, nil, 300, 400, 500])),
        ("target", Column(ints: [0, 1, 0, 1, 0])),
        ("days", Column(doubles: [-3652.5, -7305, nil, -10957.5, -14610])),
    ])
    static let loans = try! Table([
        ("id", Column(ints: [1, 1, 2, 9])),
        ("debt", Column(doubles: [10, 20, 30, 40])),
    ])

    func engine() -> QueryEngine {
        QueryEngine(catalog: Catalog([.init(name: "clients", table: Self.clients), .init(name: "loans", table: Self.loans)]))
    }

    func run(_ text: String) throws -> QueryResult {
        var e = engine()
        return try e.run(text)
    }

    func values(_ text: String, _ column: String) throws -> [Value] {
        try run(text).table[column]!.values
    }

    @Test func filterWithArithmeticAndMissing() throws {
        // amount * 2 > 500: 100→no, nil→missing→dropped, 300→yes, 400→yes, 500→yes
        #expect(try values("from clients | filter amount * 2 > 500", "id") == [.int(3), .int(4), .int(5)])
        #expect(try values("from clients | filter amount is missing", "id") == [.int(2)])
        #expect(try values("from clients | filter not (amount is missing) and target == 1", "id") == [.int(4)])
        #expect(try values("from clients | filter kind == 'Cash' or amount > 450", "id") == [.int(1), .int(2), .int(4), .int(5)])
        #expect(try values("from clients | filter id in (2, 4)", "id") == [.int(2), .int(4)])
        #expect(try values("from clients | filter id not in (2, 4)", "id") == [.int(1), .int(3), .int(5)])
        #expect(try values("from clients | filter amount between 300 and 400", "id") == [.int(3), .int(4)])
        #expect(try values("from clients | filter kind contains 'volv'", "id") == [.int(3)])
        #expect(try values("from clients | filter kind starts_with 'Ca'", "id") == [.int(1), .int(2), .int(4)])
    }

    @Test func threeValuedLogic() throws {
        // missing or true = true; missing and false = false
        #expect(try values("from clients | filter amount > 1000 or id == 2", "id") == [.int(2)])
        #expect(try values("from clients | derive x = (amount > 0) and (id > 10) | filter x is not missing", "id").count == 5)
    }

    @Test func deriveFunctionsAndConditionals() throws {
        #expect(try values("from clients | derive a = years(days) | take 2", "a") == [.double(10), .double(20)])
        #expect(try values("from clients | derive r = amount / 100", "r") == [.double(1), .missing, .double(3), .double(4), .double(5)])
        #expect(try values("from clients | derive c = fill(amount, 0)", "c") == [.double(100), .double(0), .double(300), .double(400), .double(500)])
        // A missing condition takes the `else` branch, as SQL's CASE does.
        #expect(try values("from clients | derive k = if amount > 250 then 'big' else 'small'", "k")
                == [.string("small"), .string("small"), .string("big"), .string("big"), .string("big")])
        #expect(try values("from clients | derive b = case when id < 2 then 1 when id < 4 then 2 else 3 end", "b")
                == [.int(1), .int(2), .int(2), .int(3), .int(3)])
        #expect(try values("from clients | derive s = id * 2 + 1", "s") == [.int(3), .int(5), .int(7), .int(9), .int(11)])
        #expect(try values("from clients | derive l = round(log(amount), 2) | take 1", "l") == [.double(4.61)])
        #expect(try values("from clients | derive q = clip(amount, 200, 400)", "q") == [.double(200), .missing, .double(300), .double(400), .double(400)])
    }

    /// Home Credit's 365243-day code read by years() is said, not silently a thousand years.
    @Test func yearsOfTheSentinelCodeIsSaid() throws {
        let r = try run("from clients | derive d = case when id == 2 then 365243 else days end | derive y = years(d)")
        #expect(r.warnings.contains { $0.hasPrefix("years(): 1 row holds 365243, Home Credit's code for no such date") })
        #expect(try run("from clients | derive y = years(days)").warnings.isEmpty)
    }

    @Test func divisionByZeroIsMissingWithAWarning() throws {
        let r = try run("from clients | derive z = amount / (id - 1)")
        #expect(r.table["z"]![0] == .missing)
        #expect(r.warnings.contains { $0.contains("division by zero") })
    }

    @Test func groupAndAggregates() throws {
        let r = try run("from clients | group kind (n = count(), present = count(amount), total = sum(amount), rate = mean(target), med = median(amount), hi = max(amount), share_big = share(amount > 150))")
        let t = r.table
        #expect(t["kind"]!.values == [.string("Cash"), .string("Revolving"), .missing])
        #expect(t["n"]!.values == [.int(3), .int(1), .int(1)])
        #expect(t["present"]!.values == [.int(2), .int(1), .int(1)])
        #expect(t["total"]!.values == [.double(500), .double(300), .double(500)])
        #expect(t["rate"]!.values == [.double(2.0 / 3.0), .double(0), .double(0)])
        #expect(t["med"]!.values == [.double(250), .double(300), .double(500)])
        #expect(t["hi"]!.values == [.double(400), .double(300), .double(500)])
        #expect(t["share_big"]!.values == [.double(0.5), .double(1), .double(1)])
    }

    @Test func aggregateWholeTableAndArithmeticOnAggregates() throws {
        let t = try run("from clients | aggregate (n = count(), rate = sum(target) / count(), sd = std(amount), q = quantile(amount, 0.25), u = nunique(kind))").table
        #expect(t.rowCount == 1)
        #expect(t["n"]![0] == .int(5))
        #expect(t["rate"]![0] == .double(0.4))
        // amount {100,300,400,500}: mean 325, squares of deviations 50625+625+5625+30625 = 87500, /3
        #expect(abs(t["sd"]!.number(at: 0)! - (87500.0 / 3).squareRoot()) < 1e-9)
        // sorted 100 300 400 500: h = 0.75 → 100 + 0.75·200 = 250
        #expect(t["q"]![0] == .double(250))
        #expect(t["u"]![0] == .int(2))
        let empty = try run("from clients | filter id > 99 | aggregate n = count(), s = sum(amount)").table
        #expect(empty["n"]!.values == [.int(0)])
        #expect(empty["s"]!.values == [.missing])
    }

    @Test func filterAfterAggregation() throws {
        #expect(try values("from clients | group kind (n = count()) | filter n > 1", "kind") == [.string("Cash")])
    }

    @Test func selectPatternsRenamesAndExclusions() throws {
        #expect(try run("from clients | select id, money = amount").table.names == ["id", "money"])
        #expect(try run("from clients | select -days, -kind").table.names == ["id", "amount", "target"])
        let wide = try Table([("AMT_A", Column(ints: [1])), ("AMT_B", Column(ints: [2])), ("FLAG_X", Column(ints: [3]))])
        var e = QueryEngine(catalog: Catalog([.init(name: "w", table: wide)]))
        #expect(try e.run("from w | select AMT_*").table.names == ["AMT_A", "AMT_B"])
        #expect(try e.run("from w | select -AMT_*").table.names == ["FLAG_X"])
    }

    @Test func sortTakeDistinct() throws {
        #expect(try values("from clients | sort -amount | take 2", "id") == [.int(5), .int(4)])
        #expect(try values("from clients | sort kind, -id", "id") == [.int(4), .int(2), .int(1), .int(3), .int(5)])
        #expect(try values("from clients | take 2..3", "id") == [.int(2), .int(3)])
        #expect(try values("from clients | distinct kind", "kind") == [.string("Cash"), .string("Revolving"), .missing])
    }

    @Test func joinFindsKeyAndWarnsOnFanOut() throws {
        let r = try run("from clients | join loans on id")
        #expect(r.table.rowCount == 6)  // left join: 1→2 rows, 2→1, 3,4,5 unmatched
        #expect(r.warnings.contains { $0.contains("multiplied") })
        let inner = try run("from clients | join inner loans")
        #expect(inner.table["debt"]!.values == [.double(10), .double(20), .double(30)])
        // The shared column is the key even when later steps read other columns only.
        let grouped = try run("from clients | join inner loans | group kind (n = count(), d = sum(debt))")
        #expect(grouped.table["n"]!.values == [.int(3)] && grouped.table["d"]!.values == [.double(60)])
    }

    @Test func aJoinFeedingAGroupSkipsTheKeyOnlyWhenUnread() throws {
        let a = try Table([("SK_ID_CURR", Column(ints: [1, 2, 3])), ("kind", Column(strings: ["Cash", "Cash", "Revolving"]))])
        let b = try Table([("SK_ID_CURR", Column(.int32([2, 1, 2, 9]))), ("debt", Column(doubles: [10, 20, 30, 40]))])
        var e = QueryEngine(catalog: Catalog([.init(name: "a", table: a), .init(name: "b", table: b)]))
        // Nothing reads the key after the join: it is not gathered, and the results are unchanged.
        #expect(try e.run("from a | join inner b | aggregate n = count()").table["n"]!.values == [.int(3)])
        let byKind = try e.run("from a | join inner b | group kind (n = count(), d = mean(debt))").table
        #expect(byKind.names == ["kind", "n", "d"])
        #expect(byKind["n"]!.values == [.int(3)] && byKind["d"]!.values == [.double(20)])
        // Read later: kept.
        #expect(try e.run("from a | join b | group SK_ID_CURR (n = count())").table["n"]!.values == [.int(1), .int(2), .int(1)])
        #expect(try e.run("from a | join inner b | sort -debt | select SK_ID_CURR, debt").table["SK_ID_CURR"]!.values == [.int(2), .int(1), .int(2)])
        #expect(throws: QueryError.self) { try e.run("from a | join inner b | group kindd (n = count())") }
    }

    @Test func textColumnsCompareWithEachOther() throws {
        // k2 = Revolving, Revolving, Cash, Cash, Cash against kind = Cash, Cash, Revolving, Cash, missing.
        let base = "from clients | derive k2 = if id > 2 then 'Cash' else 'Revolving' | filter "
        #expect(try values(base + "kind == k2 | select id", "id") == [.int(4)])
        #expect(try values(base + "kind != k2 | select id", "id") == [.int(1), .int(2), .int(3)])
        #expect(try values(base + "kind < k2 | select id", "id") == [.int(1), .int(2)])
        #expect(try values(base + "k2 >= kind | select id", "id") == [.int(1), .int(2), .int(4)])
    }

    @Test func filtersGatherOnlyWhatLaterStepsRead() throws {
        // Each filter drops the columns no later step reads before gathering its rows.
        #expect(try values("from clients | filter amount > 150 | aggregate n = count()", "n") == [.int(3)])
        #expect(try values("from clients | filter amount > 150 | filter target == 0 | aggregate n = count()", "n") == [.int(2)])
        #expect(try values("from clients | filter amount > 150 and kind == 'Cash' | group kind (n = count())", "n") == [.int(1)])
        // A later join still finds its key, and the joined columns are read.
        #expect(try values("from clients | filter kind == 'Cash' | join inner loans | aggregate d = sum(debt)", "d") == [.double(60)])
        // A derived name read later is not mistaken for an unknown column.
        #expect(try values("from clients | filter target == 1 | derive a2 = amount * 2 | aggregate s = sum(a2)", "s") == [.double(800)])
        #expect(throws: QueryError.self) { try run("from clients | filter target == 1 | aggregate s = sum(amountt)") }
    }

    @Test func namedResultsAndLast() throws {
        var e = engine()
        _ = try e.run("let cash = from clients | filter kind == 'Cash'")
        #expect(try e.run("cash | aggregate n = count()").table["n"]![0] == .int(3))
        #expect(try e.run("from _ | take 1").table["n"]![0] == .int(3))
        #expect(try e.run("from _1 | take 1").table["id"]![0] == .int(1))
        #expect(throws: QueryError.self) { try e.run("let clients = from loans") }
    }

    @Test func stepsMayStandOnTheirOwnLines() throws {
        #expect(try values("from clients\nfilter target == 1\nselect id", "id") == [.int(2), .int(4)])
    }

    @Test func plotIsParsedAndHandedOver() throws {
        let r = try run("from clients | plot hist amount by target bins 10")
        #expect(r.plot?.kind == "hist")
        #expect(r.plot?.arguments.count == 5)
    }
}

@Suite struct PlanningTests {
    @Test func onlyNeededColumnsAreCarried() {
        let steps = try! Parser.parse("from t | filter a > 1 | derive x = b * 2 | group c (n = count(), s = sum(x))")
        guard case .pipeline(let p) = steps else { Issue.record("not a pipeline"); return }
        let none: (String) -> [String]? = { _ in nil }
        #expect(ColumnLiveness(p.steps, rightColumns: none).needed[1] == ["a", "b", "c"])
        #expect(ColumnLiveness(p.steps, rightColumns: none).needed[2] == ["b", "c"])
        #expect(ColumnLiveness(p.steps, rightColumns: none).needed[3] == ["c", "x"])
        guard case .pipeline(let open) = try! Parser.parse("from t | filter a > 1") else { return }
        #expect(ColumnLiveness(open.steps, rightColumns: none).needed[1] == nil)
        guard case .pipeline(let pattern) = try! Parser.parse("from t | select AMT_*") else { return }
        #expect(ColumnLiveness(pattern.steps, rightColumns: none).needed[1] == nil)
        // Through joins: `x_right` needs `x` on both sides; an inferred key needs the right
        // table's columns on the left.
        guard case .pipeline(let joined) = try! Parser.parse("from t | filter a > 1 | join u | aggregate m = mean(x_right)") else { return }
        let live = ColumnLiveness(joined.steps) { $0 == "u" ? ["id", "x"] : nil }
        #expect(live.needed[2] == ["x_right", "x", "id"])
        #expect(live.needed[1] == ["x_right", "x", "id", "a"])
    }

    @Test func topRowsOfASortEqualTheFullSort() throws {
        var values: [Int64?] = []
        var state: UInt64 = 42
        for _ in 0..<5000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(state % 13 == 0 ? nil : Int64(state >> 50))
        }
        let t = try Table([("v", Column(ints: values)), ("w", Column(ints: values.map { $0.map { $0 % 7 } }))])
        let keys = [SortKey("w"), SortKey("v", descending: true)]
        for limit in [1, 10, 100] {
            #expect(try t.sortPermutation(by: keys, limit: limit) == Array(try t.sortPermutation(by: keys).prefix(limit)))
        }
    }
}
