import Models
import Plots
import Query
import Tables

/// What `threshold` shows: the chosen threshold and what it means for approvals and
/// defaults, against the trivial policies and the decision-theoretic threshold, the cost
/// curve, and where the threshold would move under other cost ratios.
struct ThresholdReport {
    var analysis: ThresholdAnalysis
    /// Which predictions it was computed on ("out-of-fold …").
    var predictions: String
    var weight: String?

    func render(renderer: TableRenderer, plot options: PlotOptions) -> String {
        let a = analysis, c = a.confusion
        let unit = weight.map { " per unit of \($0)" } ?? " per client"
        var lines = [
            "costs: approving a defaulter \(f(a.costs.falseNegative, 2)), refusing a good client \(f(a.costs.falsePositive, 2))\(unit); on \(predictions) predictions",
            "chosen threshold: refuse when pd ≥ \(a.threshold.isFinite ? f(a.threshold, 4) : "∞ (approve everyone)")",
            "  approval rate \(pct(c.approvalRate)), default rate among approved \(pct(c.defaultRateAmongApproved)), defaults caught \(pct(c.truePositiveRate))",
            "  expected cost \(f(a.cost, 0)) against \(f(a.costApproveAll, 0)) approving everyone and \(f(a.costRefuseAll, 0)) refusing everyone",
            "decision-theoretic threshold fp/(fp+fn) = \(f(a.decisionThreshold, 4)) (right for calibrated probabilities): cost \(f(a.decisionCost, 0))",
        ]
        let sensitivity = try! Table([
            ("fn_to_fp", Column(doubles: a.sensitivity.map(\.ratio))),
            ("threshold", Column(doubles: a.sensitivity.map { $0.threshold.isFinite ? NumberFormat.round($0.threshold, 4) : nil })),
            ("approval_pct", Column(doubles: a.sensitivity.map { ($0.approvalRate * 1000).rounded() / 10 })),
            ("default_rate_approved_pct", Column(doubles: a.sensitivity.map { ($0.defaultRateAmongApproved * 1000).rounded() / 10 })),
            ("decision_threshold", Column(doubles: a.sensitivity.map { NumberFormat.round($0.decisionThreshold, 4) })),
        ])
        lines.append("if the cost ratio were different:")
        lines.append(renderer.listing(sensitivity))
        var plot = options
        plot.title = "expected cost by threshold"
        let curve = LineChart(series: [XYSeries("cost", x: a.curve.map(\.threshold), y: a.curve.map(\.cost))])
        lines.append(curve.render(plot).text)
        return lines.joined(separator: "\n")
    }

    private func f(_ x: Double, _ decimals: Int) -> String { NumberFormat.fixed(x, decimals) }
    private func pct(_ x: Double) -> String { NumberFormat.fixed(100 * x, 1) + "%" }
}
