extension Command {
    static let dependence = Command(
        name: "dependence", summary: "a column's value against its exact contribution for every client, as a scatter plot: how the model uses it",
        arguments: [
            Argument("column", .column, "a column the current model uses"),
            Argument("on", .source, "the clients (default the training table)", keyword: "on"),
            Argument("by", .column, "a second column whose value colours each point, blue low to red high (colour terminals)", keyword: "by"),
        ],
        examples: ["dependence EXT_SOURCE_3", "dependence EXT_SOURCE_3 by DAYS_BIRTH"], needs: .model
    ) { invocation, context in try context.session.dependence(invocation) }
}
