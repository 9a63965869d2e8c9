extension Command {
    static let plot = Command(
        name: "plot", summary: "a chart of a table's columns, as `from <table> | plot <kind> …`",
        arguments: [
            Argument("kind", .choice(PlotBuilder.kinds), "the kind of chart"),
            Argument("table", .table, "the table to draw"),
            Argument("arguments", .text, "the plot step's arguments: columns, `by`, `bins N`, `log`…", optional: true),
        ],
        examples: ["plot hist application_train AMT_INCOME_TOTAL by TARGET bins 30 log"]
    ) { invocation, context in try context.session.plotCommand(invocation) }
}
