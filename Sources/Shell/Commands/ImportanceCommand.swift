extension Command {
    static let importance = Command(
        name: "importance", summary: "which features matter: gain or splits for trees, |coefficient| per SD for logistic, information value for scorecards",
        arguments: [
            Argument("measure", .choice(["gain", "split", "shap"]),
                     "for trees: total gain (default) or number of splits; for any model: shap, the mean |contribution| per column over the clients of `on`", optional: true),
            Argument("top", .integer, "how many features to show (default 20)", optional: true),
            Argument("on", .source, "with shap: the clients to average over (default the training table)", keyword: "on"),
            Argument("by", .choice(["feature", "column", "table"]),
                     "with shap: per model feature, per table column (one-hot levels summed; the default) or per source table", keyword: "by"),
        ],
        options: [Option("chart", .choice(["bar", "beeswarm"]), default: "bar",
                         "with shap: bars of the means, or every client's contribution per row (shap's beeswarm), coloured by the value in colour terminals")],
        examples: ["importance gain 10", "importance shap 10", "importance shap by table", "importance shap 8 chart=beeswarm"], needs: .model
    ) { invocation, context in try context.session.importance(invocation) }
}
