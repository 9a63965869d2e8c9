extension Command {
    static let drift = Command(
        name: "drift", summary: "population stability index (PSI) of each column, and of the model's score, between two tables: worst first, with the 0.10/0.25 bands",
        arguments: [
            Argument("expected", .source, "the reference clients (the training table, or an earlier window saved with `let`)"),
            Argument("actual", .source, "today's clients (application_test, or a later window)"),
        ],
        options: [Option("top", .integer(1...10_000), default: "15", "how many columns to list")],
        examples: ["drift application_train application_test"],
        details: "Two windows of one table: `let early = from application_train | filter …`, `let late = …`, then `drift early late`. With a current model, its columns are compared and its score too."
    ) { invocation, context in try context.session.drift(invocation) }
}
