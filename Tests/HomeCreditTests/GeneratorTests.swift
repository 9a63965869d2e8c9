import Foundation
import Testing

@testable import HomeCredit

/// Tests of the synthetic data generator: determinism, the exact real schema, the formats of
/// values, the links between files, and the marginal statistics of stats.md.
@Suite struct GeneratorTests {
    @Test func sameSeedGivesIdenticalFilesAndAnotherSeedDiffers() throws {
        let first = try GeneratedData(clients: 1_500, seed: 7)
        let second = try GeneratedData(clients: 1_500, seed: 7)
        let other = try GeneratedData(clients: 1_500, seed: 8)
        for file in HomeCreditFile.allCases {
            #expect(first.bytes(file) == second.bytes(file), "\(file.fileName) differs between two runs")
        }
        #expect(first.bytes(.applicationTrain) != other.bytes(.applicationTrain))
        #expect(first.bytes(.installmentsPayments) != other.bytes(.installmentsPayments))
    }

    @Test func reportCountsWhatIsOnDisk() throws {
        let data = try GeneratedData(clients: 800, seed: 3)
        for file in HomeCreditFile.allCases {
            let bytes = data.bytes(file)
            #expect(data.report.bytes(of: file) == bytes.count)
            #expect(data.report.rows(of: file) == bytes.filter { $0 == UInt8(ascii: "\n") }.count - 1)
        }
        #expect(data.report.rows(of: .applicationTrain) + data.report.rows(of: .applicationTest) == 800)
        #expect(data.fileNames == Set(HomeCreditFile.allCases.map(\.fileName) + [SetManifest.fileName]), "the eight files, their manifest and no temporary file")
    }

    @Test func headersAreTheSchemaFields() throws {
        let data = try GeneratedData.shared
        for file in HomeCreditFile.allCases {
            let table = data.table(file, limit: 0)
            #expect(table.header == file.fields.map(\.name), "\(file.fileName) header")
        }
    }

