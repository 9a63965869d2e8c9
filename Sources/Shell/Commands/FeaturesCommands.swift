extension Command {
    static let featuresBuild = Command(
        name: "features build", summary: "runs a feature recipe (the public kernel's by default) on the loaded tables and keeps the result as the table `features`; cached by recipe and data",
        arguments: [Argument("recipe", .path, "a bundled recipe's name (kernel) or a .cx file", optional: true)],
        options: [Option("cache", .choice(["use", "refresh"]), default: "use", "refresh: build again and replace the cached build")],
        examples: ["features build"],
        details: "A recipe is a script of `let` statements that ends with `let features = …`; recipes/kernel.cx is the public kernel adapted (docs/features.md). `source recipes/kernel.cx` runs the same statements one by one, keeping every intermediate table."
    ) { invocation, context in try context.session.buildFeatures(invocation) }

    static let featuresDescribe = Command(
        name: "features describe", summary: "the built features by source: coverage, information value against TARGET, unit and a description in words; one feature in full",
        arguments: [Argument("pattern", .name, "a source (bureau, previous_application…), a pattern (BURO_*) or one feature", optional: true)],
        options: [Option("lang", .choice(["en", "fr"]), default: "en", "the language of the descriptions")],
        examples: ["features describe bureau", "features describe INSTAL_DPD_MEAN lang=fr"], needs: .features
    ) { invocation, context in try context.session.describeFeatures(invocation) }

    static let featuresExport = Command(
        name: "features export", summary: "writes the feature table as CSV, atomically",
        arguments: [Argument("file", .path, "the CSV file to write")],
        examples: ["features export features.csv"], needs: .features
    ) { invocation, context in try context.session.exportFeatures(invocation) }

    static let featuresClient = Command(
        name: "features client", summary: "one client's features recomputed from that client's rows alone, checked against the full build",
        arguments: [Argument("client", .client, "the client's SK_ID_CURR")],
        examples: ["features client 100002"], needs: .features
    ) { invocation, context in try context.session.recomputeClient(invocation) }

    static let featuresAblation = Command(
        name: "features ablation", summary: "the AUC each source table adds: a quick model with and without each block of features, on the same folds",
        options: [
            Option("trees", .integer(1...10_000), default: "100", "trees of each quick model"),
            Option("folds", .integer(2...20), default: "5", "cross-validation folds"),
            Option("seed", .integer(0...Int.max), default: "1", "seed of the folds and the models"),
        ],
        examples: ["features ablation trees=5 folds=2"], needs: .features
    ) { invocation, context in try context.session.featureAblation(invocation) }
}
