import Foundation
import Testing
@testable import Tables

@Suite struct TableCacheTests {
    let csv = "id,amount,kind\n1,2.5,Cash\n2,,Revolving\n3,7,\n"

    @Test func secondReadComesFromCacheAndEqualsTheCSV() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write(csv, to: "t.csv")
        let cache = TableCache(directory: dir.file("cache"))
        let first = try cache.read(csv: path)
        let second = try cache.read(csv: path)
        #expect(first.source == .csv)
        #expect(second.source == .cache)
        #expect(second.table == first.table)
        #expect(second.table["amount"]!.missingCount == 1)
    }

    @Test func changedFileIsReparsed() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write(csv, to: "t.csv")
        let cache = TableCache(directory: dir.file("cache"))
        _ = try cache.read(csv: path)
        _ = dir.write(csv + "4,1.5,Cash\n", to: "t.csv")
        let again = try cache.read(csv: path)
        #expect(again.source == .csv)
        #expect(again.table.rowCount == 4)
    }

    @Test func differentHintsAreDifferentEntries() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write(csv, to: "t.csv")
        let cache = TableCache(directory: dir.file("cache"))
        _ = try cache.read(csv: path)
        let hinted = try cache.read(csv: path, options: CSVReadOptions(hints: ["id": .category]))
        #expect(hinted.source == .csv)
        #expect(hinted.table["id"]!.type == .category)
    }

    @Test func corruptOrTruncatedEntryIsRebuiltNotTrusted() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write(csv, to: "t.csv")
        let cache = TableCache(directory: dir.file("cache"))
        let original = try cache.read(csv: path).table
        let entry = cache.entryPath(csv: path)!
        var bytes = try Data(contentsOf: URL(fileURLWithPath: entry))

        // Flip one byte inside the last column buffer.
        bytes[bytes.count - 70] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: entry))
        let afterFlip = try cache.read(csv: path)
        #expect(afterFlip.source == .csv)
        #expect(afterFlip.table == original)

        // Truncate it.
        let good = try Data(contentsOf: URL(fileURLWithPath: entry))
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: entry))
        #expect(try cache.read(csv: path).source == .csv)

        // Garbage.
        try Data("not a cache".utf8).write(to: URL(fileURLWithPath: entry))
        #expect(try cache.read(csv: path).source == .csv)
        #expect(try cache.read(csv: path).source == .cache)
    }

    @Test func unwritableCacheStillReads() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write(csv, to: "t.csv")
        let cache = TableCache(directory: "/proc/no-such-cache")
        #expect(try cache.read(csv: path).table.rowCount == 3)
    }
}
