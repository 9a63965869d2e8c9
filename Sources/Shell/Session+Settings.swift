import Tables
import Plots
import Query

/// Settings of the session, kept apart from the data language as dot-commands.
extension Session {
    /// Whether output may carry colour: `auto` colours a terminal unless `NO_COLOR` is set.
    public enum ColorChoice: String, Sendable, CaseIterable {
        case auto, on, off
    }

    /// One dot-command: its words, what it does, and how it changes the session (false when
    /// the value is not one it accepts).
    struct Setting: Sendable {
        var name: String
        var values: String
        var summary: String
        /// The value now, as `.name` alone and `.show` print it.
        var current: @Sendable (Session) -> String = { _ in "" }
        var apply: @Sendable (Session, String?) -> Bool
    }

    /// Every setting the session knows; the front end adds its own (`.output`, `.once`).
    static let settingList: [Setting] = [
        Setting(name: ".timer", values: "on|off", summary: "show each statement's run time", current: { $0.timer ? "on" : "off" }) { s, v in
            guard let on = onOff(v) else { return false }
            s.timer = on
            return true
        },
        Setting(name: ".maxrows", values: "N", summary: "rows shown before the middle is elided (0: all)", current: { String($0.renderer.maxRows) }) { s, v in
            guard let n = v.flatMap({ Int($0) }), n >= 0 else { return false }
            s.renderer.maxRows = n
            return true
        },
        Setting(name: ".width", values: "N|auto", summary: "characters per line for results and plots (auto: the terminal's)",
                current: { s in s.fixedWidth.map(String.init) ?? "auto (\(s.renderer.width))" }) { s, v in
            if v == "auto" { s.fixedWidth = nil; s.adapt(to: s.terminal); return true }
            guard let n = v.flatMap({ Int($0) }), n >= 20 else { return false }
            s.fixedWidth = n
            s.renderer.width = n
            return true
        },
        Setting(name: ".height", values: "N|auto", summary: "lines per plot (auto: from the terminal's)",
                current: { s in s.fixedHeight.map(String.init) ?? "auto (\(s.plotHeight))" }) { s, v in
            if v == "auto" { s.fixedHeight = nil; s.adapt(to: s.terminal); return true }
            guard let n = v.flatMap({ Int($0) }), n >= 5 else { return false }
            s.fixedHeight = n
            s.plotHeight = n
            return true
        },
        Setting(name: ".charset", values: "unicode|ascii", summary: "characters output may use (ascii: plots, tables and prose in plain ASCII)", current: { $0.unicode ? "unicode" : "ascii" }) { s, v in
            guard let v, v == "unicode" || v == "ascii" else { return false }
            s.unicode = v == "unicode"
            return true
        },
        Setting(name: ".separators", values: "on|off", summary: "thousands separators in integer columns too", current: { $0.renderer.groupIntegers ? "on" : "off" }) { s, v in
            guard let on = onOff(v) else { return false }
            s.renderer.groupIntegers = on
            return true
        },
        Setting(name: ".mode", values: "table|csv|markdown", summary: "how results print: aligned, every row as CSV, or Markdown", current: { $0.renderer.format.rawValue }) { s, v in
            guard let format = v.flatMap(TableRenderer.Format.init(rawValue:)) else { return false }
            s.renderer.format = format
            return true
        },
        Setting(name: ".color", values: "auto|on|off", summary: "colour plots and messages (auto: on a terminal, unless NO_COLOR is set)", current: { $0.colorChoice.rawValue }) { s, v in
            guard let choice = v.flatMap(ColorChoice.init(rawValue:)) else { return false }
            s.colorChoice = choice
            return true
        },
        Setting(name: ".lang", values: "en|fr", summary: "the language of explanations, reasons and client reports, numbers included (1 234,5 in French)",
                current: { $0.language.rawValue }) { s, v in
            guard let language = v.flatMap(Wording.Language.init(rawValue:)) else { return false }
            s.language = language
            return true
        },
        Setting(name: ".help", values: "", summary: "this list of settings") { _, v in v == nil },
        Setting(name: ".show", values: "", summary: "every setting and its value now") { _, v in v == nil },
    ]

    private static func onOff(_ value: String?) -> Bool? {
        switch value {
        case "on": true
        case "off": false
        default: nil
        }
    }

    /// The settings as help lines, with the front end's own.
    static func settingsHelp(extra: [(String, String)] = []) -> String {
        let lines = settingList.map { ("\($0.name) \($0.values)", $0.summary) } + extra
        let width = (lines.map(\.0.count).max() ?? 0) + 3
        return lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + $0.1 }.joined(separator: "\n")
    }

    func setting(_ text: String) throws(SessionError) -> String {
        let words = text.split(separator: " ").map(String.init)
        let name = words.first ?? text
        guard let setting = Self.settingList.first(where: { $0.name == name }) else {
            let suggestions = NameSuggester.nearest(to: name, in: Self.settingList.map(\.name) + Self.frontEndSettings.map(\.0))
            throw SessionError("unknown setting '\(name)'" + NameSuggester.didYouMean(suggestions), column: 1, length: name.count,
                               help: ".help lists the settings")
        }
        if name == ".help" { return Self.settingsHelp(extra: Self.frontEndSettings) }
        if name == ".show" {
            return Self.settingList.filter { !$0.values.isEmpty }.map { "\($0.name) \($0.current(self))" }.joined(separator: "\n")
        }
        // A setting alone says its value (as psql's \pset and DuckDB's .mode do).
        if words.count == 1, !setting.values.isEmpty { return "\(name) \(setting.current(self))" }
        guard words.count <= 2, setting.apply(self, words.count == 2 ? words[1] : nil) else {
            throw SessionError("usage: \(setting.name) \(setting.values)", column: name.count + 2, length: max(1, text.count - name.count - 1))
        }
        return ""
    }

    /// Settings the front end handles (where output goes), listed here for help and completion.
    static let frontEndSettings: [(String, String)] = [
        (".output FILE", "send results to FILE until `.output` alone (back to the screen)"),
        (".once FILE", "send the next result only to FILE"),
    ]

    /// Fits results and plots to the terminal, unless `.width` / `.height` fixed them.
    public func adapt(to size: TerminalSize) {
        terminal = size
        if fixedWidth == nil { renderer.width = max(20, size.columns) }
        // Leave room for the statement and the next prompt; more than 30 lines is hard to read.
        if fixedHeight == nil { plotHeight = max(5, min(size.lines - 4, 30)) }
    }
}
