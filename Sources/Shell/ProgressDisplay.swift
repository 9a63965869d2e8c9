import Dispatch
import Foundation
import Tables

/// Draws the running statement's `Progress` on standard error (a terminal): nothing for the
/// first half second, then a bar with the count, the elapsed time and an estimate of the time
/// left, redrawn ten times a second and erased when the statement ends. Files, notebooks and
/// pipes never see it: the front end only starts one when standard error is a terminal.
final class ProgressDisplay: @unchecked Sendable {
    private let queue = DispatchQueue(label: "credit-explorer.progress")
    private let timer: any DispatchSourceTimer
    private let started = DispatchTime.now()
    private let width: Int
    /// `#` and `.` for the bar on a terminal that is not UTF-8.
    private let ascii: Bool
    /// Touched only on `queue`.
    private var drawn = false

    init(width: Int, ascii: Bool = false) {
        self.width = max(40, width)
        self.ascii = ascii
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 0.5, repeating: 0.1)
        timer.setEventHandler { [unowned self] in draw() }
        timer.resume()
    }

    /// One line: `[██████░░░░░░]  120/300 trees  3.2 s, about 4.8 s left`.
    static func line(done: Int, total: Int, unit: String, seconds: Double, width: Int, ascii: Bool = false) -> String {
        let share = total > 0 ? Double(done) / Double(total) : 0
        let left = done > 0 ? seconds / Double(done) * Double(total - done) : nil
        let text = "  \(done)/\(total) \(unit)  \(String(format: "%.1f", seconds)) s" + (left.map { String(format: ", about %.0f s left", $0.rounded(.up)) } ?? "")
        let barWidth = max(10, min(40, width - text.count - 3))
        let filled = Int((share * Double(barWidth)).rounded(.down))
        return "[" + String(repeating: ascii ? "#" : "█", count: filled) + String(repeating: ascii ? "." : "░", count: barWidth - filled) + "]" + text
    }

    private func draw() {
        let snapshot = Progress.snapshot
        guard snapshot.total > 0 else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let text = Self.line(done: snapshot.done, total: snapshot.total, unit: snapshot.unit, seconds: seconds, width: width, ascii: ascii)
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        drawn = true
    }

    /// Stops drawing and erases the line.
    func end() {
        timer.cancel()
        queue.sync {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            drawn = false
        }
        Progress.finish()
    }
}
