import Tables

/// Reads a statement as a command of `Command.all`: finds the command by its first words, then
/// reads its arguments, keyword arguments, `if` condition and options as it declares them.
/// Every error points at the word it is about and speaks the names the user types.
enum CommandParser {
    /// The command the statement starts with and how many words its name takes, or nil when
    /// the first word names no command (the statement is then a pipeline).
    static func command(for words: [CommandWord], in commands: [Command] = Command.all) -> (Command, Int)? {
        var best: (Command, Int)?
        for command in commands {
            let name = command.nameWords
            guard name.count <= words.count, (best?.1 ?? 0) < name.count else { continue }
            if zip(name, words).allSatisfy({ $1.isKeyword($0) }) { best = (command, name.count) }
        }
        return best
    }

    /// The commands whose name starts with `word` and goes on (`fit` → `fit gbdt`, …).
    static func group(_ word: String, in commands: [Command] = Command.all) -> [Command] {
        commands.filter { $0.nameWords.count > 1 && $0.nameWords[0] == word.lowercased() }
    }

    /// The statement as an invocation, or nil when it is not a command.
    static func parse(_ statement: String, commands: [Command] = Command.all) throws(SessionError) -> Invocation? {
        let words = try CommandWord.split(statement)
        guard let first = words.first else { return nil }
        guard let (command, nameLength) = command(for: words, in: commands) else {
            let family = group(first.text, in: commands)
            // `features | take 5`: a saved table that shares its name with a command family.
            guard !first.quoted, !family.isEmpty, !(words.count > 1 && words[1].text.hasPrefix("|")) else { return nil }
            let choices = family.map { $0.nameWords[1] }
            let second = words.count > 1 ? words[1] : nil
            let message = "`\(first.text.lowercased())` needs one of: \(choices.joined(separator: ", "))"
                + (second.map { NameSuggester.didYouMean(NameSuggester.nearest(to: $0.text, in: choices)) } ?? "")
            throw SessionError(message, column: (second ?? first).start + 1, length: ((second ?? first).end - (second ?? first).start),
                               help: family.first.map { $0.examples[0] })
        }
        var invocation = Invocation(command: command, statement: statement)
        invocation.nameEnd = words[nameLength - 1].end
        var rest = Array(words[nameLength...])
        if command.takesCondition, let k = conditionStart(rest) {
            guard k + 1 < rest.count else {
                throw SessionError("`if` needs a condition", column: rest[k].start + 1, length: 2, help: "\(command.name) … if AMT_CREDIT > 500000")
            }
            // Options the command declares may follow the condition: `… if A > 1 top=5`.
            var end = rest.count
            while end > k + 2, let (name, _) = rest[end - 1].option, command.options.contains(where: { $0.name == name }) { end -= 1 }
            let start = rest[k + 1].start
            invocation.condition = (String(Array(statement)[start..<rest[end - 1].end]), start)
            rest = Array(rest[..<k]) + Array(rest[end...])
        }
        try read(rest, into: &invocation)
        for argument in command.arguments where !argument.optional && argument.keyword == nil && invocation.arguments[argument.name] == nil {
            throw SessionError("`\(command.name)` needs \(describe(argument))", column: invocation.nameEnd + 1,
                               length: 1, help: "usage: \(command.usage); example: \(command.examples[0])")
        }
        return invocation
    }

    /// The position of the `if` that starts the row condition: the first unquoted `if` with
    /// no `then` after it (an `if … then … else` inside a pipeline is an expression).
    static func conditionStart(_ words: [CommandWord]) -> Int? {
        for (k, word) in words.enumerated() where word.isKeyword("if") {
            if !words[(k + 1)...].contains(where: { $0.isKeyword("then") }) { return k }
        }
        return nil
    }

    private static func read(_ words: [CommandWord], into invocation: inout Invocation) throws(SessionError) {
        let command = invocation.command
        let statement = Array(invocation.statement)
        var positional = command.arguments.filter { $0.keyword == nil }[...]
        var i = 0
        while i < words.count {
            let word = words[i]
            if let (name, value) = word.option, positional.first?.kind != .text {
                try readOption(word, name: name, value: value, into: &invocation)
                i += 1
                continue
            }
            let argument: Argument
            if !word.quoted, let keyworded = command.keywordArgument(word.text) {
                guard i + 1 < words.count else {
                    throw SessionError("`\(word.text)` needs \(describe(keyworded))", column: word.end + 1, help: "usage: \(command.usage)")
                }
                argument = keyworded
                i += 1
            } else if let next = positional.popFirst() {
                argument = next
            } else {
                throw SessionError("unexpected '\(clipped(word.text))' after `\(command.name)`", column: word.start + 1, length: word.end - word.start,
                                   help: "usage: \(command.usage)")
            }
            let taken = try take(argument, from: words, at: i, statement: statement, command: command)
            invocation.arguments[argument.name] = taken.words
            i = taken.next
        }
    }

