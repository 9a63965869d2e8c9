import Testing
@testable import Tables

/// The fast grouping, aggregate and join paths against the general ones (or a brute-force
/// reference) on random inputs: sorted and unsorted keys, narrow and wide ranges, missing
/// keys and values, Int32 and Int64 storage.
@Suite struct FastPathTests {
    /// A seeded generator, so failures reproduce.
    typealias Random = SplitMix64

    enum Shape: CaseIterable { case sorted, clustered, narrow, wide, extreme }

    /// Integer keys of one shape; `missing` is the share of missing rows.
    static func keys(_ shape: Shape, rows: Int, missing: Double, int32: Bool, _ rng: inout Random) -> Column {
        var values: [Int64] = []
        switch shape {
        case .sorted:
            var x = Int64.random(in: -50...50, using: &rng)
            for _ in 0..<rows {
                if Int.random(in: 0..<4, using: &rng) == 0 { x += Int64.random(in: 1...1_000_000, using: &rng) }
                values.append(x)
            }
        case .clustered:
            while values.count < rows {
                let key = Int64.random(in: 0...Int64(Int32.max), using: &rng)
                values += Array(repeating: key, count: Int.random(in: 1...6, using: &rng))
            }
            values = Array(values.prefix(rows))
        case .narrow: values = (0..<rows).map { _ in Int64.random(in: 1000...1000 + Int64(rows), using: &rng) }
        case .wide: values = (0..<rows).map { _ in Int64.random(in: 0...Int64(Int32.max), using: &rng) * Int64.random(in: 0...3, using: &rng) }
        case .extreme:
            let pool: [Int64] = int32 ? [Int64(Int32.min), Int64(Int32.max), 0, -1] : [.min, .max, 0, -1, 1 << 40]
            values = (0..<rows).map { _ in pool.randomElement(using: &rng)! }
        }
        if int32 { values = values.map { Int64(Int32(truncatingIfNeeded: $0)) } }
        let validity = missing > 0 ? Bitmap((0..<rows).map { _ in Double.random(in: 0..<1, using: &rng) >= missing }) : nil
        return int32 ? Column(.int32(values.map { Int32(truncatingIfNeeded: $0) }), validity: validity)
            : Column(.int(values), validity: validity)
    }

    static func expectSameGrouping(_ a: Grouping, _ b: Grouping, _ label: String) {
        #expect(a.groupCount == b.groupCount, "\(label)")
        #expect(a.groupOfRow == b.groupOfRow, "\(label)")
        #expect(a.firstRow == b.firstRow, "\(label)")
    }

    static func storageKind(_ c: Column) -> String {
        switch c.storage {
        case .int: "int"
        case .int32: "int32"
        case .int8: "int8"
        case .double: "double"
        case .bool: "bool"
        case .category: "category"
        }
    }

    @Test func integerKeysGroupAsTheGeneralPath() {
        var rng = Random(state: 7)
        for shape in Shape.allCases {
            for int32 in [false, true] {
                for missing in [0.0, 0.1] {
                    for rows in [0, 1, 2, 17, 500] {
                        let key = Self.keys(shape, rows: rows, missing: missing, int32: int32, &rng)
                        let label = "\(shape) int32=\(int32) missing=\(missing) rows=\(rows)"
                        Self.expectSameGrouping(Grouping(keys: [key], rowCount: rows),
                                                Grouping(keys: [key], rowCount: rows, fastPaths: false), label)
                    }
                }
            }
        }
    }

    @Test func sortedKeysMakeContiguousGroups() {
        let key = Column(.int32([3, 3, 5, 5, 5, 9]))
        let g = Grouping(keys: [key], rowCount: 6)
        #expect(g.contiguous && g.groupCount == 3 && g.firstRow == [0, 2, 5])
        #expect(g.rowCounts() == [2, 3, 1])
        // A key seen again later is not contiguous, and not sorted.
        #expect(!Grouping(keys: [Column(.int32([3, 5, 3]))], rowCount: 3).contiguous)
    }

    @Test func categoryAndBoolKeysGroupAsTheGeneralPath() {
        var rng = Random(state: 11)
        let levels = ["a", "b", "c", "d"]
        for missing in [0.0, 0.2] {
            for rows in [0, 1, 300] {
                let strings: [String?] = (0..<rows).map { _ in Double.random(in: 0..<1, using: &rng) < missing ? nil : levels.randomElement(using: &rng)! }
                let bools: [Bool?] = (0..<rows).map { _ in Double.random(in: 0..<1, using: &rng) < missing ? nil : Bool.random(using: &rng) }
                for key in [Column(strings: strings), Column(bools: bools)] {
                    Self.expectSameGrouping(Grouping(keys: [key], rowCount: rows),
                                            Grouping(keys: [key], rowCount: rows, fastPaths: false), "\(key.type) rows=\(rows)")
                }
            }
        }
    }

