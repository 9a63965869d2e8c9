extension Command {
    static let saveModel = Command(
        name: "save model", summary: "writes the model file (model, encoding, threshold and costs, calibration, training fingerprint), atomically",
        arguments: [
            Argument("file", .path, "where to write it (quote a path with spaces)"),
            Argument("format", .choice(["json", "lightgbm"]), "json (default), or LightGBM's text format for a gbdt model", optional: true),
        ],
        examples: ["save model pd.json"], needs: .model
    ) { invocation, context in try context.session.saveModel(invocation) }
}
