import Tables

extension FeatureSet {
    /// The row of `client` in the built table.
    public func row(of client: Int64) -> Int? {
        guard let ids = table["SK_ID_CURR"]?.int64Values else { return nil }
        return ids.firstIndex(of: client)
    }

    /// One client's features computed from that client's rows alone — after `edit`, if given
    /// (a what-if on the raw application) — with every one-hot step's levels frozen from this
    /// build, so that the row has the same columns as the full table and, unedited, the same
    /// values, bit for bit.
    public func recompute(client: Int64, index: ClientIndex, joinKey: @escaping @Sendable (String, String) -> String?,
                          edit: ((inout Catalog) -> Void)? = nil) throws(FeatureError) -> Table {
        guard index.knows(client) else { throw FeatureError("no client \(client) in the loaded tables") }
        var catalog = index.catalog(for: client)
        edit?(&catalog)
        let rebuilt = try FeatureSet.build(recipe, catalog: catalog, joinKey: joinKey, frozen: levels, lineage: false, sideBySide: false)
        guard let i = rebuilt.row(of: client) else { throw FeatureError("the recipe dropped client \(client)") }
        let row = rebuilt.table.gather([i])
        // Columns in the full build's order (a rebuilt block may order joins the same way, but
        // the model reads by name, and so do comparisons).
        let names = table.names.filter { row[$0] != nil }
        do { return try row.selecting(names) } catch { throw FeatureError("\(error)") }
    }
}
