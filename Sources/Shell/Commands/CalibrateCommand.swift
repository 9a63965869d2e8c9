extension Command {
    static let calibrate = Command(
        name: "calibrate", summary: "maps out-of-fold scores to honest probabilities (after `cv`); clears the threshold, which was chosen on the old scale",
        arguments: [Argument("method", .choice(["platt", "isotonic"]), "Platt scaling (logistic) or isotonic regression")],
        examples: ["calibrate isotonic"], needs: .model
    ) { invocation, context in try context.session.calibrate(invocation) }
}
