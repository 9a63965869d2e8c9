/// The size plots should take in a terminal, decided from what the caller found out.
///
/// The shell asks the terminal itself (`ioctl(TIOCGWINSZ)`) and reads the environment; this type
/// only decides, as a pure function of those answers, so the policy is testable and output that
/// is piped (no terminal, so no size, or a size of 0) can never crash a plot: each dimension
/// comes from the terminal if it gave one, else from `$COLUMNS` / `$LINES`, else 80 × 24.
public struct TerminalSize: Sendable, Equatable {
    public var columns: Int
    public var lines: Int

    public init(columns: Int, lines: Int) {
        self.columns = columns
        self.lines = lines
    }

    /// What a terminal of unknown size is taken to be.
    public static let fallback = TerminalSize(columns: 80, lines: 24)

    /// Sizes outside this range are treated as no answer (a 0 from a pipe, garbage from the
    /// environment).
    public static let plausible = 1...10_000

    /// The size from the terminal's answer (nil when it gave none), then the environment's
    /// `COLUMNS` and `LINES`, then `fallback`, dimension by dimension.
    public static func resolve(terminal: (columns: Int, lines: Int)?, environment: [String: String]) -> TerminalSize {
        func pick(_ fromTerminal: Int?, _ variable: String, _ fallback: Int) -> Int {
            if let fromTerminal, plausible.contains(fromTerminal) { return fromTerminal }
            if let text = environment[variable], let value = Int(text.trimmingSpaces), plausible.contains(value) { return value }
            return fallback
        }
        return TerminalSize(columns: pick(terminal?.columns, "COLUMNS", fallback.columns),
                            lines: pick(terminal?.lines, "LINES", fallback.lines))
    }

    /// The size a plot may take: every column, and the lines less `reservedLines` so that the
    /// command that asked for the plot and the next prompt stay on screen. At least 1 × 1.
    public func plotSize(reservingLines reservedLines: Int = 2) -> (width: Int, height: Int) {
        (max(1, columns), max(1, lines - max(0, reservedLines)))
    }

    /// Plot options for this terminal (with the prompt's lines reserved).
    public func options(title: String? = nil, charset: Charset = .unicode, color: Bool = false,
                        reservingLines reservedLines: Int = 2) -> PlotOptions {
        let size = plotSize(reservingLines: reservedLines)
        return PlotOptions(width: size.width, height: size.height, title: title, charset: charset, color: color)
    }

    /// Whether to colour: only when asked, writing to a terminal, and `NO_COLOR` is unset or
    /// empty (https://no-color.org).
    public static func colorAllowed(requested: Bool, isTerminal: Bool, environment: [String: String]) -> Bool {
        requested && isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }
}

private extension String {
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
