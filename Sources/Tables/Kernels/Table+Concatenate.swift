extension Table {
    /// Stacks tables vertically, matching columns by name. A column absent from some tables
    /// is missing there (application_test has no TARGET). Integers and decimals unify to
    /// decimals; categories merge their levels; other mixes are an error.
    public static func concatenate(_ tables: [Table]) throws(TableError) -> Table {
        var names: [String] = []
        for t in tables { for n in t.names where !names.contains(n) { names.append(n) } }
        var columns: [Column] = []
        for name in names {
            let parts = tables.map { ($0[name], $0.rowCount) }
            columns.append(try concatenateColumn(name, parts))
        }
        return try Table(names: names, columns: columns)
    }

    private static func concatenateColumn(_ name: String, _ parts: [(Column?, Int)]) throws(TableError) -> Column {
        let present = parts.compactMap(\.0)
        var type = present.first!.type
        for c in present.dropFirst() where c.type != type {
            switch (type, c.type) {
            case (.int, .double), (.double, .int), (.bool, .double), (.double, .bool): type = .double
            case (.int, .bool), (.bool, .int): type = .int
            default: throw .incompatibleTypes(column: name, type, c.type)
            }
        }
        var valid: [Bool] = []
        switch type {
        case .category:
            var strings: [String?] = []
            for (column, rows) in parts {
                for i in 0..<rows {
                    if let column, case .string(let s) = column[i] { strings.append(s) } else { strings.append(nil) }
                }
            }
            return Column(strings: strings)
        case .double:
            var out: [Double] = []
            for (column, rows) in parts {
                for i in 0..<rows {
                    let x = column?.number(at: i)
                    out.append(x ?? 0)
                    valid.append(x != nil)
                }
            }
            return Column(.double(out), validity: Bitmap(valid))
        case .int:
            var out: [Int64] = []
            for (column, rows) in parts {
                for i in 0..<rows {
                    let value = column?[i]
                    switch value {
                    case .int(let v): out.append(v); valid.append(true)
                    case .bool(let b): out.append(b ? 1 : 0); valid.append(true)
                    default: out.append(0); valid.append(false)
                    }
                }
            }
            return Column.integers(out, validity: Bitmap(valid))
        case .bool:
            var out: [Bool] = []
            for (column, rows) in parts {
                for i in 0..<rows {
                    let v = column?[i]
                    if case .bool(let b) = v { out.append(b); valid.append(true) } else { out.append(false); valid.append(false) }
                }
            }
            return Column(.bool(out), validity: Bitmap(valid))
        }
    }
}
