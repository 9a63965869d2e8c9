extension Command {
    static let counterfactual = Command(
        name: "counterfactual", summary: "the smallest changes to what a refused client asks for (amount, annuity, goods price, contract type) that turn the refusal into an approval, each re-scored",
        arguments: [
            Argument("target", .client, "the client's SK_ID_CURR"),
            Argument("in", .table, "the table the client is in (default application_test, then application_train)", keyword: "in"),
        ],
        options: [.language],
        examples: ["counterfactual 100004", "counterfactual 100004 lang=fr"], needs: .model,
        details: "Only the terms of the request change (the actionable fields the model uses); amounts stay between the 1st and 99th percentiles of the training clients and the annuity under the income. Up to three options, each changing different fields."
    ) { invocation, context in try context.session.counterfactual(invocation) }
}
