extension Command {
    static let loadModel = Command(
        name: "load model", summary: "reads a model file (refusing a newer format version) or a LightGBM text model; it becomes the current model",
        arguments: [Argument("file", .path, "the model file")],
        examples: ["load model pd.json"], needs: .model
    ) { invocation, context in try context.session.loadModel(invocation) }
}
