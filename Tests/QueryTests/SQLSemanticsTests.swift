import Testing
import Tables
@testable import Query

/// The cases where the language once gave an answer other than SQL's (or crashed), each
/// checked against what DuckDB gives on the same rows.
@Suite struct SQLSemanticsTests {
    //  clients: SK_ID_CURR  kind       amount  note
    //           1           Cash       100     nil
    //           2           Cash       nil     nil
    //           3           Revolving  300     nil
    //  loans:   SK_ID_BUREAU  SK_ID_CURR  amount  status
    //           10            1           5       A
    //           11            1           7       B
    //           12            3           9       A
    //  months:  SK_ID_BUREAU  m
    //           10            0
    //           10            -1
    //           12            0
    static let clients = try! Table([
        ("SK_ID_CURR", Column(ints: [1, 2, 3])),
        ("kind", Column(strings: ["Cash", "Cash", "Revolving"])),
        ("amount", Column(doubles: [100, nil, 300])),
        ("note", Column(strings: [nil, nil, nil])),
    ])
    static let loans = try! Table([
        ("SK_ID_BUREAU", Column(ints: [10, 11, 12])),
        ("SK_ID_CURR", Column(ints: [1, 1, 3])),
        ("amount", Column(doubles: [5, 7, 9])),
        ("status", Column(strings: ["A", "B", "A"])),
    ])
    static let months = try! Table([
        ("SK_ID_BUREAU", Column(ints: [10, 10, 12])),
        ("m", Column(ints: [0, -1, 0])),
    ])

    func run(_ text: String) throws -> Table {
        var engine = QueryEngine(catalog: Catalog([
            .init(name: "clients", table: Self.clients), .init(name: "loans", table: Self.loans), .init(name: "months", table: Self.months),
        ]))
        return try engine.run(text).table
    }

    func values(_ text: String, _ column: String) throws -> [Value] {
        let table = try run(text)
        guard let c = table[column] else {
            Issue.record("no column \(column) in \(table.names)")
            return []
        }
        return c.values
    }

    func error(_ text: String) -> QueryError? {
        do { _ = try run(text); return nil } catch let e as QueryError { return e } catch { return nil }
    }

    @Test func repeatedNamesAreAnErrorAtTheSecondNotACrash() {
        let cases = [
            ("from clients | group kind, kind (n = count())", 27),
            ("from clients | distinct kind, kind", 30),
            ("from clients | aggregate n = count(), n = sum(amount)", 38),
            ("from clients | select a = kind, a = amount", 32),
            ("from clients | group kind (kind = count())", 27),
        ]
        for (text, column) in cases {
            let e = error(text)
            #expect(e?.message.contains("named twice") == true, "\(text)")
            #expect(e?.span?.start == column, "\(text)")
        }
    }

    @Test func aTextColumnWithNoValueNeverCrashes() throws {
        #expect(try values("from clients | sort note, SK_ID_CURR", "SK_ID_CURR") == [.int(1), .int(2), .int(3)])
        #expect(try values("from clients | derive t = case when amount < 0 then 'neg' end | sort t | take 2", "SK_ID_CURR") == [.int(1), .int(2)])
        #expect(try values("from clients | filter note contains 'a'", "SK_ID_CURR") == [])
        #expect(try values("from clients | filter note starts_with 'a' or note ends_with 'a'", "SK_ID_CURR") == [])
        #expect(try values("from clients | filter note == kind", "SK_ID_CURR") == [])
        #expect(try values("from clients | filter note < 'b'", "SK_ID_CURR") == [])
        #expect(try values("from clients | group note (n = count())", "n") == [.int(3)])
    }

    @Test func joinedColumnsReachEveryLaterStep() throws {
        // The right table's `amount` collides with the left's and becomes `amount_right`.
        #expect(try values("from clients | join loans | aggregate a = sum(amount_right)", "a") == [.double(21)])
        #expect(try values("from clients | join loans | filter amount_right > 6 | select SK_ID_CURR", "SK_ID_CURR") == [.int(1), .int(3)])
        #expect(try values("from clients | join loans | group status (s = sum(amount_right)) | sort status", "s") == [.double(14), .double(7), .missing])
        #expect(try values("from clients | join inner loans | select b = amount_right", "b") == [.double(5), .double(7), .double(9)])
        // A group's result joined back keeps every column of the right table.
        let back = try run("from loans | group SK_ID_CURR (nb = count()) | join clients")
        #expect(back.names == ["SK_ID_CURR", "nb", "kind", "amount", "note"])
        #expect(try values("from loans | group SK_ID_CURR (nb = count()) | join clients | filter kind == 'Cash' | select SK_ID_CURR", "SK_ID_CURR") == [.int(1)])
    }

