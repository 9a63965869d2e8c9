import Foundation
import Tables

/// `log FILE`: every statement and its output appended as it happens, so a crash or Ctrl-C
/// keeps everything up to the last statement.
final class LogFile {
    let path: String
    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw FileError(path: path, reason: "cannot create the file")
        }
        self.path = path
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// Appends a statement and its output (already free of colour codes).
    func write(_ entry: Transcript.Entry) {
        var text = Transcript.echoed(entry.statement, prompt: "credit> ") + "\n"
        if let destination = entry.destination {
            text += "(output written to \(destination))\n"
        } else if !entry.output.isEmpty {
            text += entry.output + "\n"
        }
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