    @Test(.enabled(if: GeneratorFixtures.samplesDirectory != nil, "needs ../shared/homecredit or $HOMECREDIT_SHARED"))
    func headersEqualTheRealFiles() throws {
        let data = try GeneratedData.shared
        for file in HomeCreditFile.allCases {
            let path = GeneratorFixtures.samplesDirectory! + "/head19/" + file.fileName
            let real = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            // Both end their lines with CRLF, as the real files do.
            let realHeader = String(decoding: real.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
            let header = String(decoding: data.bytes(file).prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
            #expect(Array(data.bytes(file).drop { $0 != UInt8(ascii: "\r") }.prefix(2)) == [0x0D, 0x0A])
            #expect(header == realHeader, "\(file.fileName) header differs from the real file")
        }
    }

    /// Every value has the format of its column's kind, so a column written in the wrong place
    /// or in the wrong format shows up here.
    @Test func valuesHaveTheirColumnsFormat() throws {
        let data = try GeneratedData.shared
        for file in HomeCreditFile.allCases {
            let table = data.table(file, limit: 3_000)
            #expect(table.rows.count > 100, "\(file.fileName) has rows")
            for row in table.rows {
                guard row.count == file.fields.count else {
                    Issue.record("\(file.fileName): a row has \(row.count) fields, not \(file.fields.count)")
                    break
                }
                for (range, field) in zip(row, file.fields) where !range.isEmpty {
                    if !GeneratorFixtures.matches(table.bytes[range], field.kind) {
                        Issue.record("\(file.fileName).\(field.name): '\(table.text(range))' is not \(field.kind)")
                        return
                    }
                }
            }
        }
    }

    @Test func childRowsReferToExistingParents() throws {
        let data = try GeneratedData.shared
        let train = data.keys(.applicationTrain, count: 1)[0]
        let test = data.keys(.applicationTest, count: 1)[0]
        #expect(min(train.first!, test.first!) == 100_002, "SK_ID_CURR starts at 100002")
        #expect(train == train.sorted() && test == test.sorted(), "both application files are sorted by SK_ID_CURR")
        let clients = Set(train + test)
        #expect(clients.count == 20_000)

        let bureau = data.keys(.bureau, count: 2)
        #expect(Set(bureau[0]).isSubset(of: clients))
        let bureauIDs = bureau[1]
        #expect(Set(bureauIDs).count == bureauIDs.count, "SK_ID_BUREAU is unique")
        #expect(Set(data.keys(.bureauBalance, count: 1)[0]).isSubset(of: Set(bureauIDs)))

        let previous = data.keys(.previousApplication, count: 2)
        let previousIDs = previous[0]
        #expect(Set(previousIDs).count == previousIDs.count, "SK_ID_PREV is unique")
        let clientOfLoan = Dictionary(uniqueKeysWithValues: zip(previousIDs, previous[1]))
        #expect(Set(clientOfLoan.values).isSubset(of: clients))
        for file in [HomeCreditFile.posCashBalance, .installmentsPayments, .creditCardBalance] {
            let keys = data.keys(file, count: 2)
            for (loan, client) in zip(keys[0], keys[1]) where clientOfLoan[loan] != client {
                Issue.record("\(file.fileName): loan \(loan) of client \(client) is not that client's")
                break
            }
        }
    }

    @Test func applicationAnomaliesAndRelationships() throws {
        let train = try GeneratedData.shared.table(.applicationTrain)
        let employed = train.strings("DAYS_EMPLOYED")
        let phone = train.strings("FLAG_EMP_PHONE")
        let organization = train.strings("ORGANIZATION_TYPE")
        for i in employed.indices {
            let sentinel = employed[i] == "365243"
            #expect((phone[i] == "0") == sentinel && (organization[i] == "XNA") == sentinel)
            if (phone[i] == "0") != sentinel || (organization[i] == "XNA") != sentinel { break }
        }
        let credit = train.numbers("AMT_CREDIT")
        let annuity = train.numbers("AMT_ANNUITY")
        let goods = train.numbers("AMT_GOODS_PRICE")
        let rates = zip(annuity, credit).compactMap { a, c in a.flatMap { a in c.map { a / $0 } } }
        #expect(abs(GeneratorFixtures.median(rates) - 0.05) < 0.006, "median AMT_ANNUITY / AMT_CREDIT")
        let ratios = zip(credit, goods).compactMap { c, g in c.flatMap { c in g.map { c / $0 } } }
        #expect(abs(GeneratorFixtures.median(ratios) - 1.12) < 0.03, "median AMT_CREDIT / AMT_GOODS_PRICE")
        let ext1 = train.numbers("EXT_SOURCE_1")
        let age = train.numbers("DAYS_BIRTH")
        #expect(GeneratorFixtures.correlation(ext1, age) < -0.45, "EXT_SOURCE_1 rises with age")
        #expect(Set(organization).count >= 50, "the employer levels are all in use")
    }

    /// The marginal figures of stats.md, on 20,000 clients.
    @Test func marginalStatisticsMatchTheRealData() throws {
        let data = try GeneratedData.shared
        let train = data.table(.applicationTrain)
        let target = train.numbers("TARGET")
        let rate = GeneratorFixtures.mean(target.compactMap { $0 })
        #expect(abs(rate - 0.0807) <= 0.01, "TARGET rate \(rate)")

        let employed = train.strings("DAYS_EMPLOYED")
        let sentinelShare = Double(employed.filter { $0 == "365243" }.count) / Double(employed.count)
        #expect(abs(sentinelShare - 0.18) <= 0.02, "DAYS_EMPLOYED 365243 share \(sentinelShare)")

        let ext1 = train.numbers("EXT_SOURCE_1")
        let ext1Missing = Double(ext1.filter { $0 == nil }.count) / Double(ext1.count)
        #expect(abs(ext1Missing - 0.564) <= 0.03, "EXT_SOURCE_1 missing \(ext1Missing)")

        let ext3Correlation = GeneratorFixtures.correlation(train.numbers("EXT_SOURCE_3"), target)
        #expect(ext3Correlation > -0.24 && ext3Correlation < -0.12, "corr(EXT_SOURCE_3, TARGET) \(ext3Correlation)")

        let bureauClients = data.keys(.bureau, count: 1)[0]
        let perBureauClient = Double(bureauClients.count) / Double(Set(bureauClients).count)
        #expect(abs(perBureauClient - 5.6) <= 0.6, "bureau rows per client with any \(perBureauClient)")

        let previousClients = data.keys(.previousApplication, count: 2)[1]
        let perPreviousClient = Double(previousClients.count) / Double(Set(previousClients).count)
        #expect(abs(perPreviousClient - 4.9) <= 0.5, "previous applications per client with any \(perPreviousClient)")

        let installments = data.table(.installmentsPayments, limit: 200_000)
        let due = installments.numbers("DAYS_INSTALMENT")
        let paid = installments.numbers("DAYS_ENTRY_PAYMENT")
        let late = zip(due, paid).filter { d, p in p != nil && p! > d! }.count
        let lateShare = Double(late) / Double(due.count)
        #expect(abs(lateShare - 0.08) <= 0.03, "late instalment share \(lateShare)")
    }

    /// Generates the real data set's 356,255 clients into /tmp/gen-bench and prints the report.
    /// Run with `GEN_BENCH=1 swift test -c release --filter GeneratorTests/benchmark`;
    /// GEN_BENCH_CLIENTS and GEN_BENCH_DIR override the size and the folder.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GEN_BENCH"] == "1"))
    func benchmark() throws {
        let environment = ProcessInfo.processInfo.environment
        let clients = environment["GEN_BENCH_CLIENTS"].flatMap { Int($0) } ?? 356_255
        let directory = environment["GEN_BENCH_DIR"] ?? "/tmp/gen-bench"
        let seed = environment["GEN_BENCH_SEED"].flatMap { UInt64($0) } ?? 42
        let report = try SyntheticGenerator(clients: clients, seed: seed).write(to: directory)
        print("\(clients) clients:\n\(report)")
    }
}

// MARK: - Fixtures

/// A generated data set, read back into memory (the temporary folder is deleted at once, so no
/// test leaves files behind), with a tiny CSV splitter to read it.
/// (Test-only on purpose: the table engine's CSV reader is tested elsewhere.)
private final class GeneratedData: Sendable {
    let report: GeneratorReport
    /// What the folder held after the run.
    let fileNames: Set<String>
    private let contents: [HomeCreditFile: [UInt8]]

    /// 20,000 clients, generated once for all the tests that only read.
    static let sharedResult = Result { try GeneratedData(clients: 20_000, seed: 2_024) }
    static var shared: GeneratedData { get throws { try sharedResult.get() } }

    init(clients: Int, seed: UInt64) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("generator-tests-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        report = try SyntheticGenerator(clients: clients, seed: seed).write(to: directory)
        fileNames = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        var contents: [HomeCreditFile: [UInt8]] = [:]
        for file in HomeCreditFile.allCases {
            contents[file] = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + file.fileName)))
        }
        self.contents = contents
    }

    func bytes(_ file: HomeCreditFile) -> [UInt8] { contents[file] ?? [] }

    func table(_ file: HomeCreditFile, limit: Int = .max) -> CSVText { CSVText(bytes(file), limit: limit) }

    /// The first `count` columns of a file, which must be unsigned integers (the keys), read by a
    /// plain scan: fast enough in debug builds for the millions of rows of the monthly files.
    func keys(_ file: HomeCreditFile, count: Int) -> [[Int]] {
        var columns = [[Int]](repeating: [], count: count)
        bytes(file).withUnsafeBufferPointer { text in
            var i = 0
            while i < text.count && text[i] != UInt8(ascii: "\n") { i += 1 }  // header
            i += 1
            while i < text.count {
                for k in 0..<count {
                    var value = 0
                    while text[i] >= UInt8(ascii: "0") && text[i] <= UInt8(ascii: "9") {
                        value = value * 10 + Int(text[i] - UInt8(ascii: "0"))
                        i += 1
                    }
                    columns[k].append(value)
                    i += 1  // the comma
                }
                while i < text.count && text[i - 1] != UInt8(ascii: "\n") { i += 1 }
            }
        }
        return columns
    }

}

