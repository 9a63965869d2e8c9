extension Command {
    static let threshold = Command(
        name: "threshold", summary: "the threshold of least expected cost on out-of-fold predictions, with the cost curve, approval and default rates; or one set by policy (at=X)",
        arguments: [
            Argument("rule", .choice(["cost"]), "how the threshold is chosen: least expected cost", optional: true),
            Argument("weight", .column, "a column of the training table weighting each client's cost (money-weighted costs)", keyword: "weight"),
        ],
        options: [
            Option("fn", .number(0...Double.greatestFiniteMagnitude), default: "10", "cost of approving a client who defaults"),
            Option("fp", .number(0...Double.greatestFiniteMagnitude), default: "1", "cost of refusing a client who repays"),
            Option("at", .number(0...1), default: "0.1", "a threshold set by policy: refuse when the probability of default is at least this (no `cv` needed)"),
        ],
        examples: ["threshold cost fn=10 fp=1", "threshold at=0.08"], needs: .model
    ) { invocation, context in try context.session.threshold(invocation) }
}
