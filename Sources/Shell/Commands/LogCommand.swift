extension Command {
    static let log = Command(
        name: "log", summary: "appends every following statement and its output to a file as it happens; `log off` stops",
        arguments: [Argument("file", .path, "the log file (appended to), or off")],
        examples: ["log session.log"], needs: .frontEnd, isMeta: true
    ) { invocation, context in try context.driver!.startLog(invocation) }
}
