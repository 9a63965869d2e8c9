/// Fixed decimals for the figures the shell itself prints (times, totals).
enum NumberFormat {
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x.description }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(x) * scale).rounded()
        let whole = Int(rounded / scale)
        var fraction = String(Int(rounded - Double(whole) * scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        let sign = x < 0 && rounded != 0 ? "-" : ""
        return decimals == 0 ? sign + String(whole) : sign + String(whole) + "." + fraction
    }
}
