import Explain
import Models
import Tables

/// `report monotone`: which numeric inputs the model's risk only rises or only falls with.
extension Session {
    func monotonicity(_ state: ModelState) throws(SessionError) -> String {
        let matrix: FeatureMatrix
        if state.matrix.rowCount > 0 {
            matrix = state.matrix
        } else {
            let table = try trainingTable(state)
            do { matrix = try state.file.features(of: table) } catch { throw SessionError(error.message) }
        }
        // 200 clients spread over the table: the curves are averages, stable well before.
        let sampled = min(200, matrix.rowCount)
        let rows = (0..<sampled).map { $0 * matrix.rowCount / sampled }
        let constraints = state.file.gbdt?.parameters.monotoneConstraints
        var names: [String] = [], constraint: [String] = [], shapes: [PartialDependence.Shape] = [], reversal: [Double] = [], low: [Double] = [], high: [Double] = []
        var brokenConstraint: [String] = []
        for (f, feature) in matrix.features.enumerated() where feature.kind == .numeric {
            let curve: PartialDependence
            do { curve = try PartialDependence(state.file.model, matrix, feature: f, rows: rows) } catch { throw SessionError(error.message) }
            guard curve.curve.count >= 2 else { continue }
            let c = constraints.map { $0[f] } ?? 0
            names.append(feature.name)
            constraint.append(c > 0 ? "+1" : c < 0 ? "-1" : "")
            shapes.append(curve.shape)
            reversal.append(NumberFormat.round(curve.largestReversal, 4))
            low.append(NumberFormat.round(curve.curve.first!, 4))
            high.append(NumberFormat.round(curve.curve.last!, 4))
            if c > 0 && curve.shape == .falling || c < 0 && curve.shape == .rising || c != 0 && curve.shape == .turning { brokenConstraint.append(feature.name) }
        }
        var lines = ["partial dependence of the mean probability of default on each numeric input, over \(rows.count) clients of \(state.source), "
            + "on 21 quantiles of the input (not monotone first)"]
        let order = names.indices.sorted { (shapes[$0] == .turning ? 0 : 1, -reversal[$0], $0) < (shapes[$1] == .turning ? 0 : 1, -reversal[$1], $1) }
        lines.append(renderer.listing(try! Table([
            ("feature", Column(strings: order.map { names[$0] })), ("constraint", Column(strings: order.map { constraint[$0] })),
            ("shape", Column(strings: order.map { shapes[$0].rawValue })), ("largest_reversal", Column(doubles: order.map { reversal[$0] })),
            ("pd_at_low", Column(doubles: order.map { low[$0] })), ("pd_at_high", Column(doubles: order.map { high[$0] })),
        ])))
        let turning = shapes.filter { $0 == .turning }.count
        lines.append("\(turning) of \(names.count) numeric inputs are not monotone" + (turning > 0 && state.spec.kind == .gbdt ? ": `fit gbdt … monotone=COLUMN:+1,…` constrains them" : ""))
        if !brokenConstraint.isEmpty { lines.append("warning: constrained but not monotone: \(brokenConstraint.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
