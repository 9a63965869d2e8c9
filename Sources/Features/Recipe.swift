import Foundation
import Query

/// A feature recipe: statements of the query language that end by binding `features`.
///
/// Recipes are plain scripts, so an analyst can read one top to bottom, `source` it, or paste
/// a block into the shell and look at the table it names. The ones shipped with the tool live
/// in the repository's `recipes/` folder and are found by name (`kernel`).
public struct Recipe: Sendable {
    /// What the user wrote to name it (`kernel`, or a path).
    public let name: String
    public let path: String
    public let text: String
    /// The statements, with the line each starts on.
    public let statements: [ScriptSplitter.Piece]
    /// Each statement parsed (nil for `version` lines and statements that do not parse, which
    /// the build reports).
    let parsed: [Statement?]

    /// The table a recipe must leave behind.
    public static let resultName = "features"

    public init(name: String, path: String, text: String) {
        self.name = name
        self.path = path
        self.text = text
        statements = ScriptSplitter.split(text)
        parsed = statements.map { try? Parser.parse($0.text) }
    }

    /// The recipes shipped with the tool (`CREDIT_EXPLORER_RECIPES` overrides, as for data).
    public static var bundledDirectory: String {
        if let override = ProcessInfo.processInfo.environment["CREDIT_EXPLORER_RECIPES"], !override.isEmpty { return override }
        // <root>/Sources/Features/Recipe.swift → <root>/recipes
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("recipes").path
    }

    /// The names of the bundled recipes.
    public static var bundledNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: bundledDirectory)) ?? []
        return files.filter { $0.hasSuffix(".cx") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// A recipe by bundled name (`kernel`) or by path (`my-features.cx`).
    public static func locate(_ name: String) throws(FeatureError) -> Recipe {
        let looksLikePath = name.contains("/") || name.hasSuffix(".cx")
        let path = looksLikePath ? name : bundledDirectory + "/" + name + ".cx"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            if !looksLikePath {
                throw FeatureError("no recipe '\(name)'; the bundled ones are " + bundledNames.joined(separator: ", ") + ", or give a file path")
            }
            throw FeatureError("cannot read the recipe \(path): " + (FileManager.default.fileExists(atPath: path) ? "not UTF-8 text" : "no such file"))
        }
        return Recipe(name: name, path: path, text: text)
    }
}

/// A recipe that cannot be read or run, in the user's words.
public struct FeatureError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
