/// A cell's colours, as xterm 256-colour indices. Used only when `PlotOptions.color` is on.
struct Style: Equatable {
    var foreground: UInt8?
    var background: UInt8?

    init(foreground: UInt8? = nil, background: UInt8? = nil) {
        self.foreground = foreground
        self.background = background
    }

    /// The escape that switches to this style.
    var escape: String {
        var codes: [String] = []
        if let foreground { codes.append("38;5;\(foreground)") }
        if let background { codes.append("48;5;\(background)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// The escape that returns to the terminal's own colours.
    static let reset = "\u{1B}[0m"
}

/// The colours plots use: distinct hues for series, and a light-to-dark ramp for amounts.
enum Palette {
    /// Mid-brightness hues readable on dark and light backgrounds: blue, red, green, amber,
    /// purple, teal. Series (groups) take them in order.
    static let series: [UInt8] = [33, 203, 71, 178, 134, 37]

    /// The style of series `index`.
    static func series(_ index: Int) -> Style {
        Style(foreground: series[index % series.count])
    }

    /// A sequential ramp from deep purple through teal and green to yellow (like viridis), for
    /// densities and heat maps.
    static let ramp: [UInt8] = [54, 61, 67, 37, 72, 113, 184, 220]

    /// The ramp colour for a fraction 0…1 of the range.
    static func rampColor(_ fraction: Double) -> UInt8 {
        ramp[Math.floorIndex(fraction * Double(ramp.count), in: 0...ramp.count - 1)]
    }

    /// Text over a ramp background: white on the dark half, black on the light half.
    static func textColor(onRamp color: UInt8) -> UInt8 {
        let position = ramp.firstIndex(of: color) ?? 0
        return position < ramp.count / 2 ? 231 : 16
    }
}
