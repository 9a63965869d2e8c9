import Foundation
import Testing
@testable import Query

/// docs/language.md stays in step with the language: every verb and function is documented.
@Suite struct LanguageDocTests {
    static let doc: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return (try? String(contentsOf: url.appendingPathComponent("docs/language.md"), encoding: .utf8)) ?? ""
    }()

    @Test func everyVerbIsDocumented() {
        for verb in Parser.verbs { #expect(Self.doc.contains("| `\(verb)` |"), "\(verb)") }
    }

    @Test func everyFunctionIsDocumentedWithAnExample() {
        for f in ExpressionEvaluator.functions { #expect(Self.doc.contains("| `\(f.name)` | `\(f.name)("), "\(f.name)") }
    }

    @Test func documentedFunctionsExist() {
        // The rows of the Functions section only (other sections list commands and settings).
        let section = Self.doc.components(separatedBy: "\n## Functions")[1].components(separatedBy: "\n## ")[0]
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let names = Set(ExpressionEvaluator.functions.map(\.name))
        #expect(rows.count >= names.count)
        for row in rows {
            let name = row.dropFirst(3).prefix { $0 != "`" }
            #expect(names.contains(String(name)), "docs list '\(name)' which the language lacks")
        }
    }
}
