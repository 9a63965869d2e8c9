import Foundation
import Testing
@testable import Tables

/// A file truncated by another process while it is mapped once killed the process with
/// SIGBUS in the chunk parser: now the pages that vanished read as zeros, and the reader
/// reports that the file changed.
@Suite(.serialized) struct MappingGuardTests {
    @Test func aTruncatedMappingIsReportedNotASignal() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var text = "id,amount\n"
        for i in 0..<50_000 { text += "\(i),\(i % 97)\n" }
        let path = dir.write(text, to: "t.csv")
        let file = try MappedFile(path: path)
        let bytes = try #require(file.bytes)
        // Another process cuts the file to nothing while it is mapped.
        #expect(truncate(path, 0) == 0)
        let (result, truncated) = MappingGuard.reading(bytes, count: file.count) { () throws(CSVError) -> Int in
            var total = 0
            for k in stride(from: 0, to: file.count, by: 512) { total &+= Int(bytes[k]) }
            return total
        }
        #expect(truncated)
        #expect(try result.get() == 0)
        #expect(file.changedSinceMapping())
    }

    @Test func aFileLeftAloneReadsAsItIs() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write("a,b\n1,2\n3,4\n", to: "t.csv")
        let table = try CSVReader.read(path: path).table
        #expect(table.rowCount == 2)
        #expect(try !MappedFile(path: path).changedSinceMapping())
    }
}
