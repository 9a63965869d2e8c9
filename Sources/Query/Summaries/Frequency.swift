import Tables

/// `tab`: frequencies of a column's values with %, cumulative % and, when the table has a
/// 0/1 target, the target's rate per level — the default rate by category at a glance.
/// Numeric columns with many values are cut into (up to) ten quantile bins.
public enum Frequency {
    public static func table(_ table: Table, column name: String, by byName: String? = nil, target: String? = "TARGET") throws(TableError) -> Table {
        let column = try table.column(name)
        let keyColumn = needsBins(column) ? binned(column) : column
        var keys = [keyColumn]
        var names = [name]
        if let byName {
            let by = try table.column(byName)
            keys.append(needsBins(by) ? binned(by) : by)
            names.append(byName)
        }
        let grouping = Grouping(keys: keys, rowCount: table.rowCount)
        // Present levels in their natural order (sorted labels, or bin order), missing last.
        var out = try Table(names: names, columns: keys.map { $0.gather(grouping.firstRow) })
        let counts = try Column(.bool([Bool](repeating: true, count: table.rowCount))).aggregate(.count, by: grouping)
        out = try out.with("count", counts)
        if let target, let t = table[target], t.type == .int {
            out = try out.with("\(target.lowercased())_rate", try t.aggregate(.mean, by: grouping))
        }
        out = try out.sorted(by: names.map { SortKey($0) })
        let n = Double(max(table.rowCount, 1))
        let sorted = out["count"]!
        var cumulative = 0.0
        var pct: [Double?] = [], cum: [Double?] = []
        for i in 0..<out.rowCount {
            let share = sorted.number(at: i)! / n * 100
            cumulative += share
            pct.append(share)
            cum.append(cumulative)
        }
        out = try out.with("percent", Column(doubles: pct))
        if byName == nil { out = try out.with("cumulative", Column(doubles: cum)) }
        // count, percent, cumulative, then the rate.
        let order = names + ["count", "percent"] + (byName == nil ? ["cumulative"] : []) + out.names.filter { $0.hasSuffix("_rate") }
        return try out.selecting(order)
    }

    static func needsBins(_ column: Column) -> Bool {
        guard column.type == .double || column.type == .int else { return false }
        let distinct = try! column.aggregate(.nunique, by: .single(rowCount: column.count))
        if case .int(let d) = distinct[0] { return d > 20 }
        return false
    }

    /// Ten quantile bins labelled `[low, high)` (the last closed), as a category column.
    static func binned(_ column: Column) -> Column {
        let values = (column.doublesWithNaN() ?? []).filter { !$0.isNaN }.sorted()
        guard !values.isEmpty else { return column }
        var edges: [Double] = []
        for k in 0...10 {
            let e = Column.interpolatedQuantile(sorted: values, Double(k) / 10)
            if edges.last != e { edges.append(e) }
        }
        if edges.count == 1 { edges.append(edges[0]) }
        let labels = (0..<edges.count - 1).map { k in
            "\(k + 1 < 10 ? "0" : "")\(k + 1) [\(short(edges[k])), \(short(edges[k + 1]))\(k == edges.count - 2 ? "]" : ")")"
        }
        var out: [String?] = []
        for i in 0..<column.count {
            guard let x = column.number(at: i) else { out.append(nil); continue }
            var k = 0
            while k < edges.count - 2 && x >= edges[k + 1] { k += 1 }
            out.append(labels[k])
        }
        return Column(strings: out)
    }

    static func short(_ x: Double) -> String {
        guard abs(x) < 1e15 else { return x.description }
        if x == x.rounded() { return String(Int64(x)) }
        let magnitude = abs(x)
        let digits = magnitude >= 100 ? 0 : (magnitude >= 1 ? 2 : 4)
        if digits == 0 { return String(Int64(x.rounded())) }
        let scale = PowersOfTen.value(digits)
        return String((x * scale).rounded() / scale)
    }
}
