import Testing
@testable import Tables

@Suite struct CSVWriterTests {
    @Test func roundTripsValuesTypesAndAwkwardText() throws {
        let table = try Table([
            ("id", Column(ints: [1, -2, nil, Int64.max])),
            ("x", Column(doubles: [0.1, 1e-5, nil, 0.035792000000000004])),
            ("label", Column(strings: ["Spouse, partner", "say \"hi\"", nil, "two\nlines"])),
        ])
        let text = CSVWriter.bytes(table)
        let back = try CSVReader.read(bytes: text).table
        #expect(back == table)
    }

    /// Missing is an empty field and an empty text is `""`, as DuckDB writes them — in a
    /// one-column table too, where the missing value is an empty line that reads back as one.
    @Test func missingIsEmptyAndEmptyTextIsQuotedEvenInOneColumn() throws {
        let table = try Table([("x", Column(strings: [nil, "a", nil, "", nil]))])
        let text = String(decoding: CSVWriter.bytes(table), as: UTF8.self)
        #expect(text == "x\n\na\n\n\"\"\n\"\"\n")
        // Read back: blank lines inside are rows (the empty text reads as missing, as the reader
        // reads every empty field); blank lines at the very end are not.
        let back = try CSVReader.read(bytes: CSVWriter.bytes(table)).table
        #expect(back.rowCount == 5)
        #expect(back["x"]!.values == [.missing, .string("a"), .missing, .missing, .missing])
        #expect(try CSVReader.read(bytes: Array("x\n1\n2\n\n\n".utf8)).table.rowCount == 2)
        #expect(try CSVReader.read(bytes: Array("x,y\n1,2\n\n".utf8)).table.rowCount == 1)
        #expect(try CSVReader.read(bytes: Array("x\n1\n\n2\n".utf8)).table["x"]!.values == [.int(1), .missing, .int(2)])
        let two = try Table([("x", Column(strings: [nil, ""])), ("y", Column(ints: [1, 2]))])
        #expect(String(decoding: CSVWriter.bytes(two), as: UTF8.self) == "x,y\n,1\n\"\",2\n")
    }

    @Test func writesAtomically() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("out.csv")
        let table = try Table([("a", Column(ints: [1, 2]))])
        try CSVWriter.write(table, to: path)
        #expect(try CSVReader.read(path: path).table == table)
    }

    @Test func failedWriteLeavesNoFile() {
        #expect(throws: FileError.self) { try CSVWriter.write(.empty, to: "/nonexistent-folder/x.csv") }
    }
}
