import Foundation
import Plots
import Query
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
    /// Whether long statements draw their progress on standard error: set by a front end
    /// whose standard error is a terminal.
    public var showsProgress = false
    /// How deep `source` may nest, far beyond real use and well inside the stack.
    static let maximumSourceDepth = 32

    public init(session: Session, screenIsTerminal: Bool = false,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                screen: @escaping (String) -> Void = { print($0) },
                warn: @escaping (String) -> Void = { fflush(nil); FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
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
        let statement = Session.withoutSemicolon(statement)
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        let destination = oncePath ?? outputFile?.path
        session.colorOutput = destination == nil && colorAllowed(isTerminal: screenIsTerminal)
        var entry = Transcript.Entry(number: nil, statement: trimmed, output: "", failed: false,
                                     destination: nil, note: note, isMeta: Self.isMeta(trimmed))
        do {
            // The statement as given: error columns count from its first character.
            let output = try withProgress { () throws(SessionError) in try execute(statement) }
            entry.output = output
            if !output.isEmpty {
                entry.destination = try send(output)
            }
            // After the output they are about; prose kept out of data output goes to standard
            // error, never into the file.
            for warning in session.warnings { warn(forScreen("warning: \(warning)")) }
            for note in session.notes { warn(forScreen(note)) }
        } catch {
            entry.output = error.rendered(statement: statement)
            entry.failed = true
            record(entry)
            throw error
        }
        record(entry)
    }

    /// Runs `body` with its progress drawn (when `showsProgress`), erased before any output.
    private func withProgress<T>(_ body: () throws(SessionError) -> T) throws(SessionError) -> T {
        let display = showsProgress ? ProgressDisplay(width: session.renderer.width, ascii: !session.unicode) : nil
        defer { display?.end() }
        return try body()
    }

    private func record(_ entry: Transcript.Entry) {
        var entry = entry
        entry.output = Transcript.plain(entry.output)
        log?.write(entry)
        if let failure = log?.takeFailure() { warn("warning: " + failure) }
        transcript.append(entry, typed: sourcing.isEmpty)
    }

    /// Statements about the session rather than the data (as their commands declare).
    static func isMeta(_ statement: String) -> Bool {
        guard let words = try? CommandWord.split(statement), let (command, _) = CommandParser.command(for: words) else { return false }
        return command.isMeta
    }

    private func execute(_ statement: String) throws(SessionError) -> String {
        let words = try CommandWord.split(statement)
        switch words.first?.text {
        case ".output":
            guard words.count <= 2 else { throw SessionError("usage: .output [FILE] (quote a path with spaces)", column: words[2].start + 1) }
            outputFile = words.count == 2 ? (words[1].text, "") : nil
            if let outputFile { try writeAtomically("", to: outputFile.path, column: words[1].start + 1) }
            return ""
        case ".once":
            guard words.count == 2 else { throw SessionError("usage: .once FILE (quote a path with spaces)", column: 1, length: 5) }
            oncePath = words[1].text
            return ""
        default:
            if let invocation = try CommandParser.parse(statement), invocation.command.needs == .frontEnd {
                return try invocation.command.execute(invocation, CommandContext(session: session, driver: self))
            }
            return try session.run(statement)
        }
    }

    /// `notebook FILE.md`: the session so far as a Markdown notebook.
    func writeNotebook(_ invocation: Invocation) throws(SessionError) -> String {
        let path = invocation.value("file") ?? ""
        try writeAtomically(notebook(), to: path, at: invocation)
        return "notebook written to \(path) (\(transcript.entries.filter { !$0.isMeta }.count) statements)"
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
        screen(forScreen(text))
        return nil
    }

    /// Text for the screen: in ASCII when the session is (a terminal that is not UTF-8, or
    /// `.charset ascii`). Files get the text as it is.
    public func forScreen(_ text: String) -> String {
        session.unicode ? text : ASCIIText.fallback(text)
    }

    /// The session as a Markdown notebook (see `Notebook`).
    public func notebook(title: String = "credit-explorer notebook", date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let tables = session.catalog.entries.map { ($0.name, $0.table) }
        return Notebook(title: title, dataDirectory: session.dataDirectory, tables: tables,
                        toolVersion: ToolVersion.tool, date: formatter.string(from: date)).markdown(transcript)
    }

    func historyListing() -> String {
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
    func saveScript(_ invocation: Invocation) throws(SessionError) -> String {
        let path = invocation.value("file") ?? ""
        let entries = transcript.numbered
        var wanted = 1...max(1, entries.count)
        if let text = invocation.value("range") {
            guard let range = Self.parseRange(text, last: entries.count) else {
                throw invocation.error("'\(text)' is not a range of statement numbers (1-\(entries.count))",
                                       at: "range", help: "save script analysis.cx 3-17; `history` numbers the statements")
            }
            wanted = range
        }
        let kept = entries.filter { wanted.contains($0.number ?? 0) && !$0.failed && !$0.isMeta }
        var lines = ["# credit-explorer script saved from a session on \(session.dataDirectory ?? "no data")",
                     "version \(ToolVersion.language)", ""]
        lines += kept.map(\.statement)
        try writeAtomically(lines.joined(separator: "\n") + "\n", to: path, at: invocation)
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

    func startLog(_ invocation: Invocation) throws(SessionError) -> String {
        let path = invocation.value("file") ?? ""
        if path == "off", invocation.word("file")?.quoted == false {
            guard let current = log else { return "no log is open" }
            log = nil
            return "log \(current.path) closed"
        }
        do { log = try LogFile(path: path) } catch {
            throw invocation.error("cannot write the log: \(error)", at: "file")
        }
        return "logging statements and their output to \(path)" + (log?.appending == true ? " (appending to what it holds)" : "")
    }

    /// Runs a script inside the session; the first error stops it, located in the script.
    func source(_ invocation: Invocation) throws(SessionError) -> String {
        let path = invocation.value("file") ?? ""
        let text = try ScriptRunner.read(path) { invocation.error($0, at: "file") }
        var parameters: [String: String] = [:]
        for (name, value) in invocation.freeOptions { parameters[name] = value }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        if let first = sourcing.firstIndex(of: resolved) {
            let chain = (sourcing[first...] + [resolved]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " \(session.arrow) ")
            throw invocation.error("script cycle: \(chain) would run for ever", at: "file")
        }
        guard sourcing.count < Self.maximumSourceDepth else {
            throw invocation.error("scripts nest more than \(Self.maximumSourceDepth) deep", at: "file")
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
            throw SessionError("cannot write '\(path)': \(AtomicFile.reason(error))", column: column, length: path.count)
        }
    }

    private func writeAtomically(_ text: String, to path: String, at invocation: Invocation) throws(SessionError) {
        do { try AtomicFile.write(Array(text.utf8), to: path) } catch {
            throw invocation.error("cannot write '\(path)': \(AtomicFile.reason(error))", at: "file")
        }
    }
}
