import Foundation
import Tables

/// Feeds arbitrary bytes to the CSV reader. Every input must either load or produce a
/// `CSVError`; a loaded table must have equal-length columns, and with every column read
/// as text it must survive a write and a second read unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    // The first byte picks the options, the rest is the file.
    let mode = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var options = CSVReadOptions(threads: Int(mode & 3) + 1)
    options.skipBadRows = mode & 4 != 0
    let asText = mode & 8 != 0
    if asText { options.defaultHint = .category }
    else if mode & 16 != 0 { options.defaultHint = .number }

    guard let (table, _) = try? CSVReader.read(bytes: bytes, options: options) else { return 0 }
    for column in table.columns { precondition(column.count == table.rowCount, "ragged table") }
    if asText && !table.names.contains(where: \.isEmpty) {
        let again = try? CSVReader.read(bytes: CSVWriter.bytes(table), options: CSVReadOptions(defaultHint: .category))
        if again?.table != table {
            // Say what differed before stopping, for the test that reproduces it.
            let cells = { (t: Table) in t.columns.map { c in (0..<c.count).map { c[$0].description } } }
            let written = String(decoding: CSVWriter.bytes(table), as: UTF8.self)
            FileHandle.standardError.write(Data("read \(table.names) \(cells(table))\nwrote \(written.debugDescription)\nread back \(again.map { [$0.table.names.description, cells($0.table).description] } ?? ["an error"])\n".utf8))
        }
        precondition(again?.table == table, "write/read round trip changed the table")
    }
    return 0
}
