/// Runs statements from a script file, one per line, stopping at the first error.
///
/// Lines starting with `#` or `--` are comments. The error names `file:line:col`.
public struct ScriptRunner {
    public let session: Session

    public init(session: Session) { self.session = session }

    public struct Failure: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var text: String
        public var error: SessionError

        public var description: String {
            let caret = String(repeating: " ", count: max(column - 1, 0)) + String(repeating: "^", count: error.length)
            let help = error.help.map { "\nhelp: \($0)" } ?? ""
            return "\(file):\(line):\(column): error: \(error.message)\n  \(text)\n  \(caret)" + help
        }
    }

    /// Runs `source` (the text of `file`), sending each statement's output to `output`.
    public func run(source: String, file: String, output: (String) -> Void) throws(Failure) {
        for (index, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("--") { continue }
            do {
                let text = try session.run(String(trimmed))
                if !text.isEmpty { output(text) }
            } catch {
                let indent = line.count - trimmed.count
                throw Failure(file: file, line: index + 1, column: indent + (error.column ?? 1), text: line, error: error)
            }
        }
    }
}
