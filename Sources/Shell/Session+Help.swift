import Query
import Tables

/// `help` and `help <topic>`: every command (from its declaration), step, function, setting
/// and word of the language, each with an example that runs.
extension Session {
    static func help(_ invocation: Invocation) throws(SessionError) -> String {
        guard let topic = invocation.value("topic")?.trimmingCharacters(in: .whitespaces), !topic.isEmpty else { return help }
        let name = topic.lowercased()
        if name == "functions" {
            return Functions.all.map { "\($0.signature.padding(34))\($0.summary)\($0.isAggregate ? " (aggregate)" : "")" }
                .joined(separator: "\n")
        }
        if name == "commands" { return commandList }
        // A name can be several things (`log` the command, `log(x)` the function): show every meaning.
        var meanings: [String] = []
        if let command = Command.all.first(where: { $0.name == name }) {
            meanings.append(commandHelp(command))
        } else {
            let family = CommandParser.group(name)
            if !family.isEmpty {
                meanings.append("\(name) " + family.map { $0.nameWords[1] }.joined(separator: "|") + ":\n"
                    + family.map { "  \($0.name.padding(14))\($0.summary)" }.joined(separator: "\n")
                    + "\n  `help \(family[0].name)` for one, with its options")
            }
        }
        if let s = StepHelp.all.first(where: { $0.verb == name }) {
            meanings.append("\(s.usage)\n  \(s.summary)\n  example: \(s.example)")
        }
        if let f = Functions.all.first(where: { $0.name == name }) {
            meanings.append("\(f.signature)\n  \(f.summary)\n  example: \(f.example)")
        }
        if let setting = settingList.first(where: { $0.name == name || $0.name == "." + name }) {
            meanings.append("\(setting.name) \(setting.values)\n  \(setting.summary)")
        }
        if let (_, text) = LanguageHelp.words.first(where: { $0.0 == name }) {
            meanings.append(text)
        }
        if !meanings.isEmpty { return meanings.joined(separator: "\n\n") }
        let all = Command.all.map(\.name) + Command.firstWords + StepHelp.all.map(\.verb) + Functions.all.map(\.name)
            + settingList.map(\.name) + LanguageHelp.words.map(\.0) + ["functions", "commands"]
        throw invocation.error("no help on '\(CommandParser.clipped(topic))'" + NameSuggester.didYouMean(NameSuggester.nearest(to: topic, in: all)),
                               at: "topic", help: "`help` lists the commands, `help functions` the functions")
    }

    /// One command in full: usage, summary, arguments, options with defaults, examples.
    static func commandHelp(_ command: Command) -> String {
        var lines = [command.usage, "  " + command.summary]
        if let details = command.details { lines.append("  " + details) }
        let arguments = command.arguments.map { argument in (argument.keyword ?? "<\(argument.name)>", argument.help) }
        if !arguments.isEmpty {
            lines.append("arguments:")
            lines += arguments.map { "  \($0.0.padding(18))\($0.1)" }
        }
        if command.takesCondition { lines.append("  \("if <condition>".padding(18))only the rows where the condition holds (Stata's `if`)") }
        if command.takesAnyOption { lines.append("  \("name=value".padding(18))parameters of the script (`$name` in it)") }
        if !command.options.isEmpty {
            lines.append("options (default):")
            lines += command.options.map { "  \("\($0.name)=\($0.placeholder)".padding(24))\($0.help) (\($0.defaultValue))" }
        }
        switch command.needs {
        case .model: lines.append("works on the current model (`fit` or `load model` makes it)")
        case .scorecard: lines.append("works on the current scorecard (`fit scorecard` makes it)")
        case .features: lines.append("works on the features `features build` made")
        case .frontEnd, .nothing: break
        }
        lines += command.examples.map { "example: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Every command, one line each, from the declarations.
    static var commandList: String {
        let rows = Command.all.map { ($0.usage, $0.summary) }
        return rows.map { row in
            let usage = row.0.count > 44 ? String(row.0.prefix(43)) + "…" : row.0
            return usage.padding(46) + row.1
        }.joined(separator: "\n")
    }

    static var help: String {
        """
        Commands (`help <command>` for its arguments, options and examples):
        \(commandList)

        Settings are dot-commands: .help lists them (.timer, .mode, .output, …).

        Anything else is a pipeline, steps joined by | (or one per line):
          from application_train | filter AMT_CREDIT > 500000 | group NAME_CONTRACT_TYPE (n = count(), rate = mean(TARGET))
          let big = from application_train | filter AMT_CREDIT > 1000000
          from bureau | join bureau_balance | take 10
        Steps: \(Parser.verbs.joined(separator: ", ")) (plot last):
          from application_train | plot hist AMT_INCOME_TOTAL by TARGET bins 40 log
        `help functions` lists the functions; the last result is _, earlier ones _1, _2, …
        """
    }
}

extension Command {
    /// The commands as the Markdown table of docs/language.md (a test keeps the two equal).
    static var markdownTable: String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| command | how to write it | example | what it does |", "|---|---|---|---|"]
        for command in all {
            lines.append("| `\(command.name)` | `\(cell(command.usage))` | `\(cell(command.examples[0]))` | \(cell(command.summary)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Help for the words of the language that are neither commands, steps nor functions.
enum LanguageHelp {
    static let words: [(String, String)] = [
        ("let", "let NAME = <pipeline>\n  keeps a result under a name that later pipelines and commands can start from\n  example: let big = from application_train | filter AMT_CREDIT > 1000000"),
        ("param", "param NAME = value (in scripts)\n  a default for $NAME, which `run FILE NAME=value` or `source FILE NAME=value` overrides\n  example: param month = 12"),
        ("version", "version 1 (in scripts)\n  the language version a script was written for; a newer one is refused, not misread"),
        ("if", "… if <condition>  (describe, tab, corr): only the rows where the condition holds\nif c then a else b  (expressions): a where c holds, else b (a missing c takes b, as SQL's CASE)\n  example: tab application_train NAME_CONTRACT_TYPE if AMT_CREDIT > 500000"),
        ("case", "case when c1 then a when c2 then b else z end\n  the first branch whose condition holds (a missing condition moves on, as in SQL)\n  example: from application_train | derive band = case when AMT_CREDIT < 300000 then 'low' else 'high' end | group band (n = count())"),
        ("between", "x between a and b: a ≤ x ≤ b\n  example: from application_train | filter AMT_CREDIT between 200000 and 300000 | aggregate n = count()"),
        ("contains", "text contains 'part' (also starts_with, ends_with): ignores case; '' matches every present value\n  example: from application_train | filter ORGANIZATION_TYPE contains 'trade' | aggregate n = count()"),
        ("missing", "missing values: `x is missing`, `x is not missing`; fill(x, v) replaces them; arithmetic with a missing input is missing; aggregates skip them\n  example: from application_train | filter EXT_SOURCE_1 is missing | aggregate n = count()"),
        ("in", "x in (a, b, …), x not in (…)\n  example: from application_train | filter NAME_INCOME_TYPE in ('Working', 'Pensioner') | aggregate n = count()"),
        ("models", "model kinds: fit gbdt (gradient-boosted trees), fit logistic, fit scorecard; `help fit gbdt` lists every option with its default"),
    ]
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
