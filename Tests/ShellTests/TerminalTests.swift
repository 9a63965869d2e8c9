import Foundation
import HomeCredit
import Testing

/// tmux, which scripts/setup installs, and the built binary.
enum PseudoTerminal {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let available = tmux != nil && FileManager.default.fileExists(atPath: CommandLineTests.binary)
}

/// Drives the real shell in a pseudo-terminal through tmux: what a user types, what they see.
@Suite(.serialized, .enabled(if: PseudoTerminal.available))
struct TerminalTests {

    /// One tmux server and window running the shell on the bundled data.
    final class Pane {
        let socket = "cx-test-" + UUID().uuidString.prefix(8)
        let folder: String
        /// `HOME` for the shell, where libedit finds `.editrc`; the default leaves it as it is.
        let home: String?
        /// `LANG` for the shell (`LC_ALL` is cleared so that it decides).
        let locale: String

        init(folder: String, home: String? = nil, locale: String = "C.UTF-8") throws {
            self.folder = folder
            self.home = home
            self.locale = locale
            try start()
        }

        func start() throws {
            let command = "env -u LC_ALL -u LC_CTYPE LANG=\(locale) TERM=xterm NO_COLOR=1 " + (home.map { "HOME=\($0) " } ?? "") + "CREDIT_EXPLORER_HISTORY=\(folder)/history \(CommandLineTests.binary) --data \(BundledData.defaultDataDirectory) --cache \(folder)/cache"
            try tmux(["new-session", "-d", "-x", "120", "-y", "40", command])
            try waitFor("credit[default]>")
        }

        /// Runs tmux through the C library's `popen`: Foundation's `Process` waits for a
        /// descriptor that the server tmux forks would inherit and keep open for ever.
        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let quoted = ([PseudoTerminal.tmux!, "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let reads = arguments.first == "capture-pane"
            let command = quoted.joined(separator: " ") + (reads ? " 2>/dev/null" : " >/dev/null 2>&1")
            guard let pipe = popen(command, "r") else { throw CancellationError() }
            var output = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = fread(&buffer, 1, buffer.count, pipe)
                if n <= 0 { break }
                output += buffer[0..<n]
            }
            pclose(pipe)
            return String(decoding: output, as: UTF8.self)
        }

        /// Types text (literally) and then the named keys (`Enter`, `Tab`, `C-c`, `Up`…).
        func type(_ text: String, _ keys: String...) throws {
            if !text.isEmpty { try tmux(["send-keys", "-l", text]) }
            for key in keys { try tmux(["send-keys", key]) }
        }

        var screen: String { (try? tmux(["capture-pane", "-p", "-S", "-200"])) ?? "" }

        /// Waits until the screen shows `text` (at most `seconds`), and returns the screen.
        @discardableResult
        func waitFor(_ text: String, seconds: Double = 30, count: Int = 1) throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let s = screen
                if s.components(separatedBy: text).count - 1 >= count { return s }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("timed out waiting for \(text.debugDescription); the screen shows:\n\(screen)")
            throw CancellationError()
        }

        /// The screen's last line holding something (the prompt line while waiting for input).
        var lastLine: String {
            screen.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
        }

