extension Command {
    static let client = Command(
        name: "client", summary: "one client's application and every related row of the other tables",
        arguments: [Argument("client", .client, "the client's SK_ID_CURR")],
        examples: ["client 100002"]
    ) { invocation, context in try context.session.client(invocation) }
}
