extension Command {
    /// Every command, in the order `help` lists them. A new command is a file in this folder
    /// declaring it, and one entry here.
    static let all: [Command] = [
        .tables, .columns, .describe, .tab, .corr, .client, .plot, .help,
        .featuresBuild, .featuresDescribe, .featuresExport, .featuresClient, .featuresAblation,
        .fitGBDT, .fitLogistic, .fitScorecard, .bins, .cv, .report, .importance, .calibrate, .threshold,
        .score, .scoreClient, .explain, .dependence, .whatIf, .counterfactual, .compare, .reportClient, .fairness, .drift, .model, .saveModel, .loadModel,
        .history, .saveScript, .source, .log, .notebook,
    ]

    /// The words a statement can start with to name a command (`fit`, `save`, …).
    static var firstWords: [String] {
        var seen = Set<String>()
        return all.map { $0.nameWords[0] }.filter { seen.insert($0).inserted }
    }
}
