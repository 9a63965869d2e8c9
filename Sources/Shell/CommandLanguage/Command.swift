import Tables

/// A command of the shell, declared once: its file under `Commands/` says what it takes, and
/// parsing, error messages, `help`, Tab completion, the table in docs/language.md and the test
/// that runs every example all read this declaration.
///
/// Every command has one shape, Stata's: `name [target] [arguments] [if condition]
/// [option=value …]`, where keyword arguments (`by COLUMN`, `as NAME`) may come in any order
/// after the positional ones.
///
///     static let tab = Command(
///         name: "tab", summary: "frequencies, percentages and the TARGET rate per level",
///         arguments: [.init("table", .source, "the table (or `from … | …`)"),
///                     .init("column", .column, "the column to count"),
///                     .init("by", .column, "a second column for a two-way table", keyword: "by")],
///         takesCondition: true, examples: ["tab application_train NAME_EDUCATION_TYPE"]
///     ) { invocation, context in … }
struct Command: Sendable {
    /// One or two words: `fit gbdt`, `save model`, `score client`.
    var name: String
    var summary: String
    var arguments: [Argument] = []
    var options: [Option] = []
    /// Whether `if <condition>` restricts the rows it looks at.
    var takesCondition = false
    /// `source FILE name=value …`: options are the script's parameters, any name.
    var takesAnyOption = false
    /// Statements that run as written here, each on its own, on the bundled data.
    var examples: [String]
    /// What must exist before the command can run (the example test provides it).
    var needs: Prerequisite = .nothing
    /// About the session rather than the data (`history`, `log`): kept out of saved scripts
    /// and notebooks.
    var isMeta = false
    /// Longer prose for `help NAME`, after the usage.
    var details: String?
    /// Runs it (commands throw `SessionError`s; `execute` keeps that type for callers).
    var run: @Sendable (Invocation, CommandContext) throws -> String

    enum Prerequisite: Sendable {
        case nothing
        /// A current model with out-of-fold predictions (`fit`, then `cv`).
        case model
        /// A current scorecard (`fit scorecard`).
        case scorecard
        /// A feature table (`features build`).
        case features
        /// The front end (`Driver`): commands about the session's statements and files.
        case frontEnd
    }

    init(name: String, summary: String, arguments: [Argument] = [], options: [Option] = [], takesCondition: Bool = false,
         takesAnyOption: Bool = false, examples: [String], needs: Prerequisite = .nothing, isMeta: Bool = false, details: String? = nil,
         run: @escaping @Sendable (Invocation, CommandContext) throws -> String) {
        self.name = name
        self.summary = summary
        self.arguments = arguments
        self.options = options
        self.takesCondition = takesCondition
        self.takesAnyOption = takesAnyOption
        self.examples = examples
        self.needs = needs
        self.isMeta = isMeta
        self.details = details
        self.run = run
    }

    /// Runs the command on an invocation of it.
    func execute(_ invocation: Invocation, _ context: CommandContext) throws(SessionError) -> String {
        do { return try run(invocation, context) } catch let error as SessionError { throw error } catch { throw SessionError("\(error)") }
    }

    /// The words of the name.
    var nameWords: [String] { name.split(separator: " ").map(String.init) }

    /// How to write it, from the declaration: `tab <table> <column> [by <column>] [if <condition>]`.
    var usage: String {
        var parts = [name]
        for argument in arguments {
            // A keyword says what the argument is for; its placeholder says what it takes.
            let label = argument.keyword == nil ? argument.name : Self.placeholder(argument.kind)
            let placeholder: String
            switch argument.kind {
            case .choice(let values): placeholder = values.joined(separator: "|")
            case .columns, .patterns, .text: placeholder = "<\(label)…>"
            default: placeholder = "<\(label)>"
            }
            let written = argument.keyword.map { "\($0) \(placeholder)" } ?? placeholder
            parts.append(argument.optional || argument.keyword != nil ? "[\(written)]" : written)
        }
        if takesCondition { parts.append("[if <condition>]") }
        if takesAnyOption { parts.append("[name=value …]") }
        if !options.isEmpty { parts.append("[" + options.prefix(3).map { "\($0.name)=\($0.placeholder)" }.joined(separator: " ") + (options.count > 3 ? " …" : "") + "]") }
        return parts.joined(separator: " ")
    }

