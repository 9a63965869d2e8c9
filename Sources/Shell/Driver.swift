import Foundation
import Plots
import Tables

/// Runs statements for a front end (the interactive shell, a script, `-c`): the session's own
/// statements, plus those about the session as a whole — where results go (`.output`,
/// `.once`), `history`, `save script`, `log`, `notebook` and `source`.
///
/// Everything that ran is kept in `transcript`, so a session can become a script or a notebook.
public final class Driver {
    public let session: Session
    public private(set) var transcript = Transcript()
    /// Prints to the screen (standard output).
    private let screen: (String) -> Void
    /// Prints warnings that must not mix with CSV or Markdown output (standard error).
    private let warn: (String) -> Void
    /// Whether the screen is a terminal: decides `.color auto`.
    private let screenIsTerminal: Bool
    private let environment: [String: String]
    /// `.output FILE`: everything sent there so far, rewritten atomically after each result.
    private var outputFile: (path: String, text: String)?
    /// `.once FILE`: the next result only.
    private var oncePath: String?
    private var log: LogFile?
    /// The scripts `source` is running, outermost first (resolved paths): statements they run
    /// are not numbered as typed, and a script that would source itself again is refused.
    private var sourcing: [String] = []
    /// How deep `source` may nest, far beyond real use and well inside the stack.
    static let maximumSourceDepth = 32

    public init(session: Session, screenIsTerminal: Bool = false,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                screen: @escaping (String) -> Void = { print($0) },
                warn: @escaping (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.warn = warn
        self.session = session
        self.screenIsTerminal = screenIsTerminal
        self.environment = environment
        self.screen = screen
    }

    /// Whether messages on a stream that is (or is not) a terminal may be coloured.
    public func colorAllowed(isTerminal: Bool) -> Bool {
        switch session.colorChoice {
        case .on: true
        case .off: false
        case .auto: TerminalSize.colorAllowed(requested: true, isTerminal: isTerminal, environment: environment)
        }
    }

    /// Runs one statement and sends its output where it should go. `note` is the comment that
    /// came before it in a script, kept for notebooks. Errors are recorded, then thrown.
    public func run(_ statement: String, note: String? = nil) throws(SessionError) {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        let destination = oncePath ?? outputFile?.path
        session.colorOutput = destination == nil && colorAllowed(isTerminal: screenIsTerminal)
        var entry = Transcript.Entry(number: nil, statement: trimmed, output: "", failed: false,
                                     destination: nil, note: note, isMeta: Self.isMeta(trimmed))
        do {
            // The statement as given: error columns count from its first character.
            let output = try execute(statement)
            for warning in session.warnings { warn("warning: \(warning)") }
            entry.output = output
            if !output.isEmpty {
                entry.destination = try send(output)
            }
        } catch {
            entry.output = error.rendered(statement: statement)
            entry.failed = true
            record(entry)
            throw error
        }
        record(entry)
    }

    private func record(_ entry: Transcript.Entry) {
        var entry = entry
        entry.output = Transcript.plain(entry.output)
        log?.write(entry)
        transcript.append(entry, typed: sourcing.isEmpty)
    }

    /// Statements about the session rather than the data.
    static func isMeta(_ statement: String) -> Bool {
        let words = statement.split(whereSeparator: \.isWhitespace).prefix(2).map(String.init)
        // `save model` is part of the analysis, `save script` only about the session.
        if words.first == "save" { return words.count == 2 && words[1] == "script" }
        return ["history", "log", "notebook"].contains(words.first ?? "")
    }

    private func execute(_ statement: String) throws(SessionError) -> String {
        let words = statement.split(whereSeparator: \.isWhitespace).map(String.init)
        switch words[0] {
        case ".output":
            guard words.count <= 2 else { throw SessionError("usage: .output [FILE]", column: 9) }
            outputFile = words.count == 2 ? (unquoted(words[1]), "") : nil
            if let outputFile { try writeAtomically("", to: outputFile.path, column: 9) }
            return ""
        case ".once":
            guard words.count == 2 else { throw SessionError("usage: .once FILE", column: 1, length: 5) }
            oncePath = unquoted(words[1])
            return ""
        case "history": return historyListing()
        case "save" where words.count < 2 || words[1] != "model":
            guard words.count >= 3, words[1] == "script" else {
                throw SessionError("usage: save script FILE [range] | save model FILE [lightgbm]", column: 1, length: 4, help: "save script analysis.cx 3-17")
            }
            return try saveScript(to: unquoted(words[2]), range: words.count > 3 ? words[3] : nil, statement: statement)
        case "log": return try startLog(words)
        case "notebook":
            guard words.count == 2 else { throw SessionError("usage: notebook FILE.md", column: 1, length: 8) }
            let path = unquoted(words[1])
            try writeAtomically(notebook(), to: path, column: 10)
            return "notebook written to \(path) (\(transcript.entries.filter { !$0.isMeta }.count) statements)"
        case "source":
            guard words.count >= 2 else { throw SessionError("usage: source FILE [name=value …]", column: 1, length: 6) }
            return try source(unquoted(words[1]), arguments: Array(words.dropFirst(2)))
        default:
            return try session.run(statement)
        }
    }

    /// Sends a result to the `.once` file, the `.output` file or the screen; returns the file.
    private func send(_ text: String) throws(SessionError) -> String? {
        if let path = oncePath {
            oncePath = nil
            try writeAtomically(text + "\n", to: path, column: 1)
            return path
        }
        if var file = outputFile {
            file.text += text + "\n"
            outputFile = file
            try writeAtomically(file.text, to: file.path, column: 1)
            return file.path
        }
        screen(text)
        return nil
    }

    /// The session as a Markdown notebook (see `Notebook`).
    public func notebook(title: String = "credit-explorer notebook", date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let tables = session.catalog.entries.map { ($0.name, $0.table) }
        return Notebook(title: title, dataDirectory: session.dataDirectory, tables: tables,
                        toolVersion: ToolVersion.tool, date: formatter.string(from: date)).markdown(transcript)
    }

    private func historyListing() -> String {
        let entries = transcript.numbered
        let width = String(entries.last?.number ?? 0).count
        return entries.map { entry in
            let number = String(entry.number ?? 0)
            let mark = entry.failed ? "!" : " "
            let text = entry.statement.split(separator: "\n").joined(separator: "\n" + String(repeating: " ", count: width + 3))
            return String(repeating: " ", count: width - number.count) + number + mark + "  " + text
        }.joined(separator: "\n")
    }

    /// Writes the statements typed so far (or those numbered in `range`, e.g. `3-17`) as a
    /// script, leaving out those that failed and those about the session itself.
    private func saveScript(to path: String, range text: String?, statement: String) throws(SessionError) -> String {
        let entries = transcript.numbered
        var wanted = 1...max(1, entries.count)
        if let text {
            guard let range = Self.parseRange(text, last: entries.count) else {
                throw SessionError("'\(text)' is not a range of statement numbers (1-\(entries.count))",
                                   column: statement.count - text.count + 1, length: text.count, help: "save script analysis.cx 3-17; `history` numbers the statements")
            }
            wanted = range
        }
        let kept = entries.filter { wanted.contains($0.number ?? 0) && !$0.failed && !$0.isMeta }
        var lines = ["# credit-explorer script saved from a session on \(session.dataDirectory ?? "no data")",
                     "version \(ToolVersion.language)", ""]
        lines += kept.map(\.statement)
        try writeAtomically(lines.joined(separator: "\n") + "\n", to: path, column: 13)
        return "saved \(kept.count) statement\(kept.count == 1 ? "" : "s") to \(path)"
    }

    /// `5`, `3-17`, `3-` (to the last) or `-10` (from the first).
    static func parseRange(_ text: String, last: Int) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { return nil }
        let lower = parts[0].isEmpty ? 1 : Int(parts[0])
        let upper = parts.count == 1 ? lower : (parts[1].isEmpty ? last : Int(parts[1]))
        guard let lower, let upper, lower >= 1, lower <= upper, upper <= last else { return nil }
        return lower...upper
    }

