extension Command {
    static let explain = Command(
        name: "explain", summary: "a decision taken apart: probability, decision, principal reasons in words, exact contributions by column; or, for a table, every client's principal reasons",
        arguments: [
            Argument("target", .source, "a client's SK_ID_CURR, or a table (or `from … | …`) whose every client is explained"),
            Argument("in", .table, "for a client: the table it is in (default application_test, then application_train)", keyword: "in"),
            Argument("as", .name, "for a table: the name of the result (default reasons)", keyword: "as"),
        ],
        options: [
            .language,
            Option("top", .integer(1...10_000), default: "10", "for a client: how many columns to list before summing the rest"),
            Option("detail", .choice(["reasons", "contributions", "inputs"]), default: "reasons",
                   "for a table: each client's principal reasons; or every feature's contribution and the base (LightGBM's pred_contrib layout); or the encoded values the model reads"),
        ],
        examples: ["explain 100004", "explain 100004 lang=fr", "explain application_test as reasons", "explain application_test as contributions detail=contributions"], needs: .model
    ) { invocation, context in
        let target = invocation.value("target") ?? ""
        return Int64(target) != nil ? try context.session.explain(invocation) : try context.session.explainTable(invocation)
    }
}
