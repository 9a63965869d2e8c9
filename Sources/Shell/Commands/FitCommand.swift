import Models

extension Command {
    static let fitGBDT = fit(.gbdt, "gradient-boosted trees (LightGBM's algorithm and parameter defaults)",
                             example: "fit gbdt on application_train trees=30 leaves=15")
    static let fitLogistic = fit(.logistic, "logistic regression with L2 penalty, fitted by Newton's method",
                                 example: "fit logistic features EXT_SOURCE_*,AMT_CREDIT")
    static let fitScorecard = fit(.scorecard, "a points scorecard: binned characteristics, WoE, logistic fit, PDO scaling",
                                  example: "fit scorecard features EXT_SOURCE_*,DAYS_BIRTH")

    /// `fit <kind> [on T] [target C] [features …] [exclude …] [name=value …]`: the three kinds
    /// share their arguments; each has its own options (`FitRequest.settings`).
    private static func fit(_ kind: ModelSpec.Kind, _ what: String, example: String) -> Command {
        Command(
            name: "fit \(kind.rawValue)", summary: "fits \(what); it becomes the current model",
            arguments: [
                Argument("on", .table, "the training table (default application_train)", keyword: "on"),
                Argument("target", .column, "the 0/1 column to predict (default TARGET)", keyword: "target"),
                Argument("features", .patterns, "columns or patterns such as AMT_* (default: every column but the target and keys)", keyword: "features"),
                Argument("weight", .column, "a column of sample weights: how much each training row counts (not a feature)", keyword: "weight"),
                Argument("exclude", .patterns, "columns or patterns to leave out; `protected` leaves out sex, age, family status and children", keyword: "exclude"),
            ],
            options: (FitRequest.settings[kind] ?? []).map(\.option),
            examples: [example]
        ) { invocation, context in try context.session.fit(kind, invocation) }
    }
}
