import Foundation

/// Runs a script: statements one after another, as if typed, stopping at the first error
/// (unless `keepGoing`) with `file:line:col`.
///
/// A statement continues on the next line when its line ends with `|` or leaves a bracket
/// open (as in the shell), or when the next line starts with `|`. Lines starting with `#` or
/// `--` are comments; those just before a statement become its prose in a notebook. An
/// optional `version N` line refuses scripts written for a newer language. `$name` and
/// `${name}` are replaced by parameters from the command line (`name=value`) or from a
/// `param name = default` line.
public struct ScriptRunner {
    public let driver: Driver
    public var parameters: [String: String] = [:]
    /// Report each error and go on with the next statement.
    public var keepGoing = false
    /// Called with each statement before it runs (`--echo`).
    public var echo: ((String) -> Void)?

    public init(driver: Driver) { self.driver = driver }

    /// A statement that failed, located in its script.
    public struct Failure: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var text: String
        public var error: SessionError

        public var description: String {
            let caret = String(repeating: " ", count: max(column - 1, 0)) + String(repeating: "^", count: min(error.length, max(1, text.count - column + 1)))
            let help = error.help.map { "\nhelp: \($0)" } ?? ""
            return "\(file):\(line):\(column): error: \(error.message)\n  \(text)\n  \(caret)" + help
        }
    }

    /// Runs `source`, the text of `file`. Returns the failures reported (only with
    /// `keepGoing`, through `report`); throws the first one otherwise.
    @discardableResult
    public func run(source: String, file: String, report: (Failure) -> Void) throws(Failure) -> [Failure] {
        var failures: [Failure] = []
        var parameters = self.parameters
        // A comment before a `param` or `version` line introduces the statement after it.
        var carried: String?
        for statement in ScriptStatement.split(source) {
            var ran: String?
            do {
                let text = try statement.substituting(parameters)
                ran = text
                if let (name, value) = try statement.parameterDefault(text) {
                    if parameters[name] == nil { parameters[name] = value }
                    carried = carried ?? statement.note
                    continue
                }
                if try statement.isVersionLine(text) {
                    carried = carried ?? statement.note
                    continue
                }
                echo?(text)
                let note = [carried, statement.note].compactMap { $0 }.joined(separator: "\n\n")
                carried = nil
                try driver.run(text, note: note.isEmpty ? nil : note)
            } catch {
                let failure = statement.locate(error, file: file, ran: ran)
                // Ctrl-C stops the whole script, whatever `keepGoing` says.
                guard keepGoing, error.message != "cancelled" else { throw failure }
                report(failure)
                failures.append(failure)
            }
        }
        return failures
    }

    /// `name=value` command-line words as parameters.
    /// A script's text; `failure` turns the reason it cannot be read into the caller's error.
    public static func read(_ path: String, failure: (String) -> SessionError) throws(SessionError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            throw failure(!exists ? "no script '\(path)'" : isFolder.boolValue ? "'\(path)' is a folder, not a script" : "cannot read script '\(path)' (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure("script '\(path)' is not UTF-8 text")
        }
        return text
    }

    public static func parameters(_ words: [String]) throws(SessionError) -> [String: String] {
        var result: [String: String] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex,
                  ScriptStatement.isName(word[..<equals]) else {
                throw SessionError("'\(word)' is not a parameter; write name=value", length: word.count)
            }
            result[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return result
    }
}