    @Test func typedAggregatesMatchTheGeneralKernels() throws {
        var rng = Random(state: 23)
        let rows = 400
        for shape in Shape.allCases {
            for keyMissing in [0.0, 0.1] {
                let key = Self.keys(shape, rows: rows, missing: keyMissing, int32: false, &rng)
                let fast = Grouping(keys: [key], rowCount: rows)
                let general = Grouping(keys: [key], rowCount: rows, fastPaths: false)
                for valueMissing in [0.0, 0.3, 1.0] {
                    let present = (0..<rows).map { _ in Double.random(in: 0..<1, using: &rng) >= valueMissing }
                    let validity = valueMissing > 0 ? Bitmap(present) : nil
                    let ints = (0..<rows).map { _ in Int64.random(in: -1000...1000, using: &rng) }
                    let values = [
                        Column(.int(ints), validity: validity),
                        Column(.int32(ints.map { Int32($0) }), validity: validity),
                        Column(.int8(ints.map { Int8($0 % 128) }), validity: validity),
                        Column(.double(ints.map { Double($0) / 7 }), validity: validity),
                        Column(.int(ints.map { $0 * (1 << 52) + 3 }), validity: validity),  // beyond 2^53: ties as doubles
                    ]
                    for value in values {
                        for a in [Aggregation.count, .countNonMissing, .min, .max, .sum, .mean, .variance] {
                            let expected = try value.aggregate(a, by: general, fastPaths: false)
                            for grouping in [fast, general] {
                                let got = try value.aggregate(a, by: grouping)
                                let label = "\(a) of \(Self.storageKind(value)) by \(shape) keyMissing=\(keyMissing) valueMissing=\(valueMissing)"
                                #expect(got == expected, "\(label)")
                                #expect(Self.storageKind(got) == Self.storageKind(expected), "\(label)")
                                #expect((got.validity == nil) == (expected.validity == nil), "\(label)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Sums, means and variances kept in registers along runs of a group's rows are the
    /// textbook row-by-row updates, bit for bit, whether a group's rows come in one run,
    /// several, or scattered.
    @Test func runningMomentsEqualRowByRowUpdates() throws {
        var rng = Random(state: 41)
        let rows = 3000
        for shape in Shape.allCases {
            let key = Self.keys(shape, rows: rows, missing: 0, int32: false, &rng)
            let grouping = Grouping(keys: [key], rowCount: rows)
            let present = (0..<rows).map { _ in Double.random(in: 0..<1, using: &rng) >= 0.2 }
            let x = (0..<rows).map { _ in Double.random(in: -1e6...1e6, using: &rng) / 3 }
            let column = Column(.double(x), validity: Bitmap(present))
            var n = [Int](repeating: 0, count: grouping.groupCount)
            var sum = [Double](repeating: 0, count: grouping.groupCount)
            var mean = sum, m2 = sum
            for i in 0..<rows where present[i] {
                let g = Int(grouping.groupOfRow[i])
                n[g] += 1
                sum[g] += x[i]
                let delta = x[i] - mean[g]
                mean[g] += delta / Double(n[g])
                m2[g] += delta * (x[i] - mean[g])
            }
            let sums = try column.aggregate(.sum, by: grouping), means = try column.aggregate(.mean, by: grouping)
            let variances = try column.aggregate(.variance, by: grouping)
            // Distinct values per group against sets (values repeat: a few levels, and -0.0 is 0.0).
            let few = Column(.double(x.map { ($0 / 2e5).rounded() == 0 ? (Bool.random(using: &rng) ? 0.0 : -0.0) : ($0 / 2e5).rounded() }), validity: Bitmap(present))
            var sets = [Set<Double>](repeating: [], count: grouping.groupCount)
            for i in 0..<rows where present[i] { sets[Int(grouping.groupOfRow[i])].insert(few.number(at: i)! == 0 ? 0 : few.number(at: i)!) }
            let distinct = try few.aggregate(.nunique, by: grouping)
            #expect((0..<grouping.groupCount).map { distinct[$0] } == sets.map { .int(Int64($0.count)) }, "\(shape) nunique")
            for g in 0..<grouping.groupCount {
                #expect(sums.number(at: g)?.bitPattern == (n[g] > 0 ? sum[g].bitPattern : nil), "\(shape) sum of group \(g)")
                #expect(means.number(at: g)?.bitPattern == (n[g] > 0 ? (sum[g] / Double(n[g])).bitPattern : nil), "\(shape) mean of group \(g)")
                #expect(variances.number(at: g)?.bitPattern == (n[g] > 1 ? (m2[g] / Double(n[g] - 1)).bitPattern : nil), "\(shape) variance of group \(g)")
            }
        }
    }

    /// Integers take the narrowest storage that holds them, and read back the same.
    @Test func integersTakeTheNarrowestStorage() {
        #expect(Self.storageKind(Column.integers([0, 1, -128, 127])) == "int8")
        #expect(Self.storageKind(Column.integers([0, 128])) == "int32")
        #expect(Self.storageKind(Column.integers([Int64(Int32.min), 5])) == "int32")
        #expect(Self.storageKind(Column.integers([Int64(Int32.max) + 1])) == "int")
        #expect(Self.storageKind(Column.integers([])) == "int8")
        let values: [Int64] = [-128, 0, 127, 5]
        let narrow = Column.integers(values, validity: Bitmap([true, false, true, true]))
        #expect(narrow.int64Values == values && narrow.type == .int && narrow[1] == .missing && narrow[2] == .int(127))
    }

    @Test func countOfAnEmptyTableIsZero() {
        #expect(Grouping.single(rowCount: 0).rowCounts() == [0])
        #expect(Grouping.single(rowCount: 3).rowCounts() == [3])
    }

    /// A join by brute force: every left row against every right row.
    static func referenceJoin(_ left: Table, _ right: Table, kind: JoinKind) -> (rows: [(Int, Int)], report: JoinReport) {
        let lk = left["id"]!, rk = right["id"]!
        var rows: [(Int, Int)] = []
        var report = JoinReport(leftRows: left.rowCount, rightRows: right.rowCount)
        var unmatched = Set<Value>()
        for i in 0..<left.rowCount {
            let matches = lk[i] == .missing ? [] : (0..<right.rowCount).filter { rk[$0] == lk[i] }
            if matches.isEmpty {
                report.unmatchedLeftRows += 1
                if lk[i] != .missing { unmatched.insert(lk[i]) }
                if kind == .left { rows.append((i, -1)) }
                continue
            }
            if matches.count > 1 { report.multipliedLeftRows += 1 }
            report.maxMatches = max(report.maxMatches, matches.count)
            rows += matches.map { (i, $0) }
        }
        report.unmatchedLeftKeys = unmatched.count
        report.outputRows = rows.count
        return (rows, report)
    }

    @Test func joinsMatchTheBruteForceReference() throws {
        var rng = Random(state: 31)
        for shape in Shape.allCases {
            for int32 in [false, true] {
                for missing in [0.0, 0.15] {
                    for (leftRows, rightRows) in [(0, 5), (5, 0), (60, 200), (200, 60)] {
                        let rightKeys = Self.keys(shape, rows: rightRows, missing: missing, int32: int32, &rng)
                        // Left keys: some drawn from the right, some not.
                        var lk: [Int64?] = []
                        for _ in 0..<leftRows {
                            if rightRows > 0, Bool.random(using: &rng) { lk.append(rightKeys[Int.random(in: 0..<rightRows, using: &rng)].int64) } else {
                                lk.append(Double.random(in: 0..<1, using: &rng) < missing ? nil : Int64.random(in: -5...5_000_000, using: &rng))
                            }
                        }
                        let left = try Table([("id", Column(ints: lk)), ("l", Column(.int((0..<leftRows).map(Int64.init))))])
                        let right = try Table([("id", rightKeys), ("r", Column(.double((0..<rightRows).map { Double($0) + 0.5 })))])
                        for kind in [JoinKind.inner, .left] {
                            let (joined, report) = try left.join(right, on: "id", kind: kind)
                            let (rows, expected) = Self.referenceJoin(left, right, kind: kind)
                            let label = "\(shape) int32=\(int32) missing=\(missing) \(leftRows)×\(rightRows) \(kind)"
                            #expect(report == expected, "\(label)")
                            #expect(joined["l"]!.values == rows.map { Value.int(Int64($0.0)) }, "\(label)")
                            #expect(joined["r"]!.values == rows.map { $0.1 < 0 ? Value.missing : .double(Double($0.1) + 0.5) }, "\(label)")
                            #expect(joined["id"]!.values == rows.map { left["id"]![$0.0] }, "\(label)")
                        }
                    }
                }
            }
        }
    }
}

private extension Value {
    var int64: Int64? { if case .int(let v) = self { v } else { nil } }
}