        func stop() { _ = try? tmux(["kill-server"]) }
    }

    func withPane(editrc: String? = nil, locale: String = "C.UTF-8", _ body: (Pane) throws -> Void) throws {
        let folder = NSTemporaryDirectory() + "cx-tty-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if let editrc { try editrc.write(toFile: folder + "/.editrc", atomically: true, encoding: .utf8) }
        let pane = try Pane(folder: folder, home: editrc == nil ? nil : folder, locale: locale)
        defer { pane.stop() }
        try body(pane)
    }

    /// The locales of the whole-analysis walk: UTF-8 without a language, a French UTF-8 one
    /// (scripts/setup generates it; its decimal comma must not reach number parsing), and
    /// plain C, where libedit only takes ASCII and the prompt falls back to it.
    static let locales = ["C.UTF-8", "fr_FR.UTF-8", "C"]

    /// A whole analysis as a user types it, with a model in the prompt from `fit` on: the
    /// statement after `fit` once crashed inside libedit (a `·` in the prompt, no locale set).
    @Test(arguments: locales) func wholeAnalysisWithAModelInThePrompt(locale: String) throws {
        try withPane(locale: locale) { pane in
            let utf8 = locale.hasSuffix("UTF-8")
            let modelPrompt = utf8 ? "credit[default · gbdt]>" : "credit[default - gbdt]>"
            try pane.type("from application_train | group NAME_CONTRACT_TYPE (n = count(), rate = mean(TARGET))", "Enter")
            try pane.waitFor("Revolving loans")
            try pane.type("let big = from application_train | filter AMT_CREDIT > 500000.5", "Enter")
            try pane.waitFor("big:")
            try pane.type("from big | aggregate n = count()", "Enter")
            try pane.waitFor("(1 row)")
            try pane.type("fit gbdt trees=5 leaves=4 seed=1", "Enter")
            try pane.waitFor(modelPrompt, seconds: 90)
            try pane.type("cv folds=2", "Enter")
            try pane.waitFor("out-of-fold", seconds: 90)
            try pane.waitFor(modelPrompt, count: 2)
            try pane.type("threshold cost fn=10 fp=1", "Enter")
            try pane.waitFor("chosen threshold")
            try pane.type("score application_test as decisions", "Enter")
            try pane.waitFor("decisions: 251 clients scored")
            try pane.type("from decisions | filter decision == 'refuse' | aggregate n = count()", "Enter")
            try pane.waitFor(modelPrompt, count: 5)
            try pane.type("save model '\(pane.folder)/pd model.json'", "Enter")
            try pane.waitFor("saved the gbdt model")
            #expect(FileManager.default.fileExists(atPath: pane.folder + "/pd model.json"))
            try pane.type("score client 100004", "Enter")
            try pane.waitFor("decision:")
            try pane.type("explain 100004", "Enter")
            try pane.waitFor("by source table:")
            if utf8 {
                // Typed non-ASCII text reaches the statement.
                try pane.type("from application_train | derive g = 'é' | select g | take 1", "Enter")
                try pane.waitFor("\né")
            }
            try pane.type("load model '\(pane.folder)/pd model.json'", "Enter")
            try pane.waitFor("loaded")
            try pane.type("model", "Enter")
            try pane.waitFor("threshold:")
            let screen = try pane.waitFor(modelPrompt, count: utf8 ? 11 : 10)
            #expect(pane.lastLine.hasPrefix(modelPrompt))
            #expect(!screen.contains("crashed"))
            #expect(!screen.contains("error"))
            // A terminal that is not UTF-8 gets ASCII tables: no box-drawing rule.
            if !utf8 { #expect(!screen.contains("─") && screen.contains("----------")) }
        }
    }

    /// Tab follows the statement: a command's options, a setting's values, a level in quotes.
    @Test func completionInEachContext() throws {
        try withPane { pane in
            try pane.type("fit gbdt tr", "Tab")
            try pane.waitFor("fit gbdt trees=")
            try pane.type("5 lea", "Tab")
            try pane.waitFor("fit gbdt trees=5 leaves=")
            try pane.type("", "C-a", "C-k")
            try pane.type(".mode ", "Tab", "Tab")
            try pane.waitFor("markdown")
            try pane.type("", "C-a", "C-k")
            try pane.type("from application_train | filter NAME_CONTRACT_TYPE == 'Ca", "Tab")
            try pane.waitFor("== 'Cash loans'")
            try pane.type("| aggregate n = count(*);", "Enter")
            try pane.waitFor("1395")
        }
    }

    /// A script pasted in the leading-`|` style (as README and notebooks print it) runs as
    /// one statement.
    @Test func pastedLeadingPipeLinesRunAsOneStatement() throws {
        try withPane { pane in
            try pane.tmux(["set-buffer", "from application_train\n| filter AMT_CREDIT > 1000000\n| aggregate n = count()\n"])
            try pane.tmux(["paste-buffer"])
            let screen = try pane.waitFor("(1 row)")
            #expect(!screen.contains("error"))
            #expect(!screen.contains("1549"))
        }
    }

    /// Progress shows on a terminal while a long statement runs, and is erased after.
    @Test func progressIsDrawnWhileAFitRunsAndErasedAfter() throws {
        try withPane { pane in
            try pane.type("fit gbdt trees=120 leaves=31", "Enter")
            try pane.waitFor("/120 trees", seconds: 20)
            try pane.waitFor("fitted gbdt", seconds: 240)
            #expect(!pane.screen.contains("/120 trees"))
        }
    }

    /// A resized window applies to the next statement at once.
    @Test func resizeAppliesToTheNextStatement() throws {
        try withPane { pane in
            try pane.tmux(["resize-window", "-x", "60", "-y", "30"])
            Thread.sleep(forTimeInterval: 0.3)
            try pane.type(".width", "Enter")
            try pane.waitFor(".width auto (60)")
            try pane.tmux(["resize-window", "-x", "100", "-y", "30"])
            Thread.sleep(forTimeInterval: 0.3)
            try pane.type(".width", "Enter")
            try pane.waitFor(".width auto (100)")
        }
    }

    @Test func bannerPromptAndTabCompletion() throws {
        try withPane { pane in
            let banner = try pane.waitFor("credit[default]>")
            #expect(banner.contains("8 tables, "))
            try pane.type("from applic", "Tab")
            try pane.waitFor("from application_")
            try pane.waitFor("from application_t")
            try pane.type("r", "Tab")
            try pane.waitFor("from application_train")
            // Completion added a space after the table name, and one after the column.
            try pane.type("| filter AMT_CRE", "Tab")
            try pane.waitFor("| filter AMT_CREDIT")
            try pane.type("> 1000000 | aggregate n = cou", "Tab")
            try pane.waitFor("from application_train | filter AMT_CREDIT > 1000000")
            try pane.waitFor("n = count(")
            try pane.type(")", "Enter")
            try pane.waitFor("(1 row)")
        }
    }

    @Test func multiLineStatementsAndHistoryAcrossSessions() throws {
        try withPane { pane in
            try pane.type("from application_train |", "Enter")
            try pane.waitFor("...>")
            try pane.type("  take 2", "Enter")
            try pane.waitFor("(2 rows")
            try pane.type("", "C-d")
            Thread.sleep(forTimeInterval: 0.3)
            // A new shell on the same history file recalls the statement as one entry.
            try pane.start()
            try pane.type("", "Up")
            Thread.sleep(forTimeInterval: 0.3)
            try pane.waitFor("from application_train |   take 2")
        }
    }

    @Test func ctrlCAbandonsTheLineAndTheShellGoesOn() throws {
        try withPane { pane in
            try pane.type("from application_train | this is abandoned", "C-c")
            try pane.waitFor("credit[default]>", count: 2)
            try pane.type("tables", "Enter")
            try pane.waitFor("credit_card_balance")
            let screen = pane.screen
            #expect(!screen.contains("error"))
            #expect(pane.lastLine.hasSuffix(">"))
        }
    }

    @Test func ctrlCCancelsALongFitAndReturnsToThePrompt() throws {
        try withPane { pane in
            try pane.type("fit gbdt trees=1000000 rate=0.001", "Enter")
            Thread.sleep(forTimeInterval: 1.5)
            try pane.type("", "C-c")
            try pane.waitFor("error: cancelled", seconds: 20)
            try pane.waitFor("credit[default]>", count: 2)
            // The shell goes on, without a model, and a later Ctrl-C still only cancels.
            try pane.type("model", "Enter")
            try pane.waitFor("no model yet")
            try pane.type("tables", "Enter")
            try pane.waitFor("credit_card_balance")
        }
    }

    @Test func editrcIsHonouredViModeEditsTheLine() throws {
        try withPane(editrc: "bind -v\n") { pane in
            // In vi mode, Escape then `0x` deletes the first character: "xtables" becomes "tables".
            try pane.type("xtables", "Escape")
            Thread.sleep(forTimeInterval: 0.2)
            try pane.type("0x", "Enter")
            try pane.waitFor("credit_card_balance")
            #expect(!pane.screen.contains("xtables"))
        }
    }

    @Test func errorsShowACaretAndTheShellSurvives() throws {
        try withPane { pane in
            try pane.type("from application_train | filter AMT_CREDT > 1", "Enter")
            let screen = try pane.waitFor("did you mean 'AMT_CREDIT'?")
            #expect(screen.contains("^^^^^^^^^"))
            try pane.type("client 100002", "Enter")
            try pane.waitFor("application_train: client 100002")
        }
    }
}
