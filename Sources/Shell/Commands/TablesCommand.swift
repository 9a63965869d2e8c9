extension Command {
    static let tables = Command(
        name: "tables", summary: "the loaded tables: rows × columns and keys",
        examples: ["tables"]
    ) { _, context in context.session.tablesListing() }
}
