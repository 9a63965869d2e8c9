import Foundation
import Testing

/// Golden-file comparison: the text must equal `Snapshots/<name>.txt` byte for byte.
/// `RECORD_SNAPSHOTS=1 swift test --filter PlotsTests` writes the files instead (read them
/// before committing them).
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = Data((text + "\n").utf8)
        if recording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try actual.write(to: url)
            } catch {
                Issue.record("could not write \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no snapshot \(name).txt; run with RECORD_SNAPSHOTS=1 to write it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("""
                snapshot \(name) differs
                --- expected
                \(String(decoding: expected, as: UTF8.self))
                --- actual
                \(text)
                """, sourceLocation: sourceLocation)
        }
    }
}
