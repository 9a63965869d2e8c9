extension Command {
    static let columns = Command(
        name: "columns", summary: "a table's columns: type, missing share, role, the official description",
        arguments: [Argument("table", .table, "a loaded table or a saved result")],
        examples: ["columns bureau"]
    ) { invocation, context in try context.session.columnsListing(invocation) }
}