    @Test func aSecondJoinFindsItsKeyAmongTheColumnsBothSidesHave() throws {
        // clients ⋈ loans on SK_ID_CURR, then ⋈ months on SK_ID_BUREAU: 1→(10→2 rows, 11→1), 2→1, 3→(12→1).
        #expect(try values("from clients | join loans | join months | aggregate n = count()", "n") == [.int(5)])
        #expect(try values("from clients | join loans | join months | group SK_ID_CURR (n = count())", "n") == [.int(3), .int(1), .int(1)])
        // Without a shared identifier the error's suggestion names a column both sides have.
        let e = error("from clients | select SK_ID_CURR, amount | join months")
        #expect(e?.message.contains("no column in common") == true)
        let twoKeys = try Table([("SK_ID_CURR", Column(ints: [1])), ("SK_ID_BUREAU", Column(ints: [10]))])
        var engine = QueryEngine(catalog: Catalog([.init(name: "loans", table: Self.loans), .init(name: "pairs", table: twoKeys)]))
        let result = Result { () throws(QueryError) in try engine.run("from loans | join pairs") }
        guard case .failure(let e) = result else {
            Issue.record("two shared identifiers should ask which")
            return
        }
        #expect(e.message.contains("SK_ID_BUREAU, SK_ID_CURR"))
        #expect(e.help == "join pairs on SK_ID_BUREAU")
        #expect(try engine.run("from loans | " + (e.help ?? "")).table.rowCount == 3)
    }

    @Test func conditionsStayConditionsThroughEveryFunction() throws {
        #expect(try values("from clients | filter if kind == 'Cash' then amount > 50 else false", "SK_ID_CURR") == [.int(1)])
        #expect(try values("from clients | filter fill(amount > 200, true)", "SK_ID_CURR") == [.int(2), .int(3)])
        #expect(try values("from clients | derive b = coalesce(amount > 200, false)", "b") == [.bool(false), .bool(false), .bool(true)])
    }

    @Test func aMissingConditionMovesOnAsInSQL() throws {
        // amount is missing for client 2: SQL's CASE skips to the next WHEN, and `if` to `else`.
        #expect(try values("from clients | derive c = case when amount > 200 then 'big' when SK_ID_CURR == 2 then 'two' else 'small' end", "c")
                == [.string("small"), .string("two"), .string("big")])
        #expect(try values("from clients | derive c = if amount > 200 then 1 else 0", "c") == [.int(0), .int(0), .int(1)])
    }

    @Test func textMatchingIgnoresCaseAndAnEmptyNeedleMatchesEveryPresentValue() throws {
        #expect(try values("from clients | filter kind contains ''", "SK_ID_CURR") == [.int(1), .int(2), .int(3)])
        #expect(try values("from clients | filter note contains ''", "SK_ID_CURR") == [])
        #expect(try values("from clients | filter kind starts_with 'ca'", "SK_ID_CURR") == [.int(1), .int(2)])
        #expect(try values("from clients | filter kind ends_with 'ING'", "SK_ID_CURR") == [.int(3)])
        #expect(try values("from clients | filter kind contains 'VOLV'", "SK_ID_CURR") == [.int(3)])
    }
}

/// `round` decides on the number's exact binary value, with exact ties away from zero.
@Suite struct RoundingTests {
    @Test(arguments: [
        (-23.65, 1, -23.6),   // -23.649999999999998578… in binary
        (2.675, 2, 2.67),     // 2.67499999999999982236431605997495353221893310546875
        (1.005, 2, 1.0),      // 1.00499999999999989341858963598497211933135986328125
        (0.125, 2, 0.13),     // exact in binary: a true tie, away from zero
        (-0.125, 2, -0.13),
        (2.5, 0, 3.0),
        (-2.5, 0, -3.0),
        (0.375, 2, 0.38),
        (1234.5678, 2, 1234.57),
        (1e300, 2, 1e300),
    ])
    func roundsTheExactValue(x: Double, digits: Int, expected: Double) {
        let scale = (0..<digits).reduce(1.0) { p, _ in p * 10 }
        #expect(ExpressionEvaluator.round(x, scale: scale) == expected)
    }
}

/// Integers stay integers at the edges of the 64-bit range: comparisons with a literal,
/// min and max (as doubles, 2^53 + 1 and 2^53 are one number).
@Suite struct IntegerComparisonTests {
    static let big = try! Table([("v", Column(ints: [Int64.max, Int64.max - 1, 9_007_199_254_740_993, 9_007_199_254_740_992, nil, .min]))])

    func ids(_ text: String) throws -> [Value] {
        var engine = QueryEngine(catalog: Catalog([.init(name: "t", table: Self.big)]))
        return try engine.run(text).table["v"]!.values
    }

    @Test func comparisonsWithLiteralsAreExact() throws {
        #expect(try ids("from t | filter v > 9223372036854775806") == [.int(.max)])
        #expect(try ids("from t | filter v == 9007199254740993") == [.int(9_007_199_254_740_993)])
        #expect(try ids("from t | filter 9007199254740992 >= v and v > 0") == [.int(9_007_199_254_740_992)])
        #expect(try ids("from t | filter v < -9223372036854775807") == [.int(.min)])
        var engine = QueryEngine(catalog: Catalog([.init(name: "t", table: Self.big)]))
        #expect(try engine.run("from t | aggregate m = max(v), n = min(v)").table.row(0) == [.int(.max), .int(.min)])
    }
}
