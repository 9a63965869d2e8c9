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
        let rows = Self.doc.split(separator: "\n").filter { $0.hasPrefix("| `") && $0.contains("(") }
        let names = Set(ExpressionEvaluator.functions.map(\.name))
        for row in rows {
            let name = row.dropFirst(3).prefix { $0 != "`" }
            if Parser.verbs.contains(String(name)) || ["tables", "columns", "describe", "tab", "corr", "client", "help"].contains(String(name)) { continue }
            #expect(names.contains(String(name)), "docs list '\(name)' which the language lacks")
        }
    }
}
