extension Command {
    static let score = Command(
        name: "score", summary: "every client's probability of default (and decision, and points for a scorecard), kept as a table",
        arguments: [
            Argument("table", .source, "the clients to score: a table, a saved result or `from … | …`"),
            Argument("as", .name, "the name of the result (default scores)", keyword: "as"),
        ],
        examples: ["score application_test as decisions"], needs: .model
    ) { invocation, context in try context.session.score(invocation) }

    static let scoreClient = Command(
        name: "score client", summary: "one client's probability of default and decision",
        arguments: [Argument("client", .client, "the client's SK_ID_CURR (application_test, then application_train)")],
        examples: ["score client 100004"], needs: .model
    ) { invocation, context in try context.session.scoreClient(invocation) }
}
