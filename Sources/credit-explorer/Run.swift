import ArgumentParser
import Shell

/// Runs a script non-interactively.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script of statements, then exit (1 after an error, which names FILE:LINE:COL).",
        discussion: """
            Parameters given as name=value replace $name and ${name} in the script; a script
            can give defaults with `param name = value` lines. An optional `version N` line
            refuses scripts written for a newer language.
            """
    )

    @Argument(help: ArgumentHelp("The script to run.", valueName: "file"))
    var script: String

    @Argument(help: ArgumentHelp("Script parameters.", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var data: DataOptions
    @OptionGroup var options: ScriptOptions

    func run() throws {
        try options.run(script, parameters: parameters, session: try data.openSession())
    }
}
