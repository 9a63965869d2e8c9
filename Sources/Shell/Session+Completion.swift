import Foundation
import Query
import Tables

/// What the shell offers on Tab, and when a statement continues on the next line.
extension Session {
    static var settings: [String] {
        settingList.map(\.name) + frontEndSettings.map { String($0.0.prefix { $0 != " " }) }
    }

    /// Candidates for `word` at the end of `line`: commands and verbs first in a statement,
    /// tables after `from`/`join`/a table command, then the columns of the tables in scope,
    /// functions and verbs.
    public func completions(line: String, word: String) -> [String] {
        let before = String(line.dropLast(word.count)).split(whereSeparator: { " \t\n|(),".contains($0) }).map(String.init)
        let tables = engine.tableNames
        var pool: [String]
        if Self.wantsPath(before: String(line.dropLast(word.count)), words: before) {
            return Self.pathCompletions(word)
        } else if word.hasPrefix(".") {
            pool = Self.settings
        } else if before.isEmpty {
            pool = Self.commands + Self.sessionCommands + ["let"] + Parser.verbs + tables
        } else if let last = before.last?.lowercased(), ["from", "join", "describe", "tab", "corr", "columns", "inner", "left"].contains(last) {
            pool = tables
        } else if before.first == "help" {
            pool = Self.commands + Self.sessionCommands + Parser.verbs + Functions.all.map(\.name) + ["functions"]
        } else {
            let inScope = before.filter { tables.contains($0) }
            let columns = inScope.flatMap { (try? engine.table(named: $0).names) ?? [] }
            pool = columns + Functions.all.map { $0.name + "(" } + Parser.verbs + ["and", "or", "not", "in", "between", "is", "missing", "by", "with"]
        }
        var seen = Set<String>()
        return pool.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
    }

    /// Inside an open quote, or after a command that takes a file, the word is a path.
    static func wantsPath(before text: String, words: [String]) -> Bool {
        let quotes = text.filter { $0 == "'" || $0 == "\"" }.count
        if quotes % 2 == 1 { return true }
        guard let first = words.first else { return false }
        return ["source", "notebook", "log", ".output", ".once"].contains(first) && words.count == 1
            || (first == "save" && words.count == 2)
    }

    /// Files and folders starting with `prefix` (folders end in `/`, so Tab goes on into them).
    static func pathCompletions(_ prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let folder = slash.map { String(prefix[...$0]) } ?? ""
        let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let expanded = folder.hasPrefix("~/") ? NSHomeDirectory() + folder.dropFirst() : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: expanded.isEmpty ? "." : expanded) else { return [] }
        return names.filter { $0.hasPrefix(start) && (start.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { name in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: (expanded.isEmpty ? "" : expanded) + name, isDirectory: &isFolder)
            return folder + name + (isFolder.boolValue ? "/" : "")
        }
    }

    /// Whether a statement typed so far goes on: it ends with `|`, a bracket or a quote is open.
    public static func continues(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        for ch in text {
            if let q = quote { if ch == q { quote = nil }; continue }
            switch ch {
            case "'", "\"": quote = ch
            case "(", "{": depth += 1
            case ")", "}": depth -= 1
            case "#": break
            default: break
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return quote != nil || depth > 0 || trimmed.hasSuffix("|")
    }
}
