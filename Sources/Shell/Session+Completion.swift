import Foundation
import Query
import Tables

/// What the shell offers on Tab, and when a statement continues on the next line.
extension Session {
    static var settings: [String] {
        settingList.map(\.name) + frontEndSettings.map { String($0.0.prefix { $0 != " " }) }
    }

    /// Candidates for `word` at the end of `line` (`earlier`: the statement's previous lines,
    /// when it continues): a command's own arguments, options and values after a command, the
    /// steps after `|`, the columns in scope at that point of a pipeline, category levels
    /// inside quotes after `==` or `in (`, settings and their values, and file paths.
    public func completions(line: String, word: String, earlier: String = "") -> [String] {
        let before = (earlier.isEmpty ? "" : earlier + "\n") + String(line.dropLast(word.count))
        let pool = candidates(before: before, word: word)
        var seen = Set<String>()
        return pool.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
    }

    private func candidates(before: String, word: String) -> [String] {
        let trimmed = before.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            return word.hasPrefix(".") ? Self.settings : Command.firstWords + ["let"] + Parser.verbs + engine.tableNames
        }
        if trimmed.hasPrefix(".") { return settingValues(before.trimmingCharacters(in: .newlines)) }
        if let levels = levelsInQuotes(before) { return levels }
        if Self.wantsPath(before: before, words: before.split(whereSeparator: \.isWhitespace).map(String.init)) { return Self.pathCompletions(word) }
        if let words = try? CommandWord.split(before), let (command, length) = CommandParser.command(for: words) {
            return commandCandidates(command, after: Array(words[length...]), word: word, spaceBefore: before.last?.isWhitespace ?? false)
        }
        if let words = try? CommandWord.split(before), words.count == 1, before.last?.isWhitespace == true {
            let family = CommandParser.group(words[0].text)
            if !family.isEmpty { return family.map { $0.nameWords[1] } }
        }
        return pipelineCandidates(before)
    }

    /// `.mode <Tab>` → table, csv, markdown.
    private func settingValues(_ text: String) -> [String] {
        let text = String(text.drop { $0.isWhitespace })
        let name = String(text.prefix { !$0.isWhitespace })
        guard text.count > name.count, let setting = Self.settingList.first(where: { $0.name == name }) else { return [] }
        return setting.values.split(separator: "|").map(String.init).filter { $0 != "N" }
    }

    /// What may come next after a command's words: its next argument's values, its keywords
    /// and its options (`trees=`); after a keyword, that argument's values; after `name=`, the
    /// option's values.
    private func commandCandidates(_ command: Command, after words: [CommandWord], word: String, spaceBefore: Bool) -> [String] {
        if let equals = word.firstIndex(of: "="), let option = command.option(String(word[..<equals])) {
            switch option.kind {
            case .choice(let values), .numberOrChoice(_, let values): return values.map { option.name + "=" + $0 }
            default: return []
            }
        }
        if let last = words.last, !last.quoted, let argument = command.keywordArgument(last.text) {
            return values(of: argument, command: command, words: words)
        }
        var positional = command.arguments.filter { $0.keyword == nil }[...]
        var i = 0
        while i < words.count {
            if words[i].option != nil { i += 1; continue }
            if command.keywordArgument(words[i].text) != nil { i += 2; continue }
            if let next = positional.first, next.kind == .columns || next.kind == .patterns || next.kind == .text {
                // Lists run on: keep offering their values.
                break
            }
            _ = positional.popFirst()
            i += 1
        }
        var out: [String] = []
        if let next = positional.first { out += values(of: next, command: command, words: words) }
        out += command.arguments.compactMap(\.keyword)
        out += command.options.map { $0.name + "=" }
        return out
    }

    private func values(of argument: Argument, command: Command, words: [CommandWord]) -> [String] {
        switch argument.kind {
        case .table: return engine.tableNames
        case .source: return engine.tableNames + ["from"]
        case .column, .columns, .patterns:
            // The columns of the table the command names (its target, or `on`), else the training table.
            let named = words.first { engine.tableNames.contains($0.text) }?.text ?? "application_train"
            return (try? engine.table(named: named).names) ?? []
        case .choice(let values): return values
        case .text where command.name == "help":
            return Command.all.map(\.name) + Command.firstWords + Parser.verbs + Functions.all.map(\.name) + ["functions", "commands"]
        case .path, .client, .integer, .name, .text: return []
        }
    }

    /// In a pipeline: only steps right after `|`, else the columns in scope at that point
    /// (as earlier steps made them), functions and the expression keywords.
    private func pipelineCandidates(_ before: String) -> [String] {
        let steps = Self.topLevelSteps(before)
        let current = steps.last ?? ""
        let currentWords = current.split(whereSeparator: { " \t\n(),".contains($0) })
        if currentWords.isEmpty { return Parser.verbs }
        let verb = currentWords[0].lowercased()
        if currentWords.count == 1, before.last.map({ !$0.isWhitespace }) == true { return Parser.verbs + engine.tableNames }
        if verb == "from" || verb == "join" { return engine.tableNames + ["inner", "left", "on"] }
        let columns = columnsInScope(Array(steps.dropLast()))
        if verb == "sort" { return columns + columns.map { "-" + $0 } }
        return columns + Functions.all.map { $0.name + "(" } + ["and", "or", "not", "in", "between", "is", "missing", "by", "with", "if", "then", "else", "case", "when", "end"]
    }

    /// The columns a pipeline's finished steps leave, followed step by step (derive adds,
    /// select keeps, group and aggregate replace, join adds the right table's).
    func columnsInScope(_ steps: [String]) -> [String] {
        var columns: [String] = []
        for step in steps {
            let text = step.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let pipeline = try? Parser.parse("from _x | " + text) else {
                if let table = Self.tableAfter("from", in: text) { columns = (try? engine.table(named: table).names) ?? [] }
                continue
            }
            guard case .pipeline(let p) = pipeline, p.steps.count == 2 else { continue }
            switch p.steps[1] {
            case .from(let ref): columns = (try? engine.table(named: ref.name).names) ?? []
            case .derive(let assignments): for a in assignments where !columns.contains(a.name) { columns.append(a.name) }
            case .select(let items):
                var kept: [String] = []
                for item in items {
                    if case .column(let name, let rename, _) = item {
                        kept += name.contains("*") ? ColumnPattern.matching(name, in: columns) : [rename ?? name]
                    }
                }
                let exclusions = items.compactMap { if case .exclude(let name, _) = $0 { name } else { nil } }
                if kept.isEmpty { kept = columns }
                columns = kept.filter { name in !exclusions.contains { ColumnPattern.matching($0, in: [name]).count == 1 } }
            case .group(let keys, let aggregates): columns = keys.map(\.name) + aggregates.compactMap(\.name)
            case .aggregate(let aggregates): columns = aggregates.compactMap(\.name)
            case .prefix(let prefix, _): columns = columns.map { $0.hasPrefix("SK_ID_") ? $0 : prefix + $0 }
            case .distinct(let keys) where !keys.isEmpty: columns = keys.map(\.name)
            case .join(let ref, _, _):
                let right = (try? engine.table(named: ref.name).names) ?? []
                columns += right.map { columns.contains($0) ? $0 + "_right" : $0 }
            default: break
            }
        }
        return columns
    }

    /// The pipeline's steps split at `|` outside quotes and brackets.
    static func topLevelSteps(_ text: String) -> [String] {
        var steps: [String] = [""]
        var depth = 0
        var quote: Character?
        for ch in text {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == "(" || ch == "{" {
                depth += 1
            } else if ch == ")" || ch == "}" {
                depth -= 1
            } else if ch == "|" && depth <= 0 {
                steps.append("")
                continue
            }
            steps[steps.count - 1].append(ch)
        }
        return steps
    }

    private static func tableAfter(_ keyword: String, in text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, words[0].lowercased() == keyword else { return nil }
        return String(words[1])
    }

    /// Inside a quote opened after `COLUMN ==` (or `!=`, `in (`): the column's levels, as
    /// `'Cash loans'` completes from `'Ca`. Nil when the quote is not a label of a column.
    private func levelsInQuotes(_ before: String) -> [String]? {
        let quotes = before.filter { $0 == "'" || $0 == "\"" }.count
        guard quotes % 2 == 1, let open = before.lastIndex(where: { $0 == "'" || $0 == "\"" }) else { return nil }
        let quote = before[open]
        var head = String(before[..<open]).trimmingCharacters(in: .whitespaces)
        // `in ('a', 'b', 'c` : step back over the earlier labels to the column.
        if let paren = head.range(of: " in (", options: .backwards) { head = String(head[..<paren.lowerBound]) + " ==" }
        for op in ["==", "!=", "="] where head.hasSuffix(op) {
            let column = head.dropLast(op.count).trimmingCharacters(in: .whitespaces).split(whereSeparator: { " \t\n(".contains($0) }).last.map(String.init) ?? ""
            let steps = Self.topLevelSteps(before)
            let source = Self.tableAfter("from", in: steps.first?.trimmingCharacters(in: .whitespaces) ?? "")
            let tables = ([source].compactMap { $0 } + engine.tableNames)
            for name in tables {
                // The closing quote comes with the label, so the statement reads on.
                if let c = try? engine.table(named: name)[column], c.type == .category { return c.levels.sorted().map { $0 + String(quote) } }
            }
            return nil
        }
        return nil
    }

    /// Inside an open quote, or after a command that takes a file, the word is a path.
    static func wantsPath(before text: String, words: [String]) -> Bool {
        let quotes = text.filter { $0 == "'" || $0 == "\"" }.count
        if quotes % 2 == 1 { return true }
        guard let first = words.first else { return false }
        if [".output", ".once"].contains(first) { return words.count == 1 }
        guard let split = try? CommandWord.split(words.joined(separator: " ")), let (command, length) = CommandParser.command(for: split) else { return false }
        // The next positional argument is a path.
        let next = command.arguments.filter { $0.keyword == nil }.dropFirst(split.count - length).first
        return next?.kind == .path
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
            _ = FileManager.default.fileExists(atPath: (expanded.isEmpty ? "" : expanded) + name, isDirectory: &isFolder)
            return folder + name + (isFolder.boolValue ? "/" : "")
        }
    }
    public static func continues(_ text: String) -> Bool { ScriptSplitter.continues(text) }
}
