import Testing
@testable import Tables

@Suite struct CSVReaderTests {
    private func read(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> Table {
        try CSVReader.read(text: text, options: options).table
    }

    @Test func infersIntegersDecimalsAndCategories() throws {
        let t = try read("id,amount,kind\n1,2.5,Cash\n2,3,Revolving\n3,,Cash\n")
        #expect(t.names == ["id", "amount", "kind"])
        #expect(t["id"]!.type == .int)
        #expect(t["amount"]!.type == .double)
        #expect(t["amount"]!.values == [.double(2.5), .double(3), .missing])
        #expect(t["kind"]!.levels == ["Cash", "Revolving"])
        #expect(t["kind"]!.values == [.string("Cash"), .string("Revolving"), .string("Cash")])
    }

    @Test func quotedFieldsHoldCommasQuotesAndNewlines() throws {
        let t = try read("a,b\n\"Spouse, partner\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n")
        #expect(t["a"]!.values == [.string("Spouse, partner"), .string("say \"hi\""), .string("two\nlines")])
        #expect(t["b"]!.values == [.int(1), .int(2), .int(3)])
    }

    @Test func crlfBomAndMissingLastNewline() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("x,y\r\n1,a\r\n2,b".utf8)
        let t = try CSVReader.read(bytes: bytes).table
        #expect(t.names == ["x", "y"])
        #expect(t["y"]!.values == [.string("a"), .string("b")])
    }

    @Test func blankLastLinesAreNoRows() throws {
        let t = try read("x\n1\n2\n\n\n")
        #expect(t.rowCount == 2)
    }

    /// `1e400` was read as +inf, then sums printed `nan`: out of range is refused like `inf`.
    @Test func outOfRangeNumbersAreNotInfinities() throws {
        let t = try read("x,y\n1e400,1\n2,-1e999\n")
        #expect(t["x"]!.type == .category && t["y"]!.type == .category)
        let fine = try read("x\n1e300\n")
        #expect(fine["x"]!.values == [.double(1e300)])
    }

    /// `a,b / 9,1 / 10,1 / 100,1 / bad` with --skip-bad-rows once made `a` text (so sorting
    /// gave 10, 100, 9): a skipped row takes no part in type inference.
    @Test func skippedRowsDoNotDecideTypes() throws {
        let t = try read("a,b\n9,1\n10,1\n100,1\nbad\n", CSVReadOptions(skipBadRows: true))
        #expect(t["a"]!.type == .int)
        #expect(t["a"]!.values == [.int(9), .int(10), .int(100)])
        // A well-formed row with text still makes the column text.
        let text = try read("a,b\n9,1\nbad,2\n", CSVReadOptions(skipBadRows: true))
        #expect(text["a"]!.type == .category)
    }

    /// A UTF-16 file was "expected 2 fields"; a tab- or semicolon-separated one loaded as one
    /// column; header names kept spaces that values lose.
    @Test func encodingsDelimitersAndSpacedNamesAreSaid() throws {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("a,b\n1,2\n".utf8).flatMap { [$0, 0] }
        do { _ = try CSVReader.read(bytes: utf16); Issue.record("UTF-16 read") } catch {
            #expect(error.reason.hasPrefix("the file is UTF-16LE"))
        }
        do { _ = try CSVReader.read(text: "a;b\n1;2\n"); Issue.record("semicolons read") } catch {
            #expect(error.reason.contains("delimited by semicolons"))
        }
        do { _ = try CSVReader.read(text: "a\tb\n1\t2\n"); Issue.record("tabs read") } catch {
            #expect(error.reason.contains("delimited by tabs"))
        }
        #expect(try read(" a , b\n1,2\n").names == ["a", "b"])
        // One column whose name merely holds the character (found by the CSV fuzzer: a table
        // written with the column `b;` could not be read back), or a quoted name, is a column.
        #expect(try read("b;\n1\n").names == ["b;"])
        #expect(try read("\"a;b\"\n1\n").names == ["a;b"])
        #expect(try CSVReader.read(bytes: CSVWriter.bytes(try read("b;\n"))).table.names == ["b;"])
        // Written, a lone name that holds one is quoted, so that it reads back as one column.
        #expect(try CSVReader.read(bytes: CSVWriter.bytes(try read("\"a;b\"\n1\n"))).table.names == ["a;b"])
        #expect(try CSVReader.read(bytes: CSVWriter.bytes(try read("\"a\tb|c\"\n1\n"))).table.names == ["a\tb|c"])
    }

