extension Command {
    static let model = Command(
        name: "model", summary: "the current model: kind, features, training fingerprint, every parameter, metrics, calibration, threshold",
        examples: ["model"], needs: .model
    ) { _, context in try context.session.modelSummary() }
}
