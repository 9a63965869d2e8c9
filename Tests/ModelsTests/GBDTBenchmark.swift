import Foundation
import Testing
import Tables
@testable import Models

/// Speed check, not a unit test: runs only with MODELS_BENCH=1, meant for a release build:
///
///     MODELS_BENCH=1 swift test -c release --filter GBDTBenchmark
///
/// Trains 100 trees, 31 leaves, learning rate 0.05 on 300,000 rows × 100 features of
/// `SyntheticData.creditLike`, and prints the seconds and the AUC on 100,000 other rows.
/// With MODELS_BENCH_CSV=DIR it also writes DIR/train.csv and DIR/test.csv (features and a
/// `y` column), to train LightGBM on exactly the same numbers.
@Suite struct GBDTBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["MODELS_BENCH"] == "1"

    @Test(.enabled(if: GBDTBenchmark.enabled))
    func trainOnCreditLikeData() throws {
        let env = ProcessInfo.processInfo.environment
        let rows = Int(env["MODELS_BENCH_ROWS"] ?? "") ?? 300_000
        let testRows = 100_000, featureCount = 100
        var clock = ContinuousClock.now
        let (columns, labels) = SyntheticData.creditLike(rows: rows + testRows, features: featureCount, seed: 2024)
        let all = FeatureMatrix(columns: columns, names: SyntheticData.names(featureCount))
        let train = all.rows(Array(0..<rows)), test = all.rows(Array(rows..<(rows + testRows)))
        let yTrain = Array(labels[0..<rows]), yTest = Array(labels[rows...])
        print("data: \(rows) + \(testRows) rows × \(featureCount) features, default rate",
              Double(labels.filter { $0 }.count) / Double(labels.count), "made in", ContinuousClock.now - clock)

        if let dir = env["MODELS_BENCH_CSV"] {
            for (name, matrix, y) in [("train", train, yTrain), ("test", test, yTest)] {
                var pairs = zip(matrix.names, matrix.columns).map { ($0, Column(doubles: $1.map { $0.isNaN ? nil : $0 })) }
                pairs.append(("y", Column(ints: y.map { $0 ? 1 : 0 })))
                try CSVWriter.write(try Table(pairs), to: "\(dir)/\(name).csv")
            }
            print("wrote \(dir)/train.csv and test.csv")
        }

        var p = GBDTParameters()
        p.iterations = 100
        p.numLeaves = 31
        p.learningRate = 0.05
        if let threads = env["MODELS_BENCH_THREADS"].flatMap(Int.init) { p.threads = threads }
        // The binning alone (LightGBM's "Dataset construction"), which training includes.
        clock = ContinuousClock.now
        let bins = try BinnedData.learnBins(train, parameters: p)
        let learnt = ContinuousClock.now - clock
        _ = BinnedData(matrix: train, bins: bins, threads: p.threads)
        print("binning alone: \(ContinuousClock.now - clock) (bin boundaries \(learnt))")
        for run in 1...(Int(env["MODELS_BENCH_RUNS"] ?? "") ?? 3) {
            clock = ContinuousClock.now
            let cpuBefore = Self.cpuSeconds()
            let model = try GBDTModel.train(train, labels: yTrain, parameters: p)
            let seconds = ContinuousClock.now - clock
            let cpu = Self.cpuSeconds() - cpuBefore
            let auc = Metrics.rocAUC(labels: yTest, scores: try model.rawScores(test))!
            print("run \(run): trained \(model.trees.count) trees on \(p.threads) threads in \(seconds)",
                  "(CPU \(String(format: "%.2f", cpu)) s); test AUC \(auc)")
        }
    }

    /// User + system CPU seconds of this process: less sensitive than wall time to other
    /// processes on a shared machine.
    static func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }
}
