import Foundation
import HomeCredit
import Query
import Tables
import Testing

/// The query language against DuckDB: hundreds of random pipelines over the bundled data set,
/// each with DuckDB's answer to the equivalent SQL, replayed through the engine and compared
/// cell by cell, in order.
///
/// The pipelines and answers are in `fixtures/differential.jsonl`, written by
/// `scripts/differential-duckdb` (scripts/bench/differential.py: `--seed`, `--count`), so this
/// test needs neither Python nor DuckDB. Integers and text must be equal, missing must be
/// missing (SQL's NULL), and doubles equal to 1e-12 relative (quantiles and sums may differ in
/// the last bits).
@Suite struct DifferentialTests {
    /// One pipeline and DuckDB's answer.
    struct Case: Sendable, Decodable, CustomTestStringConvertible {
        let id: Int
        let pipeline: String
        let sql: String
        let columns: [String]
        /// Per column: int, double, text or bool.
        let types: [String]
        let rows: [[Cell]]

        var testDescription: String { "#\(id) \(pipeline)" }
    }

    /// A cell of DuckDB's answer as written in JSON: doubles are strings (Python's repr, which
    /// round-trips exactly), NULL is null.
    enum Cell: Sendable, Decodable, CustomStringConvertible {
        case null
        case text(String)
        case int(Int64)
        case bool(Bool)

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let s = try? c.decode(String.self) {
                self = .text(s)
            } else if let i = try? c.decode(Int64.self) {
                self = .int(i)
            } else {
                self = .bool(try c.decode(Bool.self))
            }
        }

        var description: String {
            switch self {
            case .null: "null"
            case .text(let s): "'\(s)'"
            case .int(let i): String(i)
            case .bool(let b): String(b)
            }
        }
    }

    static let fixture: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("fixtures/differential.jsonl")

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: fixture, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { line in try? decoder.decode(Case.self, from: Data(line.utf8)) }
    }()

    /// The lines of the fixture, to tell a line that does not decode from a missing file.
    static let lineCount: Int = {
        (try? String(contentsOf: fixture, encoding: .utf8))?.split(separator: "\n").count ?? 0
    }()

    static let catalog: Catalog? = try? HomeCreditData.open(folder: BundledData.defaultDataDirectory, cache: nil)

    /// An engine as the shell makes one: `join` without `on` knows the Home Credit keys.
    static func engine(_ catalog: Catalog) -> QueryEngine {
        QueryEngine(catalog: catalog) { left, right in
            guard let a = HomeCreditFile(tableName: left), let b = HomeCreditFile(tableName: right) else { return nil }
            return Relation.key(between: a, and: b)
        }
    }

    @Test func theFixtureHoldsHundredsOfPipelinesOnTheBundledData() {
        #expect(Self.lineCount >= 300, "\(Self.fixture.path) holds \(Self.lineCount) pipelines; run scripts/differential-duckdb")
        #expect(Self.cases.count == Self.lineCount, "every line of the fixture decodes")
        #expect(Self.catalog != nil, "the bundled data set opens")
    }

    @Test(arguments: DifferentialTests.cases)
    func agreesWithDuckDB(_ c: Case) throws {
        let catalog = try #require(Self.catalog)
        var engine = Self.engine(catalog)
        let table: Table
        do {
            table = try engine.run(c.pipeline).table
        } catch {
            Issue.record("#\(c.id) fails in our engine: \(error)\n\(Self.context(c))")
            return
        }
        if let difference = Self.firstDifference(c, table) {
            Issue.record("#\(c.id) disagrees with DuckDB: \(difference)\n\(Self.context(c))")
        }
    }

    static func context(_ c: Case) -> String {
        "pipeline: \(c.pipeline)\nSQL:\n\(c.sql)"
    }

    /// nil when `table` is DuckDB's answer, else the first thing that differs.
    static func firstDifference(_ c: Case, _ table: Table) -> String? {
        if table.names != c.columns { return "columns: ours \(table.names), DuckDB \(c.columns)" }
        if table.rowCount != c.rows.count { return "rows: ours \(table.rowCount), DuckDB \(c.rows.count)" }
        for (r, row) in c.rows.enumerated() {
            for (k, expected) in row.enumerated() {
                let actual = table.columns[k][r]
                if !matches(expected, type: c.types[k], actual) {
                    return "row \(r + 1), column \(c.columns[k]): ours \(show(actual)), DuckDB \(expected) (\(c.types[k]))"
                }
            }
        }
        return nil
    }

    static func show(_ v: Value) -> String {
        switch v {
        case .missing: "missing"
        case .string(let s): "'\(s)'"
        case .double(let d): "\(d) (double)"
        case .int(let i): "\(i) (int)"
        case .bool(let b): String(b)
        }
    }

    /// One cell: missing is NULL; text and booleans equal; integers exactly, or as doubles when
    /// one side types the value as a double; doubles to 1e-12 relative.
    static func matches(_ expected: Cell, type: String, _ actual: Value) -> Bool {
        switch (expected, actual) {
        case (.null, .missing): return true
        case (.null, _), (_, .missing): return false
        default: break
        }
        switch (type, expected, actual) {
        case ("text", .text(let e), .string(let a)): return e == a
        case ("bool", .bool(let e), .bool(let a)): return e == a
        case ("bool", .int(let e), .bool(let a)): return (e != 0) == a
        case ("int", .int(let e), .int(let a)): return e == a
        case ("int", .int(let e), .double(let a)): return close(Double(e), a)
        case ("double", .text(let e), .double(let a)): return Double(e).map { close($0, a) } ?? false
        case ("double", .text(let e), .int(let a)): return Double(e).map { close($0, Double(a)) } ?? false
        default: return false
        }
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    }
}
