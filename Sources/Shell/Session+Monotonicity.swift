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
        let rows = (0..<min(200, matrix.rowCount)).map { $0 * matrix.rowCount / min(200, max(1, matrix.rowCount)) }
        let constraints = state.file.gbdt?.parameters.monotoneConstraints
        var names: [String] = [], constraint: [String] = [], shapes: [String] = [], reversal: [Double] = [], low: [Double] = [], high: [Double] = []
        var turning = 0, brokenConstraint: [String] = []
        for (f, feature) in matrix.features.enumerated() where feature.kind == .numeric {
            let curve: PartialDependence
            do { curve = try PartialDependence(state.file.model, matrix, feature: f, rows: rows) } catch { throw SessionError(error.message) }
            guard curve.curve.count >= 2 else { continue }
            let c = constraints.map { $0[f] } ?? 0
            names.append(feature.name)
            constraint.append(c > 0 ? "+1" : c < 0 ? "-1" : "")
            shapes.append(curve.shape.rawValue)
            reversal.append(NumberFormat.round(curve.largestReversal, 4))
            low.append(NumberFormat.round(curve.curve.first!, 4))
            high.append(NumberFormat.round(curve.curve.last!, 4))
            if curve.shape == .turning { turning += 1 }
            if c > 0 && curve.shape == .falling || c < 0 && curve.shape == .rising || c != 0 && curve.shape == .turning { brokenConstraint.append(feature.name) }
        }
        var lines = ["partial dependence of the mean probability of default on each numeric input, over \(rows.count) clients of \(state.source), "
            + "on 21 quantiles of the input (not monotone first)"]
        let order = names.indices.sorted { (shapes[$0] == "not monotone" ? 0 : 1, -reversal[$0], $0) < (shapes[$1] == "not monotone" ? 0 : 1, -reversal[$1], $1) }
        lines.append(renderer.listing(try! Table([
            ("feature", Column(strings: order.map { names[$0] })), ("constraint", Column(strings: order.map { constraint[$0] })),
            ("shape", Column(strings: order.map { shapes[$0] })), ("largest_reversal", Column(doubles: order.map { reversal[$0] })),
            ("pd_at_low", Column(doubles: order.map { low[$0] })), ("pd_at_high", Column(doubles: order.map { high[$0] })),
        ])))
        lines.append("\(turning) of \(names.count) numeric inputs are not monotone" + (turning > 0 && state.spec.kind == .gbdt ? ": `fit gbdt … monotone=COLUMN:+1,…` constrains them" : ""))
        if !brokenConstraint.isEmpty { lines.append("warning: constrained but not monotone: \(brokenConstraint.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
