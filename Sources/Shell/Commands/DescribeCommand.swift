extension Command {
    static let describe = Command(
        name: "describe", summary: "count, missing, mean, std, min, quartiles, max, distinct and top values of each column",
        arguments: [
            Argument("table", .source, "a table, a saved result, or a pipeline `from … | …`"),
            Argument("columns", .columns, "the columns to describe (all when none)", optional: true),
        ],
        takesCondition: true,
        examples: ["describe application_train AMT_CREDIT EXT_SOURCE_1", "describe bureau if CREDIT_ACTIVE == 'Active'"]
    ) { invocation, context in try context.session.describe(invocation) }
}
