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

    /// Integers keep their narrow storage through the cache: a flag in a byte, an id in four.
    @Test func narrowIntegersRoundTripAtTheirWidth() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write("flag,id,big\n1,100001,1\n0,,5000000000\n-3,100003,\n", to: "w.csv")
        let cache = TableCache(directory: dir.file("cache"))
        let first = try cache.read(csv: path)
        let second = try cache.read(csv: path)
        #expect(second.source == .cache && second.table == first.table)
        for table in [first.table, second.table] {
            guard case .int8(let flags) = table["flag"]!.storage, case .int32 = table["id"]!.storage, case .int = table["big"]!.storage else {
                Issue.record("storage \(table.columns.map(\.storage))")
                continue
            }
            #expect(flags == [1, 0, -3])
            #expect(table["id"]!.isMissing(1) && table["big"]!.isMissing(2))
        }
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

    /// One digit changed in the middle of a large file (same size), its modification time set
    /// back with `touch -r`: the cache once served the old values.
    @Test func anEditThatKeepsSizeAndModificationTimeIsSeen() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var rows = "id,amount\n"
        for i in 0..<20_000 { rows += "\(i),\(i % 10)\n" }
        let path = dir.write(rows, to: "t.csv")
        let cache = TableCache(directory: dir.file("cache"))
        let first = try cache.read(csv: path)
        var attributes = try FileManager.default.attributesOfItem(atPath: path)
        let mtime = attributes[.modificationDate] as! Date
        // Rewrite in place one digit in the middle (beyond the hashed first and last 64 KiB).
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let middle = rows.utf8.count / 2
        try handle.seek(toOffset: UInt64(middle))
        let byte = try #require(try handle.read(upToCount: 1)).first!
        try handle.seek(toOffset: UInt64(middle))
        let replacement: UInt8 = (byte >= 0x30 && byte <= 0x38) ? byte + 1 : (byte == 0x39 ? 0x38 : byte)
        try handle.write(contentsOf: Data([replacement]))
        try handle.close()
        attributes = [.modificationDate: mtime]
        try FileManager.default.setAttributes(attributes, ofItemAtPath: path)
        let again = try cache.read(csv: path)
        #expect(again.source == .csv)
        #expect(replacement == byte || again.table != first.table)
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
