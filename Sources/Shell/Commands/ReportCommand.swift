extension Command {
    static let report = Command(
        name: "report", summary: "how good the current model is, on out-of-fold predictions when `cv` ran (else in-sample, flagged)",
        arguments: [
            Argument("section", .choice(["metrics", "calibration", "lift", "roc", "coefficients", "bins"]),
                     "metrics (AUC, Gini, KS, log-loss, Brier, PR AUC, confusion), calibration, lift, roc, coefficients, or a scorecard's bins", optional: true),
            Argument("feature", .column, "the feature whose bins to show (after `bins`)", optional: true),
        ],
        examples: ["report", "report lift"], needs: .model
    ) { invocation, context in try context.session.report(invocation) }
}
