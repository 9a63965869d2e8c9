extension Command {
    static let bins = Command(
        name: "bins", summary: "shows a scorecard feature's bins, or sets them by hand and refits the scorecard",
        arguments: [
            Argument("feature", .column, "a feature of the current scorecard"),
            Argument("reset", .choice(["auto"]), "`auto` goes back to the learnt bins", optional: true),
        ],
        options: [
            Option("cuts", .text, default: "learnt", "a numeric feature's cut points, ascending: 0.2,0.4,0.6 (a bin runs from one cut up to the next; missing values keep their bin)"),
            Option("groups", .text, default: "learnt", "a text feature's groups of levels: + within a group, commas between (levels in no group make \"other\")"),
        ],
        examples: ["bins EXT_SOURCE_3 cuts=0.2,0.4,0.6", "bins NAME_INCOME_TYPE groups=\"Working,Pensioner+State servant\"", "bins EXT_SOURCE_3 auto"],
        needs: .scorecard,
        details: "Bins set by hand are kept as given (not merged, not made monotone) in this and every later fit of the scorecard, and recorded in the model file; `bins FEATURE auto` lets the scorecard learn them again. The refit starts without cv, calibration or threshold, as any fit does."
    ) { invocation, context in try context.session.bins(invocation) }
}
