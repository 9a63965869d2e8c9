extension Command {
    static let report = Command(
        name: "report", summary: "how good the current model is, on out-of-fold predictions when `cv` ran (else in-sample, flagged)",
        arguments: [
            Argument("section", .choice(["metrics", "calibration", "lift", "roc", "coefficients", "bins", "monotone"]),
                     "metrics (AUC, Gini, KS, log-loss, Brier, PR AUC, confusion), calibration, lift, roc, coefficients, a scorecard's bins, or monotone (whether each numeric input's partial dependence only rises or falls)", optional: true),
            Argument("feature", .column, "the feature whose bins to show (after `bins`)", optional: true),
        ],
        examples: ["report", "report lift", "report monotone"], needs: .model
    ) { invocation, context in try context.session.report(invocation) }
}
