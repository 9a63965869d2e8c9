import Query
import Tables

/// What the shell offers on Tab, and when a statement continues on the next line.
extension Session {
    static let settings = [".timer", ".maxrows", ".width", ".height", ".charset", ".separators"]

    /// Candidates for `word` at the end of `line`: commands and verbs first in a statement,
    /// tables after `from`/`join`/a table command, then the columns of the tables in scope,
    /// functions and verbs.
    public func completions(line: String, word: String) -> [String] {
        let before = String(line.dropLast(word.count)).split(whereSeparator: { " \t\n|(),".contains($0) }).map(String.init)
        let tables = engine.tableNames
        var pool: [String]
        if word.hasPrefix(".") {
            pool = Self.settings
        } else if before.isEmpty {
            pool = Self.commands + ["let"] + Parser.verbs + tables
        } else if let last = before.last?.lowercased(), ["from", "join", "describe", "tab", "corr", "columns", "inner", "left"].contains(last) {
            pool = tables
        } else if before.first == "help" {
            pool = Self.commands + Parser.verbs + Functions.all.map(\.name) + ["functions"]
        } else {
            let inScope = before.filter { tables.contains($0) }
            let columns = inScope.flatMap { (try? engine.table(named: $0).names) ?? [] }
            pool = columns + Functions.all.map { $0.name + "(" } + Parser.verbs + ["and", "or", "not", "in", "between", "is", "missing", "by", "with"]
        }
        var seen = Set<String>()
        return pool.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
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
