import ArgumentParser
import Foundation
import HomeCredit

/// Writes a synthetic data set with the real files' schema.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic Home Credit data set (the eight files) into a folder.",
        discussion: """
            The files have the real names, columns, labels and number formats; clients,
            histories and defaults are drawn from a hidden model calibrated on the real data's
            statistics. The same --clients and --seed always give byte-identical files.
            """
    )

    @Option(help: "Number of clients, train and test together (the real set has 356255).")
    var clients: Int = BundledData.defaultClients

    @Option(help: "Random seed.")
    var seed: UInt64 = BundledData.defaultSeed

    @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir"))
    var out: String

    private static func describe(_ error: any Error) -> String {
        // Foundation's own errors in their sentence, never their dictionary dump.
        if let cocoa = error as? CocoaError { return cocoa.localizedDescription }
        return "\(error)"
    }

    func validate() throws {
        guard clients >= 1 else { throw ValidationError("--clients must be at least 1") }
    }

    func run() throws {
        do {
            print(try SyntheticGenerator(clients: clients, seed: seed).write(to: out))
        } catch {
            // A data or disk problem, in words: exit 1 (2 is for usage).
            FileHandle.standardError.write(Data("error: \(Self.describe(error))\n".utf8))
            throw ExitCode(1)
        }
    }
}
