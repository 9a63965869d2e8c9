import ArgumentParser

@main
struct CreditExplorer: ParsableCommand {
    func run() throws {}
}