/// The rows of a CSV file as byte ranges of their fields, decoded only on demand: the tests
/// read millions of fields, and a String per field would make them slow in debug builds.
private struct CSVText {
    let bytes: [UInt8]
    private(set) var header: [String] = []
    /// The field ranges of every data row (quotes included).
    private(set) var rows: [[Range<Int>]] = []

    init(_ bytes: [UInt8], limit: Int) {
        self.bytes = bytes
        var header: [Range<Int>] = []
        var rows: [[Range<Int>]] = []
        bytes.withUnsafeBufferPointer { text in
            var fields: [Range<Int>] = []
            var start = 0
            var quoted = false
            for i in 0..<text.count {
                let byte = text[i]
                if byte == UInt8(ascii: "\"") { quoted.toggle() }
                if quoted || (byte != UInt8(ascii: ",") && byte != UInt8(ascii: "\n")) { continue }
                let lineEnd = byte == UInt8(ascii: "\n") && i > start && text[i - 1] == UInt8(ascii: "\r")
                fields.append(start..<(lineEnd ? i - 1 : i))
                start = i + 1
                guard byte == UInt8(ascii: "\n") else { continue }
                if header.isEmpty { header = fields } else { rows.append(fields) }
                fields.removeAll(keepingCapacity: true)
                if rows.count >= limit { return }
            }
        }
        self.rows = rows
        self.header = header.map { text($0) }
    }

