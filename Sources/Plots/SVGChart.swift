/// Charts as inline SVG, for pages rather than terminals (the client's report): no script, no
/// external font or file, a `viewBox` so that they scale to a phone's width and print sharp.
public enum SVGChart {
    /// Horizontal bars from a zero line, one per label, the value written at each bar's end;
    /// positive values in `positive` colour, negative ones in `negative`.
    public static func bars(labels: [String], values: [Double], title: String, positive: String = "#c0392b", negative: String = "#2e7d32",
                            format: (Double) -> String) -> String {
        let rows = min(labels.count, values.count)
        let width = 640.0, rowHeight = 22.0, top = 28.0, labelWidth = 230.0, valueWidth = 70.0
        let height = top + rowHeight * Double(rows) + 8
        let finite = values.prefix(rows).filter(\.isFinite)
        let low = min(0, finite.min() ?? 0), high = max(0, finite.max() ?? 0)
        let span = max(high - low, 1e-12)
        let plotLeft = labelWidth + 8, plotWidth = width - plotLeft - valueWidth
        func x(_ v: Double) -> Double { plotLeft + (v - low) / span * plotWidth }
        var out = [header(width, height, title)]
        out.append(##"<text x="\##(number(width / 2))" y="18" text-anchor="middle" font-weight="600">\##(escape(title))</text>"##)
        for k in 0..<rows where values[k].isFinite {
            let y = top + rowHeight * Double(k)
            let v = values[k]
            let from = x(min(0, v)), to = x(max(0, v))
            out.append(##"<text x="\##(number(labelWidth))" y="\##(number(y + 15))" text-anchor="end">\##(escape(clip(labels[k], 34)))</text>"##)
            out.append(##"<rect x="\##(number(from))" y="\##(number(y + 4))" width="\##(number(max(1, to - from)))" height="\##(number(rowHeight - 8))" fill="\##(v >= 0 ? positive : negative)"/>"##)
            out.append(##"<text x="\##(number(to + 4))" y="\##(number(y + 15))">\##(escape(format(v)))</text>"##)
        }
        out.append(##"<line x1="\##(number(x(0)))" y1="\##(number(top))" x2="\##(number(x(0)))" y2="\##(number(height - 6))" stroke="#555"/>"##)
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    /// A histogram of `values` in `bins` equal bins over their range, with vertical markers
    /// (the client's value, a threshold) drawn over it and named in a legend line.
    public static func histogram(_ values: [Double], bins: Int = 40, markers: [(label: String, value: Double, color: String)], title: String,
                                 format: (Double) -> String) -> String {
        let finite = values.filter(\.isFinite)
        let all = finite + markers.map(\.value).filter(\.isFinite)
        let low = all.min() ?? 0, high = max(all.max() ?? 1, (all.min() ?? 0) + 1e-12)
        var counts = [Int](repeating: 0, count: max(1, bins))
        for v in finite { counts[min(counts.count - 1, Int((v - low) / (high - low) * Double(counts.count)))] += 1 }
        let width = 640.0, height = 200.0, top = 28.0, bottom = 36.0, left = 10.0, right = 10.0
        let plotHeight = height - top - bottom, plotWidth = width - left - right
        let most = Double(max(1, counts.max() ?? 1))
        var out = [header(width, height, title)]
        out.append(##"<text x="\##(number(width / 2))" y="18" text-anchor="middle" font-weight="600">\##(escape(title))</text>"##)
        let barWidth = plotWidth / Double(counts.count)
        for (k, c) in counts.enumerated() where c > 0 {
            let h = Double(c) / most * plotHeight
            out.append(##"<rect x="\##(number(left + barWidth * Double(k)))" y="\##(number(top + plotHeight - h))" width="\##(number(max(1, barWidth - 1)))" height="\##(number(h))" fill="#9db4cc"/>"##)
        }
        out.append(##"<line x1="\##(number(left))" y1="\##(number(top + plotHeight))" x2="\##(number(width - right))" y2="\##(number(top + plotHeight))" stroke="#555"/>"##)
        out.append(##"<text x="\##(number(left))" y="\##(number(top + plotHeight + 14))">\##(escape(format(low)))</text>"##)
        out.append(##"<text x="\##(number(width - right))" y="\##(number(top + plotHeight + 14))" text-anchor="end">\##(escape(format(high)))</text>"##)
        var legend: [String] = []
        for marker in markers where marker.value.isFinite {
            let x = left + (marker.value - low) / (high - low) * plotWidth
            out.append(##"<line x1="\##(number(x))" y1="\##(number(top))" x2="\##(number(x))" y2="\##(number(top + plotHeight))" stroke="\##(marker.color)" stroke-width="2"/>"##)
            legend.append(##"<tspan fill="\##(marker.color)">■</tspan> \##(escape(marker.label)) \##(escape(format(marker.value)))"##)
        }
        out.append(##"<text x="\##(number(width / 2))" y="\##(number(height - 6))" text-anchor="middle">\##(legend.joined(separator: "   "))</text>"##)
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    private static func header(_ width: Double, _ height: Double, _ title: String) -> String {
        ##"<svg viewBox="0 0 \##(number(width)) \##(number(height))" width="100%" role="img" aria-label="\##(escape(title))" font-family="system-ui, sans-serif" font-size="12">"##
    }

    /// Coordinates to one decimal: enough for a page, and the same text on every machine.
    private static func number(_ x: Double) -> String {
        let tenths = (x * 10).rounded()
        let whole = Int(tenths / 10), fraction = Int(abs(tenths).truncatingRemainder(dividingBy: 10))
        return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole)" + (fraction == 0 ? "" : ".\(fraction)")
    }

    private static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