    private func startLog(_ words: [String]) throws(SessionError) -> String {
        guard words.count == 2 else { throw SessionError("usage: log FILE | log off", column: 1, length: 3) }
        if words[1] == "off" {
            guard let current = log else { return "no log is open" }
            log = nil
            return "log \(current.path) closed"
        }
        let path = unquoted(words[1])
        do { log = try LogFile(path: path) } catch {
            throw SessionError("cannot write the log: \(error)", column: 5, length: words[1].count)
        }
        return "logging statements and their output to \(path)"
    }

    /// Runs a script inside the session; the first error stops it, located in the script.
    private func source(_ path: String, arguments: [String]) throws(SessionError) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SessionError("cannot read script '\(path)'", column: 8, length: path.count)
        }
        let parameters: [String: String]
        do { parameters = try ScriptRunner.parameters(arguments) } catch {
            throw SessionError(error.description, column: 8 + path.count + 1)
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        if let first = sourcing.firstIndex(of: resolved) {
            let chain = (sourcing[first...] + [resolved]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " → ")
            throw SessionError("script cycle: \(chain) would run for ever", column: 8, length: path.count)
        }
        guard sourcing.count < Self.maximumSourceDepth else {
            throw SessionError("scripts nest more than \(Self.maximumSourceDepth) deep", column: 8, length: path.count)
        }
        sourcing.append(resolved)
        defer { sourcing.removeLast() }
        var runner = ScriptRunner(driver: self)
        runner.parameters = parameters
        do {
            _ = try runner.run(source: text, file: path) { _ in }
        } catch {
            throw SessionError(error.description)
        }
        return ""
    }

    private func writeAtomically(_ text: String, to path: String, column: Int) throws(SessionError) {
        do { try AtomicFile.write(Array(text.utf8), to: path) } catch {
            throw SessionError("cannot write '\(path)': \(error)", column: column, length: path.count)
        }
    }

    private func unquoted(_ word: String) -> String {
        if word.count >= 2, let first = word.first, first == "'" || first == "\"", word.last == first {
            return String(word.dropFirst().dropLast())
        }
        return word
    }
}
