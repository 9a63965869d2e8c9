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
        // Typed loops over each part's stored values: no boxed value or string per cell.
        let total = parts.reduce(0) { $0 + $1.1 }
        var valid = Bitmap(count: total, value: false)
        var offset = 0
        for (column, rows) in parts {
            if let column { for i in 0..<rows where !column.isMissing(i) { valid.set(offset + i) } }
            offset += rows
        }
        switch type {
        case .category:
            // Levels in order of first appearance over the stacked rows, as `Column(strings:)`.
            var levels: [String] = [], index: [String: Int32] = [:]
            var codes = [Int32](repeating: 0, count: total)
            offset = 0
            for (column, rows) in parts {
                defer { offset += rows }
                guard let column, case .category(let partCodes, let partLevels) = column.storage else { continue }
                var remap = [Int32](repeating: -1, count: partLevels.count)
                for i in 0..<rows where !column.isMissing(i) {
                    let code = Int(partCodes[i])
                    if remap[code] < 0 {
                        let level = partLevels[code]
                        if let known = index[level] {
                            remap[code] = known
                        } else {
                            remap[code] = Int32(levels.count)
                            index[level] = remap[code]
                            levels.append(level)
                        }
                    }
                    codes[offset + i] = remap[code]
                }
            }
            return Column(.category(codes: codes, levels: levels), validity: valid)
        case .double:
            var out = [Double](repeating: 0, count: total)
            offset = 0
            for (column, rows) in parts {
                if let column { for i in 0..<rows { out[offset + i] = column.number(at: i) ?? 0 } }
                offset += rows
            }
            return Column(.double(out), validity: valid)
        case .int:
            var out = [Int64](repeating: 0, count: total)
            offset = 0
            for (column, rows) in parts {
                defer { offset += rows }
                guard let column else { continue }
                if let values = column.int64Values {
                    for i in 0..<rows where !column.isMissing(i) { out[offset + i] = values[i] }
                } else if case .bool(let flags) = column.storage {
                    for i in 0..<rows where !column.isMissing(i) { out[offset + i] = flags[i] ? 1 : 0 }
                }
            }
            return Column.integers(out, validity: valid)
        case .bool:
            var out = [Bool](repeating: false, count: total)
            offset = 0
            for (column, rows) in parts {
                if let column, case .bool(let flags) = column.storage {
                    for i in 0..<rows where !column.isMissing(i) { out[offset + i] = flags[i] }
                }
                offset += rows
            }
            return Column(.bool(out), validity: valid)
        }
    }
}
