extension Command {
    static let help = Command(
        name: "help", summary: "the commands; `help <command | step | function | setting>` for one, with examples that run",
        arguments: [Argument("topic", .text, "a command, step, function, setting or word of the language", optional: true)],
        examples: ["help", "help share", "help fit gbdt"]
    ) { invocation, _ in try Session.help(invocation) }
}
