import Foundation
import Testing
import Tables
@testable import Models

/// Our side of `scripts/bench-model`, not a unit test: runs only with MODELS_BENCH_MODEL=1,
/// in a release build, driven by environment variables the script sets:
///
/// - `MB_CSV`: an application_train-like CSV; features are all columns but SK_ID_CURR and
///   TARGET, categoricals one-hot encoded by `FeatureEncoding`.
/// - `MB_OUT`: a folder for what the script compares: `matrix.f64` (the encoded features,
///   column after column, float64, NaN for missing — LightGBM trains on exactly these
///   numbers), `names.txt`, `labels.txt`, and the step's outputs.
/// - `MB_STEP=cv`: trains one model per fold of `MB_FOLDS` (a fold id per row) and writes
///   the out-of-fold raw scores `oof.f64`; prints `MB_RESULT {"seconds": …}` (training only).
/// - `MB_STEP=full`: trains on every row, writes `model.txt` (LightGBM text format),
///   `model.json` (our model file) and the raw scores `pred.f64`; with `MB_IMPORT` (a model
///   saved by LightGBM) also imports it and writes its raw scores as `imported.f64`.
/// - `MB_STEP=logistic`: the logistic regression per fold (see `crossValidateLogistic`).
/// - `MB_TREES` (500) and `MB_THREADS` (2) for quick checks.
@Suite struct ModelBenchmark {
    static let env = ProcessInfo.processInfo.environment
    static let enabled = env["MODELS_BENCH_MODEL"] == "1"

    /// The parameters both systems use (the script passes the same to LightGBM).
    static func parameters() -> GBDTParameters {
        var p = GBDTParameters()
        p.iterations = Int(env["MB_TREES"] ?? "") ?? 500
        p.learningRate = 0.05
        p.numLeaves = 31
        p.minDataInLeaf = 20
        p.featureFraction = 0.8
        p.baggingFraction = 0.8
        p.baggingFreq = 1
        p.seed = 1
        p.threads = Int(env["MB_THREADS"] ?? "") ?? 2
        return p
    }

    @Test(.enabled(if: ModelBenchmark.enabled))
    func run() throws {
        let out = URL(fileURLWithPath: Self.env["MB_OUT"]!)
        let (table, _) = try CSVReader.read(path: Self.env["MB_CSV"]!)
        let columns = table.names.filter { $0 != "SK_ID_CURR" && $0 != "TARGET" }
        if Self.env["MB_STEP"] == "roundtrip" { return try Self.roundTrip(table, columns: columns, out: out) }
        let encoding = try FeatureEncoding(table: table, columns: columns)
        let x = try encoding.matrix(from: table)
        let y = try BinaryTarget.labels(from: table, column: "TARGET")
        try Self.write(x.columns, to: out.appendingPathComponent("matrix.f64"))
        try (x.names.joined(separator: "\n") + "\n").write(to: out.appendingPathComponent("names.txt"), atomically: true, encoding: .utf8)
        try (y.map { $0 ? "1" : "0" }.joined(separator: "\n") + "\n")
            .write(to: out.appendingPathComponent("labels.txt"), atomically: true, encoding: .utf8)
        let p = Self.parameters()

        switch Self.env["MB_STEP"] {
        case "cv":
            let (oof, seconds, _) = try Self.outOfFold(
                rows: x.rowCount, train: { try GBDTModel.train(x.rows($0), labels: $0.map { y[$0] }, parameters: p) },
                score: { try $0.rawScores(x.rows($1)) })
            try Self.write(oof, to: out.appendingPathComponent("oof.f64"))
            print("MB_RESULT {\"seconds\": \(seconds), \"features\": \(x.featureCount), \"rows\": \(x.rowCount), \"peak_mb\": \(Self.peakMB())}")
        case "full":
            let model = try GBDTModel.train(x, labels: y, parameters: p)
            try model.lightGBMText().write(to: out.appendingPathComponent("model.txt"), atomically: true, encoding: .utf8)
            let scores = try model.rawScores(x)
            try Self.write(scores, to: out.appendingPathComponent("pred.f64"))
            let training = TrainingFingerprint(
                dataFingerprint: "\(Self.env["MB_CSV"]!):\(x.rowCount)x\(x.featureCount)", seed: p.seed,
                metrics: ["train_auc": Metrics.rocAUC(labels: y, scores: scores) ?? .nan],
                rowCount: y.count, positiveCount: y.filter { $0 }.count)
            try ModelFile(gbdt: model, training: training).save(to: out.appendingPathComponent("model.json").path)
            if let path = Self.env["MB_IMPORT"] {
                let imported = try GBDTModel(lightGBMText: String(contentsOfFile: path, encoding: .utf8))
                let renamed = FeatureMatrix(columns: x.columns, names: imported.features.map(\.name))
                try Self.write(try imported.rawScores(renamed), to: out.appendingPathComponent("imported.f64"))
            }
            print("MB_RESULT {\"trees\": \(model.trees.count)}")
        case "logistic":
            try Self.crossValidateLogistic(x, labels: y, out: out)
        default:
            Issue.record("MB_STEP must be cv, full or logistic")
        }
    }

