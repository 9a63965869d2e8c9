import Foundation
import Testing
import Tables
@testable import HomeCredit

@Suite struct HomeCreditDataTests {
    private func folder(_ files: [String: String]) -> String {
        let dir = NSTemporaryDirectory() + "cx-data-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try! Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        return dir
    }

    @Test func loadsKnownFilesWithSchemaAndOthersPlain() throws {
        let dir = folder([
            "bureau_balance.csv": "SK_ID_BUREAU,MONTHS_BALANCE,STATUS\n5715448.0,0,C\n5715448,-1,0\n",
            "notes.csv": "id,text\n1,hello\n",
            "readme.txt": "not a table",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try HomeCreditData.open(folder: dir, cache: nil)
        #expect(catalog.names == ["bureau_balance", "notes"])
        let bb = catalog["bureau_balance"]!
        #expect(bb["SK_ID_BUREAU"]!.values == [.int(5_715_448), .int(5_715_448)])
        #expect(bb["STATUS"]!.type == .category)
        #expect(catalog.entry("notes")!.source == .csv)
    }

    @Test func badFileNamesFileLineAndColumn() throws {
        let dir = folder(["bureau_balance.csv": "SK_ID_BUREAU,MONTHS_BALANCE,STATUS\n1,0,C\n2,x,C\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try HomeCreditData.open(folder: dir, cache: nil)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(dir)/bureau_balance.csv:3: column MONTHS_BALANCE: 'x' is not a number")
        }
        let skipped = try HomeCreditData.open(folder: dir, cache: nil, skipBadRows: true)
        #expect(skipped["bureau_balance"]!.rowCount == 1)
        #expect(skipped.entry("bureau_balance")!.report!.firstBadRows.map(\.line) == [3])
    }

    @Test func missingOrEmptyFolderIsAnError() {
        #expect(throws: HomeCreditData.OpenError.self) { try HomeCreditData.open(folder: "/no/such/dir", cache: nil) }
        let dir = folder([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do { _ = try HomeCreditData.open(folder: dir, cache: nil) } catch {
            #expect(error.description.hasSuffix("the folder holds no .csv file"))
        }
    }

    /// A FIFO named like a table once blocked `open()` for ever: only regular files are read,
    /// and what was passed over is said.
    @Test func onlyRegularFilesAreTablesAndSkippedOnesAreNamed() throws {
        let dir = folder(["notes.csv": "id\n1\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/x.csv", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: dir + "/folder.csv", withIntermediateDirectories: true)
        let catalog = try HomeCreditData.open(folder: dir, cache: nil)
        #expect(catalog.names == ["notes"])
        #expect(catalog.skipped == ["folder.csv: a folder, not a regular file", "x.csv: a FIFO, not a regular file"])
    }

    /// `x.csv` beside `x.CSV` (or `bureau.csv` beside `BUREAU.csv`) once kept whichever the
    /// directory listed last: two files for one table name are refused, naming both.
    @Test func twoFilesForOneTableAreRefused() {
        for pair in [("x.csv", "x.CSV"), ("bureau.csv", "BUREAU.csv")] {
            let dir = folder([pair.0: "SK_ID_CURR\n1\n", pair.1: "SK_ID_CURR\n2\n"])
            defer { try? FileManager.default.removeItem(atPath: dir) }
            do {
                _ = try HomeCreditData.open(folder: dir, cache: nil)
                Issue.record("\(pair) loaded")
            } catch {
                #expect(error.description.contains(pair.0) && error.description.contains(pair.1))
                #expect(error.description.contains("rename or move one of them"))
            }
        }
    }
}
