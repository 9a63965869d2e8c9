/// A CSV file that cannot be read, located as precisely as the problem allows.
public struct CSVError: Error, Equatable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case cannotOpen(reason: String)
        case emptyFile
        case duplicateHeader(String)
        case unterminatedQuote
        case textAfterQuote(column: String)
        case fieldCount(expected: Int, found: Int)
        case badValue(column: String, text: String, expected: String)
        /// A byte-order mark of UTF-16 or UTF-32: the file must be converted to UTF-8.
        case wideEncoding(String)
        /// One column in the header, but the line is cut by another delimiter.
        case otherDelimiter(String)
        /// Another process wrote or truncated the file while it was read.
        case changedWhileReading
    }

    public var file: String
    /// 1-based line where the offending row starts; the header is line 1.
    public var line: Int?
    public var problem: Problem

    public init(file: String, line: Int? = nil, problem: Problem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(reason)"
    }

    /// The problem alone, without the location.
    public var reason: String {
        switch problem {
        case .cannotOpen(let reason): "cannot open: \(reason)"
        case .emptyFile: "the file is empty (no header row)"
        case .duplicateHeader(let name): "the header names column '\(name)' twice"
        case .unterminatedQuote: "a quoted field is never closed (missing \")"
        case .textAfterQuote(let column): "column \(column): text after the closing quote"
        case .fieldCount(let expected, let found):
            "expected \(expected) fields as in the header, found \(found)"
        case .badValue(let column, let text, let expected):
            "column \(column): '\(Self.clip(text))' is not \(expected)"
        case .wideEncoding(let encoding):
            "the file is \(encoding) (it starts with that byte-order mark): convert it to UTF-8, e.g. `iconv -f \(encoding) -t UTF-8`"
        case .changedWhileReading:
            "the file changed while it was read (another process wrote or truncated it): read it again once it is complete"
        case .otherDelimiter(let delimiter):
            "the header is one column cut by \(delimiter): the file looks delimited by \(delimiter), not commas; convert it to comma-separated values"
        }
    }

    private static func clip(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(37)) + "..."
    }
}
