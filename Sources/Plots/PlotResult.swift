/// What a plot gives back: its lines, and the numbers behind the shape so a shell can print them.
public struct PlotResult: Sendable, Equatable {
    /// The lines of the plot, none longer than the width asked for, no more than the height.
    /// Trailing spaces are trimmed; colour escapes appear only when colour was asked for.
    public var lines: [String]
    /// The numbers drawn (bins and counts, quartiles, densities…), one row per item.
    public var data: PlotTable
    /// What the plot had to leave out or adjust ("dropped 3 NaN/infinite values"). The same
    /// sentences appear in the text when there is room for them.
    public var notes: [String]

    public init(lines: [String], data: PlotTable, notes: [String] = []) {
        self.lines = lines
        self.data = data
        self.notes = notes
    }

    /// The lines joined with newlines (no newline after the last).
    public var text: String { lines.joined(separator: "\n") }
}

/// A small table of numbers behind a plot: named columns and rows of numbers or text.
public struct PlotTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[PlotValue]]

    public init(columns: [String], rows: [[PlotValue]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The values of one column, by name (empty when there is no such column).
    public func column(_ name: String) -> [PlotValue] {
        guard let index = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }
}

/// One cell of a `PlotTable`.
public enum PlotValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case text(String)

    /// The number, or nil for text.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var description: String {
        switch self {
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return value.description
        case .text(let text): return text
        }
    }
}

extension PlotResult {
    /// The lines of a frame, or the message for a size too small.
    init(_ outcome: ChartFrame.Outcome, _ options: PlotOptions, data: PlotTable, notes: [String]) {
        switch outcome {
        case .lines(let lines): self.init(lines: lines, data: data, notes: notes)
        case .tooSmall(let width, let height): self = .tooSmall(width: width, height: height, options, data: data, notes: notes)
        }
    }

    /// A single line instead of a plot: the data was empty, or the size too small.
    static func message(_ text: String, _ options: PlotOptions, data: PlotTable, notes: [String] = []) -> PlotResult {
        guard options.width > 0, options.height > 0 else { return PlotResult(lines: [], data: data, notes: notes) }
        let glyphs = Glyphs(options.charset)
        return PlotResult(lines: [TextCells.truncate(text, to: options.width, ellipsis: glyphs.ellipsis)],
                          data: data, notes: notes)
    }

    /// The message for a size below a kind's minimum.
    static func tooSmall(width: Int, height: Int, _ options: PlotOptions, data: PlotTable, notes: [String] = []) -> PlotResult {
        let times = options.charset == .ascii ? "x" : "×"
        return message("plot needs at least \(width)\(times)\(height) cells, got \(options.width)\(times)\(options.height)",
                       options, data: data, notes: notes)
    }
}
