extension Command {
    static let corr = Command(
        name: "corr", summary: "numeric columns ranked by their correlation with a column (TARGET by default)",
        arguments: [
            Argument("table", .source, "a table, a saved result, or a pipeline `from … | …`"),
            Argument("with", .column, "the column to correlate with (default TARGET)", keyword: "with"),
        ],
        takesCondition: true,
        examples: ["corr application_train with TARGET"]
    ) { invocation, context in try context.session.corr(invocation) }
}
