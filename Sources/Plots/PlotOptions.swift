/// How a plot is drawn: the space it may take and the characters and colours it may use.
///
/// Plots never ask the terminal anything (size, colour support, `NO_COLOR`): the caller decides
/// all of that and passes it here, so the same data and options always give the same text.
public struct PlotOptions: Sendable, Equatable {
    /// Width in character cells. No line of the result is longer (a Braille, block or
    /// box-drawing character counts as one cell, as does every other Unicode scalar).
    public var width: Int
    /// Height in lines. The result never has more lines.
    public var height: Int
    /// A line above the plot; the first thing dropped when the height is short.
    public var title: String?
    /// Unicode blocks, Braille and box drawing, or pure ASCII for logs and files.
    public var charset: Charset
    /// ANSI colours (256-colour escapes). Off unless asked for: pipes and files get plain text.
    public var color: Bool

    public init(width: Int = 80, height: Int = 24, title: String? = nil,
                charset: Charset = .unicode, color: Bool = false) {
        self.width = width
        self.height = height
        self.title = title
        self.charset = charset
        self.color = color
    }
}

/// The characters a plot may use.
public enum Charset: Sendable, Equatable {
    /// Eighth blocks, shades, Braille dots and box-drawing lines: the most detail per cell.
    case unicode
    /// Only printable ASCII, for logs, files and terminals without good fonts.
    /// (Labels from the data are passed through as given.)
    case ascii
}

/// Every kind of plot: data in, text out, for a size given by the caller.
public protocol Plot: Sendable {
    /// Draws the plot in exactly `options.width` × `options.height` cells or fewer.
    /// Never traps: empty or degenerate data gives a one-line message instead.
    func render(_ options: PlotOptions) -> PlotResult
}
