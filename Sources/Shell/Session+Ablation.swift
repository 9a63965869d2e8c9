import Features
import Foundation
import Models
import Plots
import Query
import Tables

/// `features ablation`: which sources pay. A quick GBDT (fixed small parameters, stated) on
/// the application alone, on everything, and on everything but each source, all on the same
/// stratified folds: the out-of-fold AUC each source adds to the application and what
/// removing it from the rest costs.
extension Session {
    func featureAblation(_ invocation: Invocation) throws(SessionError) -> String {
        let set = try currentFeatures(invocation)
        let trees = invocation.integer("trees"), folds = invocation.integer("folds"), seed = UInt64(invocation.integer("seed"))
        guard let target = set.table["TARGET"] else { throw invocation.error("`features` has no TARGET column to validate against") }
        // The clients with a known outcome (the test clients have none).
        let known = (0..<target.count).filter { !target.isMissing($0) }
        let table = set.table.gather(known)
        var bySource: [String: [String]] = [:]
        for name in set.featureNames { bySource[source(of: name, in: set), default: []].append(name) }
        let sources = Self.sourceOrder(bySource.keys)
        guard sources.contains("application"), sources.count > 1 else {
            throw invocation.error("the features come from \(sources.count) source(s): ablation compares the application with the other sources")
        }
        var spec = ModelSpec(kind: .gbdt, columns: [])
        spec.gbdt.iterations = trees
        spec.gbdt.learningRate = 0.1
        spec.gbdt.numLeaves = 31
        spec.gbdt.minDataInLeaf = 20
        spec.gbdt.featureFraction = 0.3
        spec.seed = seed
        func auc(_ columns: [String]) throws(SessionError) -> Double {
            var s = spec
            s.columns = columns
            do {
                let prepared = try s.prepare(table)
                return try s.crossValidate(prepared.matrix, labels: prepared.labels, folds: folds, foldSeed: seed).overall.auc ?? .nan
            } catch { throw SessionError(error.message) }
        }
        let others = sources.filter { $0 != "application" }
        Progress.expect((2 + 2 * others.count) * folds * trees, "trees")
        let all = try auc(set.featureNames)
        let application = try auc(bySource["application"]!)
        var rows: [(String, Int, Double, Double)] = []
        for s in others {
            let alone = try auc(bySource["application"]! + bySource[s]!)
            let without = try auc(set.featureNames.filter { !bySource[s]!.contains($0) })
            rows.append((s, bySource[s]!.count, alone - application, all - without))
        }
        let listing = try! Table([
            ("source", Column(strings: ["application"] + rows.map(\.0) + ["all sources"])),
            ("features", Column(ints: [Int64(bySource["application"]!.count)] + rows.map { Int64($0.1) } + [Int64(set.featureNames.count)])),
            ("auc_added_to_application", Column(doubles: [nil] + rows.map { NumberFormat.round($0.2, 4) } + [NumberFormat.round(all - application, 4)])),
            ("auc_lost_without_it", Column(doubles: [nil] + rows.map { NumberFormat.round($0.3, 4) } + [nil])),
        ])
        let prose = [
            "out-of-fold AUC: application alone \(NumberFormat.fixed(application, 4)), all sources \(NumberFormat.fixed(all, 4)) (\(NumberFormat.grouped(table.rowCount)) clients with TARGET)",
            "quick GBDT: \(trees) trees, rate 0.1, 31 leaves, min_leaf 20, colsample 0.3, \(folds) stratified folds, seed \(seed); the same folds for every model",
        ]
        let options = PlotOptions(width: renderer.width, height: max(6, min(plotHeight, rows.count + 2)), title: "AUC added to the application",
                                  charset: unicode ? .unicode : .ascii, color: colorOutput)
        let chart = BarChart(labels: rows.map(\.0), values: rows.map { max(0, $0.2) }).render(options).text
        return emit(prose, renderer.listing(listing)) + (renderer.format == .aligned ? "\n" + chart : "")
    }
}
