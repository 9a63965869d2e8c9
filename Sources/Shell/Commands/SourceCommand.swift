extension Command {
    static let source = Command(
        name: "source", summary: "runs a script inside the session; its first error stops it, located as file:line:col",
        arguments: [Argument("file", .path, "the script")],
        takesAnyOption: true,
        examples: ["source analysis.cx"], needs: .frontEnd
    ) { invocation, context in try context.driver!.source(invocation) }
}
