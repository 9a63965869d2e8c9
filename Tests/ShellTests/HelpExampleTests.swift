import Foundation
import HomeCredit
import Query
import Testing
import Tables
@testable import Shell

/// Every example `help` shows runs, on the bundled data set, without an error.
@Suite struct HelpExampleTests {
    static let catalog = try! HomeCreditData.open(folder: BundledData.defaultDataDirectory, cache: nil)

    static var examples: [String] {
        Command.all.flatMap(\.examples) + StepHelp.all.map(\.example) + Functions.all.map(\.example)
    }

    @Test(arguments: examples)
    func exampleRuns(_ statement: String) throws {
        // Examples that name a file write it in a fresh folder; a session has run two
        // statements before, so that `history` and `save script 1-2` have something to show.
        let folder = NSTemporaryDirectory() + "cx-help-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "tables\n".write(toFile: folder + "/analysis.cx", atomically: true, encoding: .utf8)
        let words = statement.split(separator: " ").map { word in
            [".cx", ".md", ".html", ".txt", ".log", ".json", ".csv"].contains { word.hasSuffix($0) } ? folder + "/" + word : String(word)
        }
        var printed: [String] = []
        let driver = Driver(session: Session(catalog: Self.catalog)) { printed.append($0) }
        try driver.run("tables")
        try driver.run("columns bureau")
        // The modelling commands work on a current model with out-of-fold predictions.
        if let words = try? CommandWord.split(statement), let (command, _) = CommandParser.command(for: words), command.needs == .model {
            try driver.run("fit gbdt trees=5 leaves=4 features EXT_SOURCE_*")
            try driver.run("cv folds=3")
            try driver.run("threshold cost fn=10 fp=1")
            try driver.run("save model \(folder)/pd.json")
        }
        if let words = try? CommandWord.split(statement), let (command, _) = CommandParser.command(for: words), command.needs == .scorecard {
            try driver.run("fit scorecard features EXT_SOURCE_*,NAME_INCOME_TYPE")
        }
        if let words = try? CommandWord.split(statement), let (command, _) = CommandParser.command(for: words), command.needs == .features {
            try driver.run("features build")
        }
        printed = []
        try driver.run(words.joined(separator: " "))
        #expect(!printed.isEmpty)
    }

    @Test func helpCoversEveryStepFunctionAndCommand() throws {
        let session = Session(catalog: Self.catalog)
        for verb in Parser.verbs { #expect(StepHelp.all.contains { $0.verb == verb }, "\(verb)") }
        for command in Command.all { #expect(try session.run("help \(command.name)").contains(command.examples[0]), "\(command.name)") }
        for f in Functions.all { #expect(try session.run("help \(f.name)").contains(f.example)) }
        #expect(throws: SessionError.self) { try session.run("help shar") }
    }
}
