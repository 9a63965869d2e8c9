extension Command {
    static let fairness = Command(
        name: "fairness", summary: "the current model's decisions by group: approval and default rates, error rates at the threshold, AUC, the four-fifths rule and equal-opportunity and equalised-odds gaps",
        arguments: [Argument("by", .column, "the group column of the training table: CODE_GENDER, DAYS_BIRTH (age bands), NAME_FAMILY_STATUS, CNT_CHILDREN, or any", keyword: "by")],
        examples: ["fairness by CODE_GENDER"], needs: .model,
        details: "On out-of-fold predictions when `cv` ran (in-sample otherwise, flagged); a model loaded from a file, on its scores of the labelled clients of application_train. Approving is the favourable outcome: the disparate-impact ratio is each group's approval rate over the highest group's, and a ratio under 0.8 breaches the four-fifths rule."
    ) { invocation, context in try context.session.fairness(invocation) }
}
