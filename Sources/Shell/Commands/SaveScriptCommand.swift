extension Command {
    static let saveScript = Command(
        name: "save script", summary: "writes statements from `history` as a replayable script, without failed ones or those about the session",
        arguments: [
            Argument("file", .path, "where to write it (quote a path with spaces)"),
            Argument("range", .name, "statement numbers: 3-17, 5, 3- or -10 (default all)", optional: true),
        ],
        examples: ["save script analysis.cx 1-2"], needs: .frontEnd, isMeta: true
    ) { invocation, context in try context.driver!.saveScript(invocation) }
}
