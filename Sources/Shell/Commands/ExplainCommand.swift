extension Command {
    static let explain = Command(
        name: "explain", summary: "one client's decision taken apart: probability, decision against the threshold, exact contributions by column with the client's values and standing",
        arguments: [
            Argument("client", .client, "the client's SK_ID_CURR"),
            Argument("in", .table, "the table the client is in (default application_test, then application_train)", keyword: "in"),
        ],
        options: [Option("top", .integer(1...10_000), default: "10", "how many columns to list before summing the rest")],
        examples: ["explain 100004"], needs: .model
    ) { invocation, context in try context.session.explain(invocation) }
}
