extension Command {
    static let tab = Command(
        name: "tab", summary: "frequencies, percentages, cumulative percentages and the TARGET rate per level",
        arguments: [
            Argument("table", .source, "a table, a saved result, or a pipeline `from … | …`"),
            Argument("column", .column, "the column to count (numeric columns are cut into ten quantile bins)"),
            Argument("by", .column, "a second column, for a two-way table", keyword: "by"),
        ],
        takesCondition: true,
        examples: ["tab application_train NAME_EDUCATION_TYPE", "tab application_train NAME_CONTRACT_TYPE by CODE_GENDER if AMT_CREDIT > 500000"]
    ) { invocation, context in try context.session.tab(invocation) }
}
