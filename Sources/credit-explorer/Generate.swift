import ArgumentParser

/// Writes a synthetic data set with the real files' schema.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic Home Credit data set (the eight files) into a folder."
    )

    @Option(help: "Number of clients (train and test together).")
    var clients: Int = 30_000

    @Option(help: "Random seed: the same clients and seed give byte-identical files.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir"))
    var out: String

    func run() throws {
        throw ValidationError("the generator is not built yet")
    }
}
