extension Command {
    static let cv = Command(
        name: "cv", summary: "stratified k-fold cross-validation: metrics per fold and out-of-fold, against the base rate; keeps the out-of-fold predictions (`as NAME` as a table)",
        arguments: [Argument("as", .name, "also keep the out-of-fold predictions as a table: client, fold, target, log-odds, probability", keyword: "as")],
        options: [
            Option("folds", .integer(2...100), default: "5", "number of folds"),
            Option("holdout", .number(0.01...0.99), default: "none", "report one stratified held-out split of this share instead"),
            Option("seed", .integer(0...Int.max), default: "the model's", "seed of the fold assignment only (the model keeps its own)"),
        ],
        examples: ["cv folds=3", "cv folds=3 as oof"], needs: .model
    ) { invocation, context in try context.session.crossValidate(invocation) }
}
