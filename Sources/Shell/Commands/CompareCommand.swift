extension Command {
    static let compare = Command(
        name: "compare", summary: "a client against all clients and against the K most similar ones: key values with the client's percentile in each group, default and approval rates among the similar clients",
        arguments: [
            Argument("target", .client, "the client's SK_ID_CURR"),
            Argument("in", .table, "the table the client is in (default application_test, then application_train)", keyword: "in"),
            Argument("similar", .integer, "how many similar clients (default 50)", keyword: "similar"),
        ],
        options: [.language],
        examples: ["compare 100004 similar 50", "compare 100004 lang=fr"], needs: .model,
        details: "Similarity is the distance on the model's most important columns (mean |contribution|), each scaled by its standard deviation over the training clients; missing values count as the mean."
    ) { invocation, context in try context.session.compare(invocation) }
}