    /// `MB_STEP=roundtrip`: LightGBM's text format both ways with text columns, as an analyst
    /// moving between the tool and Python meets it. Trains on every column with native
    /// categoricals and writes `native.txt` (with `pandas_categorical`), `native_columns.txt`
    /// (the table column behind each feature) and the raw scores `native_pred.f64`; then loads
    /// `MB_IMPORT_PANDAS` (a model Python LightGBM trained on a pandas frame with category
    /// columns) as the shell's `load model` does, scores the table by feature name and writes
    /// the probabilities `pandas_import_pred.f64`.
    static func roundTrip(_ table: Table, columns: [String], out: URL) throws {
        let encoding = try FeatureEncoding(table: table, columns: columns, options: .init(categorical: .native))
        let x = try encoding.matrix(from: table)
        let y = try BinaryTarget.labels(from: table, column: "TARGET")
        let model = try GBDTModel.train(x, labels: y, parameters: parameters())
        try model.lightGBMText().write(to: out.appendingPathComponent("native.txt"), atomically: true, encoding: .utf8)
        try (x.features.map(\.source).joined(separator: "\n") + "\n")
            .write(to: out.appendingPathComponent("native_columns.txt"), atomically: true, encoding: .utf8)
        try write(try model.rawScores(x), to: out.appendingPathComponent("native_pred.f64"))
        let imported = try ModelFile.load(from: env["MB_IMPORT_PANDAS"]!)
        try write(try imported.probabilities(for: table), to: out.appendingPathComponent("pandas_import_pred.f64"))
        print("MB_RESULT {\"trees\": \(model.trees.count), \"categorical\": \(x.features.filter(\.isCategorical).count)}")
    }

    /// `MB_STEP=logistic`: the logistic regression on the table's numeric columns (no
    /// indicators of categoricals), fitted per fold of `MB_FOLDS` with `l2` = `MB_L2` (1).
    /// Writes those columns as `logistic.f64` and `logistic_names.txt` (scikit-learn imputes
    /// and standardises them itself, as `LogisticModel` does) and the out-of-fold log-odds
    /// `logistic_oof.f64`; prints the fitting seconds (imputation, standardisation, Newton).
    static func crossValidateLogistic(_ x: FeatureMatrix, labels y: [Bool], out: URL) throws {
        let numeric = x.features.indices.filter { x.features[$0].kind == .numeric }
        let matrix = FeatureMatrix(columns: numeric.map { x.columns[$0] }, names: numeric.map { x.features[$0].name })
        try Self.write(matrix.columns, to: out.appendingPathComponent("logistic.f64"))
        try (matrix.names.joined(separator: "\n") + "\n")
            .write(to: out.appendingPathComponent("logistic_names.txt"), atomically: true, encoding: .utf8)
        var p = LogisticParameters(l2: Double(env["MB_L2"] ?? "") ?? 1)
        p.threads = Int(env["MB_THREADS"] ?? "") ?? 2
        let (oof, seconds, models) = try outOfFold(
            rows: x.rowCount, train: { try LogisticModel.fit(matrix.rows($0), labels: $0.map { y[$0] }, parameters: p) },
            score: { try $0.logits(matrix.rows($1)) })
        let iterations = models.map(\.iterations)
        try Self.write(oof, to: out.appendingPathComponent("logistic_oof.f64"))
        print("MB_RESULT {\"seconds\": \(seconds), \"features\": \(matrix.featureCount), \"rows\": \(x.rowCount),",
              "\"iterations\": \(iterations), \"peak_mb\": \(Self.peakMB())}")
    }

    /// One model per fold of `MB_FOLDS` (a fold id per row), trained on the other folds and
    /// scoring its own: the out-of-fold scores, the seconds spent training (not scoring),
    /// and the models in fold order.
    static func outOfFold<Model>(
        rows: Int, train: ([Int]) throws -> Model, score: (Model, [Int]) throws -> [Double]
    ) throws -> (scores: [Double], seconds: Double, models: [Model]) {
        let folds = try String(contentsOfFile: env["MB_FOLDS"]!, encoding: .utf8).split(separator: "\n").map { Int($0)! }
        precondition(folds.count == rows, "one fold id per row")
        var oof = [Double](repeating: .nan, count: rows)
        var seconds = 0.0, models: [Model] = []
        for k in Set(folds).sorted() {
            let trainRows = folds.indices.filter { folds[$0] != k }, testRows = folds.indices.filter { folds[$0] == k }
            let start = ContinuousClock.now
            let model = try train(trainRows)
            let elapsed = ContinuousClock.now - start
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            models.append(model)
            for (i, s) in zip(testRows, try score(model, testRows)) { oof[i] = s }
        }
        return (oof, seconds, models)
    }

    /// This process's peak resident memory (VmHWM). Read inside the process because the
    /// rusage a parent gets is floored at the parent's own peak on Linux (it carries over
    /// through fork and exec), which would hide a small process's figure.
    static func peakMB() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan) / 1024
    }

    static func write(_ values: [Double], to url: URL) throws { try write([values], to: url) }

    /// Float64 columns one after the other, without copying them into one array first.
    static func write(_ columns: [[Double]], to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let file = try FileHandle(forWritingTo: url)
        defer { try? file.close() }
        for column in columns { try column.withUnsafeBytes { try file.write(contentsOf: Data($0)) } }
    }
}
