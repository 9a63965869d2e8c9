import Foundation
import Tables

/// `log FILE`: every statement and its output appended as it happens, so a crash or Ctrl-C
/// keeps everything up to the last statement.
final class LogFile {
    let path: String
    private let handle: FileHandle

    /// Whether the file held a log already (it is appended to, never truncated).
    let appending: Bool
    /// The first write error, reported once on the statement that hit it.
    private(set) var failure: String?
    private var reported = false

    init(path: String) throws {
        appending = FileManager.default.fileExists(atPath: path)
        if !appending {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw FileError(path: path, reason: FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
                                ? "cannot create the file" : "the folder does not exist")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw FileError(path: path, reason: "cannot open the file for writing") }
        _ = try? handle.seekToEnd()
        self.path = path
        self.handle = handle
    }

    /// The write error not yet reported, if any (then it is reported once).
    func takeFailure() -> String? {
        guard let failure, !reported else { return nil }
        reported = true
        return failure
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
        do { try handle.write(contentsOf: Data(text.utf8)) } catch {
            if failure == nil { failure = "the log \(path) could not be written (\(error.localizedDescription)): it stops here" }
        }
    }
}
