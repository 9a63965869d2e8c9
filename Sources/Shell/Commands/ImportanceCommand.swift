extension Command {
    static let importance = Command(
        name: "importance", summary: "which features matter: gain or splits for trees, |coefficient| per SD for logistic, information value for scorecards",
        arguments: [
            Argument("measure", .choice(["gain", "split"]), "for trees: total gain (default) or number of splits", optional: true),
            Argument("top", .integer, "how many features to show (default 20)", optional: true),
        ],
        examples: ["importance gain 10"], needs: .model
    ) { invocation, context in try context.session.importance(invocation) }
}
