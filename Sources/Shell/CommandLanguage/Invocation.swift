/// A command as the user wrote it, read against its declaration: the values of its
/// arguments and options, each with where it was written, so that any later error can point
/// at the exact word.
struct Invocation {
    let command: Command
    let statement: String
    /// Argument values by name: one word, or several for `.columns`/`.patterns`.
    var arguments: [String: [CommandWord]] = [:]
    /// Options by name as written (`trees=300` → "trees": "300").
    var options: [String: CommandWord] = [:]
    /// `source`'s parameters, in order.
    var freeOptions: [(name: String, value: String)] = []
    /// The `if` condition and its 0-based offset in the statement.
    var condition: (text: String, offset: Int)?
    /// Where the command's name ends: a missing argument is reported there.
    var nameEnd = 0

    /// The argument's single value, or nil when it was not given.
    func value(_ name: String) -> String? { arguments[name]?.first?.text }

    /// The argument's values (columns, patterns).
    func values(_ name: String) -> [String] { arguments[name]?.map(\.text) ?? [] }

    /// The words of an argument, for its offset and text as written.
    func word(_ name: String) -> CommandWord? { arguments[name]?.first }

    /// An error pointing at an argument (or the option of that name), else at the command.
    func error(_ message: String, at name: String? = nil, help: String? = nil) -> SessionError {
        if let name, let words = arguments[name], let first = words.first, let last = words.last {
            return SessionError(message, column: first.start + 1, length: last.end - first.start, help: help)
        }
        if let name, let word = options[name] {
            return SessionError(message, column: word.start + 1, length: word.end - word.start, help: help)
        }
        return SessionError(message, column: 1, length: nameEnd, help: help)
    }

    /// The option as text, or its declared default.
    func text(_ name: String) -> String {
        options[name]?.option?.value ?? command.option(name)?.defaultValue ?? ""
    }

    /// Whether the user wrote the option.
    func has(_ name: String) -> Bool { options[name] != nil }

    /// The option as a whole number (checked when the statement was read), or its default.
    func integer(_ name: String) -> Int { Int(text(name)) ?? 0 }

    /// The option as a number, or its default.
    func number(_ name: String) -> Double { Double(text(name)) ?? .nan }
}
