import Foundation
import Testing
@testable import Models

/// A profiling harness, not a unit test: runs only with MODELS_PROFILE=1, in a release
/// build. Trains once on the matrix `scripts/bench-model` writes (`MP_DIR`: `matrix.f64`,
/// `names.txt`, `labels.txt`), skipping the CSV and encoding so that a profiler sees
/// training alone:
///
///     MODELS_PROFILE=1 MP_DIR=.bench/model-300000-seed7/synthetic MP_ROWS=100000 MP_TREES=50 \
///         .build/release/credit-explorerPackageTests.xctest --testing-library swift-testing --filter ModelProfile
///
/// `MP_ROWS` (all) and `MP_TREES` (100) shrink the run; `MP_BUNDLING=0` switches feature
/// bundling off. Prints the seconds, the training AUC and a hash of the model text, which
/// must not depend on `MP_BUNDLING` or `MP_THREADS`.
@Suite struct ModelProfile {
    static let env = ProcessInfo.processInfo.environment

    @Test(.enabled(if: ModelProfile.env["MODELS_PROFILE"] == "1"))
    func train() throws {
        let dir = URL(fileURLWithPath: Self.env["MP_DIR"]!)
        let names = try String(contentsOf: dir.appendingPathComponent("names.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let labels = try String(contentsOf: dir.appendingPathComponent("labels.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0 == "1" }
        let all = labels.count
        let n = min(all, Int(Self.env["MP_ROWS"] ?? "") ?? all)
        let bytes = try Data(contentsOf: dir.appendingPathComponent("matrix.f64"))
        let columns: [[Double]] = bytes.withUnsafeBytes { raw in
            let values = raw.bindMemory(to: Double.self)
            return names.indices.map { f in Array(values[(f * all)..<(f * all + n)]) }
        }
        let x = FeatureMatrix(columns: columns, names: names)
        let y = Array(labels[0..<n])
        var p = ModelBenchmark.parameters()
        p.iterations = Int(Self.env["MP_TREES"] ?? "") ?? 100
        p.featureBundling = Self.env["MP_BUNDLING"] != "0"
        let data = BinnedData(matrix: x, bins: try BinnedData.learnBins(x, parameters: p), threads: p.threads)
        let bundles = FeatureBundles(data: data, enabled: p.featureBundling, threads: p.threads).bundles
        let skipping = bundles.filter { $0.skippedCode < 256 }
        print("MP_BUNDLES \(names.count) features in \(bundles.count) columns,",
              "\(bundles.filter { !$0.isSingle }.count) of several features (\(bundles.filter { !$0.isSingle }.map(\.features.count).reduce(0, +)) features);",
              "\(skipping.count) columns skip their default code (\(skipping.filter { !$0.isSingle }.count) bundles)")
        let start = ContinuousClock.now
        let model = try GBDTModel.train(x, labels: y, parameters: p)
        let elapsed = ContinuousClock.now - start
        let auc = Metrics.rocAUC(labels: y, scores: try model.rawScores(x)) ?? .nan
        print("MP_RESULT rows \(n) features \(names.count) trees \(model.trees.count) bundling \(p.featureBundling)",
              "threads \(p.threads) seconds \(elapsed) train AUC \(auc) text \(model.lightGBMText().utf8.count) bytes")
        // FNV-style checksum of the model text: equal texts, equal models.
        var sum: UInt64 = 0
        for byte in model.lightGBMText().utf8 { sum = sum &* 1_099_511_628_211 &+ UInt64(byte) }
        print("MP_CHECKSUM \(sum)")
    }
}
