extension Command {
    static let whatIf = Command(
        name: "whatif", summary: "one client's application with fields changed (FIELD=value …), re-scored: old and new probability, decision and reasons; a range (FIELD=lo..hi) draws the probability against the value",
        arguments: [
            Argument("target", .client, "the client's SK_ID_CURR"),
            Argument("in", .table, "the table the client is in (default application_test, then application_train)", keyword: "in"),
            Argument("step", .name, "with a range: the step between values (default a tenth of the range)", keyword: "step"),
        ],
        takesAnyOption: true,
        examples: ["whatif 100004 AMT_CREDIT=300000", "whatif 100004 AMT_CREDIT=100000..900000 step 100000"], needs: .model,
        details: "Fields the client cannot change (anything but the requested amount, annuity, goods price and contract type) are changed all the same, with a warning. Unchanged fields give the original score exactly."
    ) { invocation, context in try context.session.whatIf(invocation) }
}