    /// A field's text, without the quotes of a quoted field.
    func text(_ range: Range<Int>) -> String {
        var range = range
        if range.count >= 2 && bytes[range.lowerBound] == UInt8(ascii: "\"") {
            range = (range.lowerBound + 1)..<(range.upperBound - 1)
        }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    func index(_ name: String) -> Int {
        guard let index = header.firstIndex(of: name) else { preconditionFailure("no column \(name)") }
        return index
    }

    func strings(_ name: String) -> [String] {
        let k = index(name)
        return rows.map { text($0[k]) }
    }

    /// A numeric column; nil for missing values.
    func numbers(_ name: String) -> [Double?] {
        let k = index(name)
        return rows.map { $0[k].isEmpty ? nil : Double(text($0[k])) }
    }
}

private enum GeneratorFixtures {
    /// The real reference files, from $HOMECREDIT_SHARED or ../shared/homecredit beside the package.
    static let samplesDirectory: String? = {
        let environment = ProcessInfo.processInfo.environment["HOMECREDIT_SHARED"].map { $0 + "/samples" }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }  // Tests/HomeCreditTests/GeneratorTests.swift
        let besides = root.deletingLastPathComponent().appendingPathComponent("shared/homecredit/samples").path
        return [environment, besides].compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0 + "/head19") }
    }()

    /// Whether a non-empty value is written as the real files write its kind of column:
    /// keys and integers without a point, reals with one (`202500.0`), categories not as reals.
    static func matches(_ value: ArraySlice<UInt8>, _ kind: Field.Kind) -> Bool {
        var digitsBefore = 0
        var digitsAfter = 0
        var points = 0
        var other = false
        for (offset, byte) in value.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): if points == 0 { digitsBefore += 1 } else { digitsAfter += 1 }
            case UInt8(ascii: "."): points += 1
            case UInt8(ascii: "-") where offset == 0: break
            default: other = true
            }
        }
        let negative = value.first == UInt8(ascii: "-")
        let integer = !other && points == 0 && digitsBefore > 0
        let real = !other && points == 1 && digitsBefore > 0 && digitsAfter > 0
        switch kind {
        case .key: return integer && !negative
        case .target: return value.count == 1 && integer
        case .integer: return integer
        case .real: return real
        case .category: return !real
        }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Pearson correlation over the rows where both values are present.
    static func correlation(_ x: [Double?], _ y: [Double?]) -> Double {
        let pairs = zip(x, y).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
        let mx = mean(pairs.map(\.0))
        let my = mean(pairs.map(\.1))
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in pairs {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}

@Suite struct BundledDatasetTests {
    /// datasets/default is exactly what its recorded command writes, so anyone can rebuild it.
    @Test func bundledDataIsTheRecordedGeneratorOutput() throws {
        let dir = NSTemporaryDirectory() + "cx-bundled-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try SyntheticGenerator(clients: BundledData.defaultClients, seed: BundledData.defaultSeed).write(to: dir)
        for file in HomeCreditFile.allCases {
            let shipped = FileManager.default.contents(atPath: BundledData.defaultDataDirectory + "/" + file.fileName)
            let fresh = FileManager.default.contents(atPath: dir + "/" + file.fileName)
            #expect(shipped != nil && shipped == fresh, "\(file.fileName) differs from a fresh generation")
        }
    }
}

/// A set too large for the disk is refused with the figures before anything is written, and
/// temporaries of runs that died are swept.
@Suite struct GeneratorRoomTests {
    @Test func aSetLargerThanTheDiskIsRefusedWithTheFigures() throws {
        let folder = NSTemporaryDirectory() + "cx-room-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            _ = try SyntheticGenerator(clients: 1_000_000_000_000, seed: 1).write(to: folder + "/set")
            Issue.record("a petabyte set was started")
        } catch {
            #expect("\(error)".contains("would take about 7.8 PB of disk space"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func temporariesOfDeadRunsAreSwept() throws {
        let folder = NSTemporaryDirectory() + "cx-sweep-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["bureau.csv.tmp", "bureau.csv.tmp-999999", "notes.txt"] {
            _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8))
        }
        _ = try SyntheticGenerator(clients: 50, seed: 1).write(to: folder)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(!names.contains("bureau.csv.tmp") && !names.contains("bureau.csv.tmp-999999"))
        #expect(names.contains("notes.txt") && names.contains("bureau.csv"))
    }
}

