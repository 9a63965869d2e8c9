import HomeCredit
import Query
import Testing
import Tables
@testable import Shell

/// Every example `help` shows runs, on the bundled data set, without an error.
@Suite struct HelpExampleTests {
    static let catalog = try! HomeCreditData.open(folder: BundledData.defaultDataDirectory, cache: nil)

    static var examples: [String] {
        Session.commandHelp.map(\.example) + StepHelp.all.map(\.example) + Functions.all.map(\.example)
    }

    @Test(arguments: examples)
    func exampleRuns(_ statement: String) throws {
        let out = try Session(catalog: Self.catalog).run(statement)
        #expect(!out.isEmpty)
    }

    @Test func helpCoversEveryStepFunctionAndCommand() throws {
        let session = Session(catalog: Self.catalog)
        for verb in Parser.verbs { #expect(StepHelp.all.contains { $0.verb == verb }, "\(verb)") }
        for command in Session.commands { #expect(Session.commandHelp.contains { $0.name == command }, "\(command)") }
        for f in Functions.all { #expect(try session.run("help \(f.name)").contains(f.example)) }
        #expect(throws: SessionError.self) { try session.run("help shar") }
    }
}
