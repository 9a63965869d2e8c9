import Testing
import Tables
@testable import Query

/// describe, tab and corr against values worked out by hand or by brute force.
@Suite struct SummaryTests {
    let table = try! Table([
        ("x", Column(doubles: [1, 2, nil, 4, 10])),
        ("k", Column(strings: ["a", "b", "a", nil, "a"])),
        ("TARGET", Column(ints: [0, 1, 1, 0, 0])),
    ])

    @Test func describeIsExact() throws {
        let d = try Describe.summary(of: table)
        #expect(d["column"]!.values == [.string("x"), .string("k"), .string("TARGET")])
        // x: {1,2,4,10}: mean 4.25, var ((3.25)^2+(2.25)^2+(0.25)^2+(5.75)^2)/3 = 48.75/3 = 16.25
        #expect(d["count"]![0] == .int(4) && d["missing"]![0] == .int(1))
        #expect(d["mean"]![0] == .double(4.25))
        #expect(abs(d["std"]!.number(at: 0)! - 16.25.squareRoot()) < 1e-12)
        // quartiles of 1 2 4 10: p25 at h=0.75 → 1.75; median 3; p75 at h=2.25 → 4 + 0.25·6 = 5.5
        #expect(d["p25"]![0] == .double(1.75) && d["median"]![0] == .double(3) && d["p75"]![0] == .double(5.5))
        #expect(d["min"]![0] == .double(1) && d["max"]![0] == .double(10))
        #expect(d["distinct"]![1] == .int(2))
        #expect(d["top values"]![1] == .string("a (75%), b (25%)"))
        #expect(d["mean"]![1] == .missing)
    }

    @Test func tabCountsPercentsAndRates() throws {
        let t = try Frequency.table(table, column: "k")
        #expect(t["k"]!.values == [.string("a"), .string("b"), .missing])
        #expect(t["count"]!.values == [.int(3), .int(1), .int(1)])
        #expect(t["percent"]!.values == [.double(60), .double(20), .double(20)])
        #expect(t["cumulative"]!.values == [.double(60), .double(80), .double(100)])
        // a: targets 0,1,0 → 1/3; b: 1; missing: 0
        #expect(t["target_rate"]!.values == [.double(1.0 / 3.0), .double(1), .double(0)])
        let by = try Frequency.table(table, column: "k", by: "TARGET")
        #expect(by.rowCount == 4)
    }

    @Test func tabBinsManyNumbersIntoDeciles() throws {
        let many = try Table([("v", Column(doubles: (1...100).map { Double($0) }))])
        let t = try Frequency.table(many, column: "v")
        #expect(t.rowCount == 10)
        #expect(t["count"]!.values.allSatisfy { $0 == .int(10) })
    }

    @Test func corrMatchesTheDefinition() throws {
        // Pairs where both present: (1,0) (2,1) (4,0) (10,0)
        let c = try Correlation.ranked(table, with: "TARGET")
        #expect(c["column"]!.values == [.string("x")])
        let xs = [1.0, 2, 4, 10], ys = [0.0, 1, 0, 0]
        let mx = xs.reduce(0, +) / 4, my = ys.reduce(0, +) / 4
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, syy = ys.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        #expect(abs(c["r"]!.number(at: 0)! - sxy / (sxx * syy).squareRoot()) < 1e-12)
        #expect(c["rows"]![0] == .int(4))
    }
}