/// A `generate` killed between its renames leaves old and new files side by side: the set's
/// manifest makes the loader refuse the mix, naming the files.
@Suite struct SetManifestTests {
    @Test func aMixedSetIsRefused() throws {
        let folder = NSTemporaryDirectory() + "cx-set-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SyntheticGenerator(clients: 60, seed: 2).write(to: folder)
        #expect(try HomeCreditData.open(folder: folder, cache: nil).names.count == 8)
        // As if the new bureau.csv had not been renamed into place: another set's file.
        let other = folder + "-other"
        defer { try? FileManager.default.removeItem(atPath: other) }
        _ = try SyntheticGenerator(clients: 90, seed: 3).write(to: other)
        try FileManager.default.removeItem(atPath: folder + "/bureau.csv")
        try FileManager.default.copyItem(atPath: other + "/bureau.csv", toPath: folder + "/bureau.csv")
        do {
            _ = try HomeCreditData.open(folder: folder, cache: nil)
            Issue.record("a mixed set loaded")
        } catch {
            #expect(error.description.contains("bureau.csv is not the size the set's manifest"))
        }
        try FileManager.default.removeItem(atPath: folder + "/" + SetManifest.fileName)
        #expect(try HomeCreditData.open(folder: folder, cache: nil).names.count == 8)
    }
}
