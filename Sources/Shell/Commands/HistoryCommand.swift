extension Command {
    static let history = Command(
        name: "history", summary: "the statements typed so far, numbered (failed ones marked !)",
        examples: ["history"], needs: .frontEnd, isMeta: true
    ) { _, context in context.driver?.historyListing() ?? "" }
}
