extension Command {
    static let dependence = Command(
        name: "dependence", summary: "a column's value against its exact contribution for every client, as a scatter plot: how the model uses it",
        arguments: [
            Argument("column", .column, "a column the current model uses"),
            Argument("on", .source, "the clients (default the training table)", keyword: "on"),
        ],
        examples: ["dependence EXT_SOURCE_3"], needs: .model
    ) { invocation, context in try context.session.dependence(invocation) }
}
