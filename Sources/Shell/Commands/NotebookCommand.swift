extension Command {
    static let notebook = Command(
        name: "notebook", summary: "writes the session as a Markdown notebook: data folder, table fingerprints, tool version, date, then each statement and its output",
        arguments: [Argument("file", .path, "the Markdown file to write")],
        examples: ["notebook tour.md"], needs: .frontEnd, isMeta: true
    ) { invocation, context in try context.driver!.writeNotebook(invocation) }
}
