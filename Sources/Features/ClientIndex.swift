import Tables

/// Where each client's rows are in every table, so that one client's tables can be cut out in
/// microseconds: tables with SK_ID_CURR by the client, the others (bureau_balance) by a key of
/// rows already cut (the client's SK_ID_BUREAU credits). Built once per catalog.
public final class ClientIndex: @unchecked Sendable {
    /// A table's rows grouped by one integer key, as offsets into one array of row numbers.
    struct Postings {
        let key: String
        let group: [Int64: Int32]
        let start: [Int32]
        let rows: [Int32]

        init?(_ table: Table, key: String) {
            guard let column = table[key], let values = column.int64Values else { return nil }
            var group: [Int64: Int32] = [:]
            var ids = [Int32](repeating: -1, count: values.count)
            var counts: [Int32] = []
            for (i, v) in values.enumerated() where !column.isMissing(i) {
                let g: Int32
                if let known = group[v] { g = known } else { g = Int32(counts.count); group[v] = g; counts.append(0) }
                ids[i] = g
                counts[Int(g)] += 1
            }
            var start = [Int32](repeating: 0, count: counts.count + 1)
            for g in 0..<counts.count { start[g + 1] = start[g] + counts[g] }
            var next = Array(start.dropLast())
            var rows = [Int32](repeating: 0, count: Int(start.last ?? 0))
            for (i, g) in ids.enumerated() where g >= 0 {
                rows[Int(next[Int(g)])] = Int32(i)
                next[Int(g)] += 1
            }
            self.key = key
            self.group = group
            self.start = start
            self.rows = rows
        }

        /// The rows holding any of `keys`, in table order.
        func rows(for keys: [Int64]) -> [Int] {
            var out: [Int] = []
            for k in keys {
                guard let g = group[k] else { continue }
                out += rows[Int(start[Int(g)])..<Int(start[Int(g) + 1])].map(Int.init)
            }
            return keys.count > 1 ? out.sorted() : out
        }
    }

    private let catalog: Catalog
    private var postings: [String: Postings] = [:]
    /// Tables keyed by something other than the client, and the table that key comes from.
    private var viaParent: [String: String] = [:]

    public init(_ catalog: Catalog) {
        self.catalog = catalog
        for entry in catalog.entries {
            if let p = Postings(entry.table, key: "SK_ID_CURR") { postings[entry.name] = p }
        }
        // A table without the client key is reached through a table that has both keys.
        for entry in catalog.entries where postings[entry.name] == nil {
            for parent in catalog.entries where postings[parent.name] != nil {
                let shared = entry.table.names.filter { $0.hasPrefix("SK_ID_") && parent.table[$0] != nil }
                if let key = shared.first, let p = Postings(entry.table, key: key) {
                    postings[entry.name] = p
                    viaParent[entry.name] = parent.name
                    break
                }
            }
        }
    }

    /// The catalog cut down to one client's rows (tables the index cannot reach stay whole).
    public func catalog(for client: Int64) -> Catalog {
        var cut: [String: Table] = [:]
        var entries: [Catalog.Entry] = []
        for entry in catalog.entries {
            guard let p = postings[entry.name] else { entries.append(entry); continue }
            let table: Table
            if let parent = viaParent[entry.name] {
                let parentRows = cut[parent] ?? self.table(parent, client)
                let keys = parentRows[p.key]?.int64Values ?? []
                table = entry.table.gather(p.rows(for: keys))
            } else {
                table = entry.table.gather(p.rows(for: [client]))
            }
            cut[entry.name] = table
            entries.append(Catalog.Entry(name: entry.name, table: table, path: entry.path))
        }
        return Catalog(entries)
    }

    private func table(_ name: String, _ client: Int64) -> Table {
        guard let p = postings[name], let t = catalog[name] else { return .empty }
        return t.gather(p.rows(for: [client]))
    }

    /// Whether any table has rows for the client.
    public func knows(_ client: Int64) -> Bool {
        postings.values.contains { $0.key == "SK_ID_CURR" && $0.group[client] != nil }
    }
}
