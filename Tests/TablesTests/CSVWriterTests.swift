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

    @Test func singleColumnMissingValueIsNotABlankLine() throws {
        let table = try Table([("x", Column(strings: [nil, "a"]))])
        #expect(try CSVReader.read(bytes: CSVWriter.bytes(table)).table == table)
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
