import Testing
import Tables
@testable import Query

/// The steps and functions recipes are written with: onehot, across, prefix, append, joins of
/// several tables, nullif/greatest/least, and the lineage they leave.
@Suite struct FeatureStepTests {
    static let credits = try! Table([
        ("SK_ID_CURR", Column(ints: [1, 1, 2, 3])),
        ("STATUS", Column(strings: ["Active", "Closed", "Closed", nil])),
        ("AMOUNT", Column(doubles: [100, 300, 50, nil])),
        ("DAYS", Column(ints: [-10, 365243, -30, -40])),
    ])
    static let more = try! Table([
        ("SK_ID_CURR", Column(ints: [4])),
        ("STATUS", Column(strings: ["Sold out"])),
        ("AMOUNT", Column(doubles: [70])),
    ])

    func engine() -> QueryEngine {
        QueryEngine(catalog: Catalog([.init(name: "credits", table: Self.credits), .init(name: "more", table: Self.more)]))
    }

    func run(_ text: String, _ e: inout QueryEngine) throws -> Table { try e.run(text).table }

    func run(_ text: String) throws -> Table {
        var e = engine()
        return try run(text, &e)
    }

    /// One-hot column names from levels: the byte-wise path for ASCII levels names them as
    /// the definition does (letters and digits kept, each run of anything else one `_`).
    @Test func levelNamesFollowTheDefinition() {
        var rng = SplitMix64(state: 11)
        let samples = ["Cash loans", "Secondary / secondary special", "XNA", "", "  ", "a--b", "Type 3: x", "_x_", "Z9{z}0"]
            + (0..<500).map { _ in String((0..<Int.random(in: 0...12, using: &rng)).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))) }) }
        for level in samples { #expect(PipelineRunner.nameSafe(level) == PipelineRunner.nameSafeByCharacter(level), "\(level.debugDescription)") }
        #expect(PipelineRunner.nameSafe("Évry, Île") == "Évry_Île")
        #expect(["Secondary / secondary special", "a--b", "  ", "_x_", "Type 3: x"].map(PipelineRunner.nameSafe)
                == ["Secondary_secondary_special", "a_b", "blank", "x", "Type_3_x"])
    }

    @Test func onehotMakesSortedIndicatorsInPlaceOfTheColumn() throws {
        let t = try run("from credits | onehot STATUS with missing")
        #expect(t.names == ["SK_ID_CURR", "STATUS_Active", "STATUS_Closed", "STATUS_nan", "AMOUNT", "DAYS"])
        #expect(t["STATUS_Active"]!.values == [.int(1), .int(0), .int(0), .int(0)])
        #expect(t["STATUS_nan"]!.values == [.int(0), .int(0), .int(0), .int(1)])
        // Levels become name-safe: "Sold out" → Sold_out.
        #expect(try run("from more | onehot STATUS").names.contains("STATUS_Sold_out"))
        #expect(throws: QueryError.self) { try run("from credits | onehot AMOUNT") }
    }

    @Test func frozenLevelsMakeTheSameColumnsOnOtherRows() throws {
        var e = engine()
        _ = try run("let a = from credits | onehot STATUS", &e)
        let levels = e.frozenLevels
        #expect(levels["a:1:STATUS"] == ["Active", "Closed"])
        var replay = QueryEngine(catalog: Catalog([.init(name: "credits", table: Self.more)]))
        replay.frozenLevels = levels
        let t = try run("let a = from credits | onehot STATUS", &replay)
        #expect(t.names == ["SK_ID_CURR", "STATUS_Active", "STATUS_Closed", "AMOUNT"])
        #expect(t["STATUS_Active"]!.values == [.int(0)])
    }

    @Test func acrossNamesEachColumnAndFunction() throws {
        let t = try run("from credits | group SK_ID_CURR (across((AMOUNT, DAYS), (min, sum, size)), n = count())")
        #expect(t.names == ["SK_ID_CURR", "AMOUNT_MIN", "AMOUNT_SUM", "AMOUNT_SIZE", "DAYS_MIN", "DAYS_SUM", "DAYS_SIZE", "n"])
        #expect(t["AMOUNT_SUM"]!.values == [.double(400), .double(50), .missing])
        #expect(t["AMOUNT_SIZE"]!.values == [.int(2), .int(1), .int(1)])  // rows, missing or not
        let templated = try run("from credits | group SK_ID_CURR (across(AM*, mean, 'avg_{fn}_of_{col}'))")
        #expect(templated.names == ["SK_ID_CURR", "avg_mean_of_AMOUNT"])
        // A pattern never summarises the keys or identifiers.
        #expect(try run("from credits | group STATUS (across(*, max))").names == ["STATUS", "AMOUNT_MAX", "DAYS_MAX"])
        #expect(throws: QueryError.self) { try run("from credits | group SK_ID_CURR (across(AMOUNT, quantile))") }
        #expect(throws: QueryError.self) { try run("from credits | group SK_ID_CURR (across(AMOUNT, mean, 'same'))") }
        #expect(throws: QueryError.self) { try run("from credits | group SK_ID_CURR (across(NOPE_*, mean))") }
    }

    @Test func prefixAppendAndJoinsOfSeveralTables() throws {
        var e = engine()
        _ = try run("let a = from credits | group SK_ID_CURR (across(AMOUNT, sum)) | prefix A_", &e)
        _ = try run("let b = from credits | group SK_ID_CURR (n = count()) | prefix B_", &e)
        let t = try run("from credits | append more | distinct SK_ID_CURR | join a, b on SK_ID_CURR", &e)
        #expect(t.names == ["SK_ID_CURR", "A_AMOUNT_SUM", "B_n"])
        #expect(t["SK_ID_CURR"]!.values == [.int(1), .int(2), .int(3), .int(4)])
        #expect(t["B_n"]!.values == [.int(2), .int(1), .int(1), .missing])
        #expect(try run("from credits | append more").rowCount == 5)
    }

    @Test func sentinelsAndBounds() throws {
        let t = try run("from credits | derive d = nullif(DAYS, 365243), late = greatest(DAYS, -20), early = least(DAYS, -20, AMOUNT)")
        #expect(t["d"]!.values == [.int(-10), .missing, .int(-30), .int(-40)])
        #expect(t["late"]!.values == [.int(-10), .int(365243), .int(-20), .int(-20)])
        #expect(t["early"]!.values[3] == .missing)  // a missing input gives a missing result
    }

    @Test func lineageFollowsFiltersGroupsAndJoins() throws {
        var e = engine()
        let r = try e.run("let s = from credits | onehot STATUS | filter STATUS_Closed == 1 | group SK_ID_CURR (across(AMOUNT, mean), across(STATUS_*, mean), n = count()) | prefix C_")
        let mean = r.lineage["C_AMOUNT_MEAN"]!
        #expect(mean.tables == ["credits"])
        #expect(mean.columns == ["AMOUNT"])
        #expect(mean.filters == ["STATUS_Closed == 1"])
        #expect(mean.summaries.map(\.function) == ["mean"])
        #expect(mean.summaries.map(\.keys) == [["SK_ID_CURR"]])
        #expect(r.lineage["C_STATUS_Active_MEAN"]!.level == "Active")
        #expect(r.lineage["C_n"]!.summaries.map(\.function) == ["size"])
        let joined = try e.run("from credits | distinct SK_ID_CURR | join s on SK_ID_CURR")
        #expect(joined.lineage["C_AMOUNT_MEAN"] == mean)
        let derived = try e.run("from s | derive r = C_AMOUNT_MEAN / C_n")
        #expect(derived.lineage["r"]!.expression == "C_AMOUNT_MEAN / C_n")
    }
}
