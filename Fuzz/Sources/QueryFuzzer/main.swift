import Query
import Tables

/// Runs arbitrary statements against a small table with every column type and missing
/// values. Every statement must either run or fail with a `QueryError` whose span lies
/// inside the statement; nothing may crash.
/// Made afresh for every input: no global state survives between runs.
func fixture() -> Catalog {
    let table = try! Table([
        ("SK_ID_CURR", Column(ints: [100002, 100003, nil, 100005, 100006])),
        ("TARGET", Column(ints: [1, 0, 0, nil, 0])),
        ("AMT_CREDIT", Column(doubles: [406597.5, nil, 135000, 0, -1.5])),
        ("NAME_CONTRACT_TYPE", Column(strings: ["Cash loans", "Revolving loans", nil, "Cash loans", ""])),
        ("FLAG", Column(bools: [true, false, nil, true, false])),
    ])
    let other = try! Table([("SK_ID_CURR", Column(ints: [100002, 100002, 7])), ("DEBT", Column(doubles: [1, nil, 3]))])
    return Catalog([.init(name: "t", table: table), .init(name: "u", table: other)])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var engine = QueryEngine(catalog: fixture())
    do {
        let result = try engine.run(text)
        for column in result.table.columns { precondition(column.count == result.table.rowCount, "ragged result") }
        _ = TableRenderer(width: 60, maxRows: 4).render(result.table)
    } catch {
        if let span = error.span { precondition(span.start >= 0 && span.start <= text.count + 1, "span outside the statement") }
        _ = error.rendered(statement: text)
    }
    return 0
}