    /// Reads one argument's value(s) starting at `words[i]`; returns them and the next index.
    private static func take(_ argument: Argument, from words: [CommandWord], at i: Int, statement: [Character], command: Command) throws(SessionError) -> (words: [CommandWord], next: Int) {
        let word = words[i]
        func raw(from a: Int, to b: Int) -> CommandWord {
            CommandWord(text: String(statement[words[a].start..<words[b].end]), quoted: false, start: words[a].start, end: words[b].end, equals: nil)
        }
        func stops(_ w: CommandWord) -> Bool { !w.quoted && (command.keywordArgument(w.text) != nil || w.option != nil) }
        switch argument.kind {
        case .source where word.isKeyword("from"):
            return ([raw(from: i, to: words.count - 1)], words.count)
        case .text:
            return ([raw(from: i, to: words.count - 1)], words.count)
        case .columns, .patterns:
            var j = i
            var out: [CommandWord] = []
            while j < words.count, j == i || !stops(words[j]) {
                out += pieces(of: words[j])
                j += 1
            }
            guard !out.isEmpty else { throw SessionError("`\(argument.name)` needs column names", column: word.start + 1) }
            return (out, j)
        case .choice(let values):
            guard values.contains(word.text.lowercased()) else {
                throw SessionError("`\(command.name)` takes \(values.joined(separator: ", ")) here, not '\(clipped(word.text))'"
                                   + NameSuggester.didYouMean(NameSuggester.nearest(to: word.text, in: values)),
                                   column: word.start + 1, length: word.end - word.start, help: "usage: \(command.usage)")
            }
            var lowered = word
            lowered.text = word.text.lowercased()
            return ([lowered], i + 1)
        case .client:
            guard Int64(word.text) != nil else {
                throw SessionError("a client is named by its SK_ID_CURR, a whole number, not '\(clipped(word.text))'", column: word.start + 1,
                                   length: word.end - word.start, help: "\(command.name) 100002")
            }
            return ([word], i + 1)
        case .integer:
            guard Int(word.text) != nil else {
                throw SessionError("\(argument.name) is a whole number, not '\(clipped(word.text))'", column: word.start + 1, length: word.end - word.start,
                                   help: "usage: \(command.usage)")
            }
            return ([word], i + 1)
        default:
            return ([word], i + 1)
        }
    }

    /// `a,b,c` as three words with their own offsets (a quoted word stays whole).
    private static func pieces(of word: CommandWord) -> [CommandWord] {
        guard !word.quoted, word.text.contains(",") else { return [word] }
        var out: [CommandWord] = []
        var offset = word.start
        for part in word.text.split(separator: ",", omittingEmptySubsequences: false) {
            if !part.isEmpty { out.append(CommandWord(text: String(part), quoted: false, start: offset, end: offset + part.count, equals: nil)) }
            offset += part.count + 1
        }
        return out
    }

    private static func readOption(_ word: CommandWord, name: String, value: String, into invocation: inout Invocation) throws(SessionError) {
        let command = invocation.command
        if command.takesAnyOption {
            invocation.freeOptions.append((name, value))
            return
        }
        guard let option = command.option(name) else {
            let known = command.options.map(\.name)
            let hint = known.isEmpty ? "`\(command.name)` takes no options" : "`\(command.name)` options: \(known.joined(separator: ", "))"
            throw SessionError("unknown option `\(clipped(name))`" + NameSuggester.didYouMean(NameSuggester.nearest(to: name, in: known)).replacingOccurrences(of: "'", with: "`"),
                               column: word.start + 1, length: name.count, help: hint)
        }
        if let problem = option.problem(with: value) {
            let at = word.valueStart ?? word.start
            throw SessionError("\(name)=\(clipped(value)): \(problem)", column: at + 1, length: max(1, word.end - at), help: "\(option.name): \(option.help)")
        }
        guard invocation.options[option.name] == nil else {
            throw SessionError("`\(option.name)` is given twice", column: word.start + 1, length: word.end - word.start)
        }
        var normalised = word
        normalised.text = option.name + "=" + (Self.isChoice(option) && value.rangeOfCharacter(from: .letters) != nil ? value.lowercased() : value)
        invocation.options[option.name] = normalised
    }

    private static func isChoice(_ option: Option) -> Bool {
        switch option.kind {
        case .choice, .numberOrChoice: true
        default: false
        }
    }

    static func describe(_ argument: Argument) -> String {
        let what: String
        switch argument.kind {
        case .choice(let values): what = "one of \(values.joined(separator: ", "))"
        case .table: what = "a table"
        case .source: what = "a table or `from … | …`"
        case .column: what = "a column"
        case .columns, .patterns: what = "column names"
        case .client: what = "a client (SK_ID_CURR)"
        case .path: what = "a file"
        case .integer: what = "a whole number"
        case .name: what = "a name"
        case .text: what = "more words"
        }
        return what + " (\(argument.name))"
    }

    /// Long words are cut in messages: an error never echoes a megabyte.
    static func clipped(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }
}

import Foundation