    @Test func headerOnlyGivesEmptyTable() throws {
        let t = try read("a,b\n")
        #expect(t.rowCount == 0 && t.names == ["a", "b"])
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: CSVError.self) { try read("") }
    }

    @Test func raggedRowNamesTheLine() {
        do {
            _ = try read("a,b\n1,2\n3\n4,5\n")
            Issue.record("expected an error")
        } catch let error as CSVError {
            #expect(error.line == 3)
            #expect(error.problem == .fieldCount(expected: 2, found: 1))
            #expect(error.description == "<input>:3: expected 2 fields as in the header, found 1")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func textInNumericColumnNamesColumnAndLine() {
        let options = CSVReadOptions(hints: ["AMT": .number])
        do {
            _ = try read("ID,AMT\n1,10.5\n2,\"a\nb\"\n3,abc\n", options)
            Issue.record("expected an error")
        } catch let error as CSVError {
            // Line 3 is the row whose quoted field spans lines 3-4; its value is the bad one.
            #expect(error.line == 3)
            #expect(error.problem == .badValue(column: "AMT", text: "a\nb", expected: "a number"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func integerKeysAcceptFloatSpelling() throws {
        let t = try read("SK_ID_CURR,v\n100004.0,1\n100005,2\n", CSVReadOptions(hints: ["SK_ID_CURR": .integer]))
        #expect(t["SK_ID_CURR"]!.values == [.int(100004), .int(100005)])
        #expect(throws: CSVError.self) {
            try read("SK_ID_CURR\n1.5\n", CSVReadOptions(hints: ["SK_ID_CURR": .integer]))
        }
    }

    @Test func unnamedLeadingIndexColumnIsDropped() throws {
        let result = try CSVReader.read(text: ",a,b\n0,x,1\n1,y,2\n")
        #expect(result.table.names == ["a", "b"])
        #expect(result.report.droppedIndexColumn)
    }

    @Test func categoryHintKeepsNumericLookingLabels() throws {
        let t = try read("STATUS\n0\n1\nC\n", CSVReadOptions(hints: ["STATUS": .category]))
        #expect(t["STATUS"]!.levels == ["0", "1", "C"])
    }

    @Test func skipBadRowsReportsCountAndLines() throws {
        let result = try CSVReader.read(text: "a,b\n1,2\n3\n4,5\n6,7,8\n", options: CSVReadOptions(skipBadRows: true))
        #expect(result.table.rowCount == 2)
        #expect(result.report.badRowCount == 2)
        #expect(result.report.firstBadRows.map(\.line) == [3, 5])
    }

    @Test func unterminatedQuoteIsAnError() {
        #expect(throws: CSVError.self) { try read("a\n\"open\n") }
    }

    @Test func duplicateHeaderIsAnError() {
        #expect(throws: CSVError.self) { try read("a,a\n1,2\n") }
    }

    @Test func cp1252BytesAreDecoded() throws {
        let bytes: [UInt8] = Array("name\n".utf8) + [0x93, 0x41, 0x94, 0x0A]  // “A” in cp1252
        let t = try CSVReader.read(bytes: bytes).table
        #expect(t["name"]!.values == [.string("\u{201C}A\u{201D}")])
    }

    @Test func parallelChunksAgreeWithOneThread() throws {
        // Large enough to be split; text appears late in one column, and a quoted newline
        // sits near the middle, so chunk types must be reconciled and cuts must respect quotes.
        var text = "id,x,label,note\n"
        for i in 0..<60_000 {
            let label = i == 59_000 ? "late-text" : String(i % 7)
            let note = i == 30_000 ? "\"multi\nline, quoted\"" : "n\(i % 3)"
            text += "\(i),\(i % 5 == 0 ? "" : String(Double(i) / 4)),\(label),\(note)\n"
        }
        let one = try read(text, CSVReadOptions(threads: 1))
        let many = try read(text, CSVReadOptions(threads: 4))
        #expect(one == many)
        #expect(many.rowCount == 60_000)
        #expect(many["label"]!.type == .category)
        #expect(many["x"]!.type == .double)
        #expect(many["note"]![30_000] == .string("multi\nline, quoted"))
        #expect(many["x"]!.missingCount == 12_000)
    }

    @Test func numbersParseExactly() {
        let cases = ["9999999999999999999", "-0.0", "+.5", "0.1", "1187.0", "0.0", "100.000", "1.10", "0.00100", "-0.05", "123.4500000000000000000001", "9007199254740993.0", "0.035792000000000004", "-1234.5", "1e-5", "2.5E+3", "123456789012345678901", "0.08303696739132256"]
        for text in cases {
            let bytes = Array(text.utf8)
            let parsed = bytes.withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, $0.count) }
            guard case .double(let d) = parsed else { Issue.record("\(text) not a double"); continue }
            #expect(d == Double(text)!, "\(text)")
        }
        for bad in ["", "-", ".", "1.2.3", "1e", "--1", "12a", "nan"] {
            let parsed = Array(bad.utf8).withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, $0.count) }
            if case .invalid = parsed {} else { Issue.record("'\(bad)' parsed as a number") }
        }
        let ints = Array("-9223372036854775808".utf8).withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, $0.count) }
        guard case .int(let v) = ints else { Issue.record("not an int"); return }
        #expect(v == .min)
    }
}
