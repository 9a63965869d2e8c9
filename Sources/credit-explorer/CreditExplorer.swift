import ArgumentParser
import Foundation
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

    /// Exit codes: 0 success, 1 a statement or the data failed, 2 a usage error (a bad
    /// option or argument), 130 Ctrl-C.
    static func main() {
        AllocatorTuning.useHugePages()
        AllocatorTuning.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
