import ArgumentParser
import Shell

@main
struct CreditExplorer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit-explorer",
        abstract: "Explore Home Credit client tables, fit and explain default-risk models.",
        discussion: """
            With no statement and no script, opens the interactive shell on the data folder
            (the bundled synthetic data set unless --data names another, such as the real
            Kaggle files). Tables are cached in binary form after the first load.
            """,
        version: ToolVersion.tool,
        subcommands: [Explore.self, Run.self, Generate.self],
        defaultSubcommand: Explore.self
    )

    static func main() {
        AllocatorTuning.apply()
        main(nil)
    }
}
