extension Command {
    static let drift = Command(
        name: "drift", summary: "population stability index (PSI) of each column, and of the model's score, between two tables: worst first, with the 0.10/0.25 bands",
        arguments: [
            Argument("expected", .source, "the reference clients (the training table, or an earlier window saved with `let`)"),
            Argument("actual", .source, "today's clients (application_test, or a later window); left out with `if A vs B`", optional: true),
        ],
        options: [Option("top", .integer(1...10_000), default: "15", "how many columns to list")],
        takesCondition: true,
        examples: ["drift application_train application_test", "drift application_train if DAYS_BIRTH > -14000 vs DAYS_BIRTH <= -14000"],
        details: "Two windows of one table: `drift TABLE if A vs B` (the rows where A holds against those where B holds), or windows saved with `let`, then `drift early late`. An `if` without `vs` restricts both tables. With a current model, its columns are compared and its score too."
    ) { invocation, context in try context.session.drift(invocation) }
}