    private static func placeholder(_ kind: Argument.Kind) -> String {
        switch kind {
        case .table, .source: "table"
        case .column: "column"
        case .columns, .patterns: "column"
        case .client: "SK_ID_CURR"
        case .path: "file"
        case .integer: "N"
        case .name: "name"
        case .choice, .text: "value"
        }
    }

    /// The arguments written after a keyword (`by`, `as`, `on`…), by keyword.
    func keywordArgument(_ word: String) -> Argument? {
        arguments.first { $0.keyword == word.lowercased() }
    }

    func option(_ name: String) -> Option? { options.first { $0.name == name.lowercased() } }
}

/// A value a command takes by position (`tab <table> <column>`) or after a keyword (`by <column>`).
struct Argument: Sendable {
    enum Kind: Sendable, Equatable {
        /// A loaded table or a saved result.
        case table
        /// A table, or a pipeline `from … | …` running to the end (or to `if`).
        case source
        /// A column of the command's table.
        case column
        /// Columns, separated by spaces or commas, up to the next keyword or option.
        case columns
        /// Column names or patterns such as `AMT_*`, separated by commas.
        case patterns
        /// One of a fixed set of words.
        case choice([String])
        /// A client's SK_ID_CURR.
        case client
        /// A file path: one word, quoted when it holds spaces.
        case path
        /// A whole number.
        case integer
        /// A name the command gives (`as decisions`).
        case name
        /// Everything that follows, as written (`help …`, the plot step's arguments).
        case text
    }

    var name: String
    var kind: Kind
    var help: String
    /// The word that introduces it (`by`), or nil for a positional argument.
    var keyword: String?
    var optional: Bool

    init(_ name: String, _ kind: Kind, _ help: String, keyword: String? = nil, optional: Bool = false) {
        self.name = name
        self.kind = kind
        self.help = help
        self.keyword = keyword
        self.optional = optional
    }
}

/// A `name=value` setting of a command, with its type, default and allowed values.
struct Option: Sendable {
    enum Kind: Sendable, Equatable {
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case choice([String])
        /// A number in the range, or one of the words (`pos_weight=balanced`).
        case numberOrChoice(ClosedRange<Double>, [String])
        case text
    }

    var name: String
    var kind: Kind
    /// The default as the user would write it; "none" when there is none.
    var defaultValue: String
    var help: String

    init(_ name: String, _ kind: Kind, default defaultValue: String, _ help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }

    /// What a value looks like, for usage lines.
    var placeholder: String {
        switch kind {
        case .integer: "N"
        case .number: "X"
        case .choice(let values): values.joined(separator: "|")
        case .numberOrChoice(_, let values): "X|" + values.joined(separator: "|")
        case .text: "TEXT"
        }
    }

    /// Why `text` is not a value of this option, or nil when it is one.
    func problem(with text: String) -> String? {
        switch kind {
        case .integer(let range):
            guard let n = Int(text), range.contains(n) else { return "\(name) takes a whole number \(Self.describe(range))" }
        case .number(let range):
            guard let x = Double(text), x.isFinite, range.contains(x) else { return "\(name) takes a number \(Self.describe(range))" }
        case .choice(let values):
            guard values.contains(text.lowercased()) else {
                return "\(name) is one of \(values.joined(separator: ", "))" + NameSuggester.didYouMean(NameSuggester.nearest(to: text, in: values))
            }
        case .numberOrChoice(let range, let values):
            if values.contains(text.lowercased()) { return nil }
            guard let x = Double(text), x.isFinite, range.contains(x) else {
                return "\(name) takes a number \(Self.describe(range)) or \(values.joined(separator: ", "))"
            }
        case .text:
            guard !text.isEmpty else { return "\(name) needs a value" }
        }
        return nil
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == .max { return range.lowerBound == 0 ? "(0 or more)" : "from \(range.lowerBound) up" }
        return "from \(range.lowerBound) to \(range.upperBound)"
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        if range.upperBound == .greatestFiniteMagnitude { return range.lowerBound == 0 ? "(0 or more)" : "from \(range.lowerBound.plainText) up" }
        return "from \(range.lowerBound.plainText) to \(range.upperBound.plainText)"
    }
}

/// What a command runs against: the session, and the front end for commands about the
/// session's own statements and files (nil when a session runs on its own, as in tests).
struct CommandContext {
    let session: Session
    let driver: Driver?
}
