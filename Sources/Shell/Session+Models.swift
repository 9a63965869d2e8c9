import Dispatch
import Features
import Foundation
import Models
import Plots
import Query
import Tables

/// The modelling commands: fit, cv, calibrate, threshold, score, save model, load model.
extension Session {
    func currentModel(for command: String) throws(SessionError) -> ModelState {
        guard let model else {
            throw SessionError("no model yet: `\(command)` works on the model `fit` or `load model` made", column: 1, length: command.count,
                               help: "fit gbdt on application_train trees=200")
        }
        return model
    }

    /// The rows of `table` whose target is known, and how many were left out.
    static func labelled(_ table: Table, target: String) -> (table: Table, unlabelled: Int) {
        guard let column = table[target], column.missingCount > 0 else { return (table, 0) }
        return (table.gather((0..<column.count).filter { !column.isMissing($0) }), column.missingCount)
    }

    /// The rows the current model learnt from, in the order of its labels.
    func trainingTable(_ state: ModelState) throws(SessionError) -> Table {
        Self.labelled(try source(state.source, offset: 0), target: state.spec.target).table
    }

    func fit(_ kind: ModelSpec.Kind, _ invocation: Invocation) throws(SessionError) -> String {
        let request = try FitRequest(invocation, kind: kind) { (name: String, offset: Int) throws(SessionError) -> [String] in try source(name, offset: offset).names }
        let report = try fit(request.spec, on: request.source, offset: invocation.word("on")?.start ?? 0)
        // Built features are not used unless asked for (a script means the table it names),
        // but someone who just built them most likely meant to fit on them.
        guard invocation.value("on") == nil, request.source != Recipe.resultName,
              let built = try? engine.table(named: Recipe.resultName), built[request.spec.target] != nil else { return report }
        return report + "\n(`fit \(kind.rawValue) on \(Recipe.resultName)` learns from the \(NumberFormat.grouped(built.names.filter { $0 != "SK_ID_CURR" && $0 != request.spec.target }.count)) built features instead)"
    }

    /// Fits `spec` on table `sourceName` and makes it the current model (with no `cv`, no
    /// calibration and no threshold: those belonged to the model it replaces).
    func fit(_ spec: ModelSpec, on sourceName: String, offset: Int = 0) throws(SessionError) -> String {
        // A table of train and test clients together (`features`): the model learns from the
        // clients whose outcome is known, and scores the others later.
        let (table, unlabelled) = Self.labelled(try source(sourceName, offset: offset), target: spec.target)
        let started = DispatchTime.now()
        if spec.kind == .gbdt { Progress.expect(spec.gbdt.iterations, "trees") }
        let prepared: (encoding: FeatureEncoding, matrix: FeatureMatrix, labels: [Bool])
        let payload: ModelPayload
        let inSample: [Double]
        let weights: [Double]?
        do {
            prepared = try spec.prepare(table)
            weights = try spec.weights(table)
            payload = try spec.fit(prepared.matrix, labels: prepared.labels, weights: weights)
            inSample = try payload.probabilities(prepared.matrix)
        } catch {
            throw SessionError(error.message, help: error == .cancelled ? nil : "`help fit \(spec.kind.rawValue)` lists the options")
        }
        let metrics = BinaryMetrics(labels: prepared.labels, probabilities: inSample)
        let positives = prepared.labels.filter { $0 }.count
        let training = TrainingFingerprint(
            dataFingerprint: "\(sourceName):\(table.fingerprint)", seed: spec.seed, parameters: spec.parameterSummary,
            metrics: ["in_sample_auc": metrics.auc ?? .nan, "in_sample_log_loss": metrics.logLoss],
            rowCount: prepared.labels.count, positiveCount: positives)
        var file = ModelFile(model: payload, features: prepared.encoding.features, training: training)
        file.encoding = prepared.encoding
        model = ModelState(spec: spec, source: sourceName, file: file, matrix: prepared.matrix, labels: prepared.labels, weights: weights,
                           inSample: inSample, crossValidation: nil, threshold: nil)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        var lines = ["fitted \(spec.kind.rawValue) on \(sourceName): \(NumberFormat.grouped(prepared.labels.count)) rows, "
            + "\(NumberFormat.grouped(positives)) with \(spec.target) = 1 (\(NumberFormat.fixed(100 * Double(positives) / Double(max(1, prepared.labels.count)), 1))%), "
            + "\(prepared.encoding.features.count) features from \(spec.columns.count) columns"]
        if unlabelled > 0 {
            lines.append("\(NumberFormat.grouped(unlabelled)) rows without \(spec.target) left out (clients to score, not to learn from)")
        }
        if let weights, let column = spec.weightColumn {
            lines.append("rows weighted by \(column) (total \(NumberFormat.round(weights.reduce(0, +), significant: 6)), \(NumberFormat.grouped(weights.filter { $0 == 0 }.count)) at 0); the metrics count every client once")
        }
        lines.append(modelDetail(payload, share: spec.earlyStoppingShare))
        if case .gbdt(let m) = payload, m.parameters.earlyStoppingRounds == nil, m.trees.count < m.parameters.iterations {
            // A tree without a split ends training: say why, instead of a silent AUC of 0.5.
            let rows = prepared.labels.count
            let why = m.parameters.minDataInLeaf * 2 > rows
                ? "every split would leave fewer than min_leaf=\(m.parameters.minDataInLeaf) rows on one side (the table has \(NumberFormat.grouped(rows)) rows)"
                : "no split improved the loss enough (min_leaf=\(m.parameters.minDataInLeaf), min_gain=\(m.parameters.minGainToSplit), min_hessian=\(m.parameters.minSumHessianInLeaf))"
            warnings.append("training stopped after \(m.trees.count) of \(m.parameters.iterations) trees: \(why)" + (m.trees.isEmpty ? "; the model predicts the base rate for everyone" : ""))
        }
        lines.append("in-sample AUC \(NumberFormat.fixed(metrics.auc ?? .nan, 4)), log-loss \(NumberFormat.fixed(metrics.logLoss, 4)) (optimistic: `cv` gives honest figures)")
        if timer { lines.append("fit: \(NumberFormat.fixed(seconds, 2)) s") }
        return lines.joined(separator: "\n")
    }

    private func modelDetail(_ payload: ModelPayload, share: Double) -> String {
        switch payload {
        case .gbdt(let m): "\(m.trees.count) trees of up to \(m.parameters.numLeaves) leaves, learning rate \(m.parameters.learningRate)"
            + (m.parameters.earlyStoppingRounds == nil ? "" : " (early stopping kept the best round of up to \(m.parameters.iterations), watching \(NumberFormat.fixed(100 * share, 0))% of the rows, \(m.parameters.earlyStoppingMetric.name))")
        case .logistic(let m): "logistic regression, l2 = \(m.parameters.l2), " + (m.converged ? "converged in \(m.iterations) iterations" : "NOT converged after \(m.iterations) iterations")
        case .scorecard(let c): "scorecard on \(c.selectedFeatures.count) of \(c.binnings.count) features (information value ≥ \(c.parameters.minInformationValue.map { NumberFormat.fixed($0, 2) } ?? "0")), \(Int(c.parameters.baseScore)) points at odds \(Int(c.parameters.baseOdds)):1, \(Int(c.parameters.pointsToDoubleOdds)) to double"
        }
    }

    /// `cv [folds=5] [holdout=0.2] [seed=N]`: out-of-fold predictions of the current specification.
    func crossValidate(_ invocation: Invocation) throws(SessionError) -> String {
        var state = try currentModel(for: "cv")
        guard !state.labels.isEmpty else { throw Self.withoutTrainingData("cv", state) }
        let k = invocation.integer("folds")
        let holdout: Double? = invocation.has("holdout") ? invocation.number("holdout") : nil
        // `seed=` draws the folds only: the model's own seed stays the model's.
        let foldSeed: UInt64? = invocation.has("seed") ? UInt64(invocation.integer("seed")) : nil
        if let holdout {
            // One held-out split: reported, not kept (calibrate and threshold want every row's OOF prediction).
            let result: (split: HoldoutSplit, probabilities: [Double])
            do { result = try state.spec.holdout(state.matrix, labels: state.labels, weights: state.weights, fraction: holdout) } catch { throw SessionError(error.message) }
            let testLabels = result.split.testRows.map { state.labels[$0] }
            let base = BaseRateBaseline(labels: result.split.trainRows.map { state.labels[$0] })
            let rows = [("held out", BinaryMetrics(labels: testLabels, probabilities: result.probabilities)),
                        ("base rate", base.metrics(labels: testLabels))]
            return renderer.listing(Self.metricsTable(rows))
                + "\ntrained on \(NumberFormat.grouped(result.split.trainRows.count)) rows, evaluated on \(NumberFormat.grouped(result.split.testRows.count)) held out (stratified, seed \(state.spec.seed))"
        }
        let cv: CrossValidation
        if state.spec.kind == .gbdt { Progress.expect(k * state.spec.gbdt.iterations, "trees") } else { Progress.expect(k, "folds") }
        do { cv = try state.spec.crossValidate(state.matrix, labels: state.labels, weights: state.weights, folds: k, foldSeed: foldSeed) } catch {
            throw SessionError(error.message)
        }
        state.crossValidation = cv
        // New out-of-fold predictions: the old calibration and threshold were fitted on others.
        state.file.calibration = nil
        state.clearThreshold()
        state.file.training.metrics["cv_auc"] = cv.overall.auc ?? .nan
        state.file.training.metrics["cv_log_loss"] = cv.overall.logLoss
        model = state
        var kept = ""
        if let name = invocation.value("as") {
            // Full precision; the table is for checking, plotting and exporting.
            let table = try trainingTable(state)
            var columns: [(String, Column)] = []
            if let ids = table["SK_ID_CURR"], ids.count == cv.outOfFold.count { columns.append(("SK_ID_CURR", ids)) }
            columns += [
                ("fold", Column(ints: cv.folds.fold.map { Int64($0 + 1) })),
                (state.spec.target, Column(ints: state.labels.map { $0 ? 1 : 0 })),
                ("log_odds", Column(doubles: cv.outOfFold.map { p in Foundation.log(p / (1 - p)) })),
                ("pd", Column(doubles: cv.outOfFold)),
            ]
            do { try engine.bind(name, try Table(columns)) } catch let error as QueryError { throw invocation.error(error.message, at: "as") } catch {
                throw invocation.error("\(error)", at: "as")
            }
            kept = "\nout-of-fold predictions kept as \(name) (\(NumberFormat.grouped(cv.outOfFold.count)) rows: fold, \(state.spec.target), log_odds, pd)"
        }
        var rows: [(String, BinaryMetrics)] = cv.foldMetrics.enumerated().map { ("fold \($0.offset + 1)", $0.element) }
        rows.append(("out-of-fold", cv.overall))
        rows.append(("base rate", cv.baseline))
        var table = Self.metricsTable(rows)
        var stopped = ""
        if let rounds = cv.bestRounds {
            // Each fold's model kept the trees up to its best round.
            table = try! table.with("best_round", Column(ints: rounds.map { Int64($0) } + [nil, nil]))
            stopped = "\nearly stopping (\(state.spec.gbdt.earlyStoppingMetric.name), watching "
                + (state.spec.earlyStoppingOnFold ? "each fold's own held-out rows, as LightGBM's cv: the OOF figures are optimistic)" : "\(NumberFormat.fixed(100 * state.spec.earlyStoppingShare, 0))% of each fold's training rows)")
                + ": best rounds \(rounds.map(String.init).joined(separator: ", "))"
        }
        return renderer.listing(table)
            + "\n\(k)-fold stratified cross-validation, fold seed \(foldSeed ?? state.spec.seed): OOF AUC \(NumberFormat.fixed(cv.overall.auc ?? .nan, 4)), Gini \(NumberFormat.fixed(cv.overall.gini ?? .nan, 4))" + stopped + kept
    }

    static func metricsTable(_ rows: [(String, BinaryMetrics)]) -> Table {
        try! Table([
            ("rows", Column(strings: rows.map(\.0))),
            ("n", Column(ints: rows.map { Int64($0.1.count) })),
            ("defaults", Column(ints: rows.map { Int64($0.1.positives) })),
            ("auc", Column(doubles: rows.map { $0.1.auc.map { NumberFormat.round($0, 4) } })),
            ("gini", Column(doubles: rows.map { $0.1.gini.map { NumberFormat.round($0, 4) } })),
            ("ks", Column(doubles: rows.map { $0.1.ks.map { NumberFormat.round($0.value, 4) } })),
            ("log_loss", Column(doubles: rows.map { NumberFormat.round($0.1.logLoss, 4) })),
            ("brier", Column(doubles: rows.map { NumberFormat.round($0.1.brier, 4) })),
            ("pr_auc", Column(doubles: rows.map { $0.1.averagePrecision.map { NumberFormat.round($0, 4) } })),
        ])
    }

    /// `calibrate platt|isotonic`: fitted on out-of-fold predictions, so that "probability of
    /// default" means it even with class weights.
    func calibrate(_ invocation: Invocation) throws(SessionError) -> String {
        var state = try currentModel(for: "calibrate")
        let method = Calibrator.Method(rawValue: invocation.value("method") ?? "") ?? .isotonic
        guard let cv = state.crossValidation else {
            throw SessionError("calibrate needs out-of-fold predictions: run `cv` first", column: 1, length: 9, help: "cv folds=5")
        }
        let before = Metrics.expectedCalibrationError(labels: state.labels, probabilities: cv.outOfFold)
        do { state.file.calibration = try Calibrator.fit(method, labels: state.labels, probabilities: cv.outOfFold) } catch {
            throw SessionError("\(error)")
        }
        state.clearThreshold()
        model = state
        let after = Metrics.expectedCalibrationError(labels: state.labels, probabilities: state.evaluated.probabilities)
        return "\(method.rawValue) calibration fitted on \(NumberFormat.grouped(cv.outOfFold.count)) out-of-fold predictions: "
            + "expected calibration error \(NumberFormat.fixed(before, 4)) \(arrow) \(NumberFormat.fixed(after, 4)) (in-sample on the OOF predictions; deciles)"
    }

    /// `threshold cost fn=10 fp=1 [weight COLUMN]`: the threshold that minimises expected
    /// cost on the out-of-fold predictions, and what it means for approvals.
    func threshold(_ invocation: Invocation) throws(SessionError) -> String {
        var state = try currentModel(for: "threshold")
        let costs = DecisionCosts(falseNegative: invocation.number("fn"), falsePositive: invocation.number("fp"))
        let weightColumn = invocation.value("weight")
        // A policy: the lender's cut-off, taken as given.
        if invocation.has("at") {
            guard invocation.value("rule") == nil, weightColumn == nil, !invocation.has("fn"), !invocation.has("fp") else {
                throw invocation.error("`at=` sets the threshold by policy: costs, a rule and weights choose one instead", at: "rule")
            }
            let at = invocation.number("at")
            state.threshold = nil
            state.file.setThreshold(at, costs: nil, predictions: "a policy cut-off (`threshold at=\(at)`)")
            model = state
            return "threshold \(at) set by policy: refuse when the probability of default is at least \(at)"
                + (state.file.calibration == nil ? "" : " (calibrated probabilities)")
        }
        guard state.crossValidation != nil else {
            throw SessionError("threshold needs out-of-fold predictions: run `cv` first", column: 1, length: 9, help: "cv folds=5")
        }
        var weights: [Double]?
        if let weightColumn {
            let table = try trainingTable(state)
            guard let column = table[weightColumn], column.type == .int || column.type == .double else {
                throw invocation.error("no numeric column '\(weightColumn)' in \(state.source)" + NameSuggester.didYouMean(NameSuggester.nearest(to: weightColumn, in: table.names)), at: "weight")
            }
            weights = (0..<column.count).map { column.number(at: $0) ?? 0 }
        }
        let (probabilities, kind) = state.evaluated
        let analysis: ThresholdAnalysis
        do { analysis = try ThresholdAnalysis(labels: state.labels, probabilities: probabilities, costs: costs, weights: weights) } catch {
            throw SessionError("\(error)")
        }
        state.threshold = analysis
        state.file.setThreshold(analysis.threshold.isFinite ? analysis.threshold : 1, costs: costs, predictions: kind)
        model = state
        return ThresholdReport(analysis: analysis, predictions: kind, weight: weightColumn).render(
            renderer: renderer, plot: PlotOptions(width: renderer.width, height: max(8, plotHeight / 2), charset: unicode ? .unicode : .ascii, color: colorOutput))
    }

    /// `score client <SK_ID_CURR>`: one client's probability and decision.
    func scoreClient(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "score client")
        let id = Int64(invocation.value("client") ?? "") ?? 0
        let own = ["application_test", "application_train"].contains(state.source) ? [] : [state.source]
        for name in own + ["application_test", "application_train"] {
            guard let table = try? engine.table(named: name), let row = table["SK_ID_CURR"]?.rows(where: { $0 == id }).first else { continue }
            let p = try scored(state, table.gather([row]), named: name)[0]
            return clientDecision(id: id, table: name, probability: p, state: state)
        }
        throw invocation.error("no client \(id) in " + (own + ["application_test", "application_train"]).joined(separator: " or "), at: "client")
    }

    /// `score <table> [as <name>]`: every row's probability (and decision), kept as a table.
    func score(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "score")
        let table = try source(invocation, "table")
        let p = try scored(state, table, named: invocation.value("table"))
        var columns: [(String, Column)] = []
        if let ids = table["SK_ID_CURR"] { columns.append(("SK_ID_CURR", ids)) }
        // Full precision in the table (CSV exports, later pipelines); display rounds.
        columns.append(("pd", Column(doubles: p)))
        if let t = state.file.decisionThreshold {
            columns.append(("decision", Column(strings: p.map { $0 >= t ? "refuse" : "approve" })))
        }
        if case .scorecard(let card) = state.file.model, let encoding = state.file.encoding, let m = try? encoding.matrix(from: table), let points = try? card.scores(m) {
            columns.append(("points", Column(doubles: points.map { $0.rounded() })))
        }
        let result = try! Table(columns)
        let name = invocation.value("as") ?? "scores"
        do { try engine.bind(name, result) } catch { throw invocation.error(error.message, at: "as") }
        let refused = state.file.decisionThreshold.map { t in ", \(NumberFormat.grouped(p.filter { $0 >= t }.count)) refused" } ?? ""
        return emit(["\(name): \(NumberFormat.grouped(result.rowCount)) clients scored, mean pd \(NumberFormat.fixed(p.reduce(0, +) / Double(max(1, p.count)), 4))"
            + refused, state.file.thresholdDescription], renderer.format == .aligned ? renderer.preview(result, rows: 10) : renderer.render(result))
    }

    private func scored(_ state: ModelState, _ table: Table, named name: String?) throws(SessionError) -> [Double] {
        do { return try state.file.probabilities(for: table) } catch { throw SessionError(error.message + scoringHint(state, instead: name)) }
    }

    /// Where to score when a table lacks the model's columns but the model's own table has
    /// them: a model fitted on `features` (train and test clients), asked to score
    /// `application_test`, scores the test clients' rows of `features`.
    private func scoringHint(_ state: ModelState, instead name: String?) -> String {
        guard name != state.source, let own = try? engine.table(named: state.source),
              let unlabelled = own[state.spec.target]?.missingCount, unlabelled > 0, state.file.checkColumns(of: own).isEmpty else { return "" }
        return "; the model was fitted on `\(state.source)`, which has them: `score \(state.source)` scores its "
            + "\(NumberFormat.grouped(own.rowCount)) rows (\(NumberFormat.grouped(unlabelled)) without \(state.spec.target): the clients to decide on)"
    }

    private func clientDecision(id: Int64, table: String, probability p: Double, state: ModelState) -> String {
        var lines = ["client \(id) (\(table)): probability of default \(NumberFormat.fixed(p, 4))"]
        if let t = state.file.decisionThreshold {
            lines.append("decision: \(p >= t ? "refuse" : "approve") (\(state.file.thresholdDescription))")
        } else {
            lines.append(state.file.thresholdDescription)
        }
        return lines.joined(separator: "\n")
    }

    /// `save model FILE [lightgbm]`: the versioned model file, or LightGBM's text format.
    func saveModel(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "save model")
        let path = invocation.value("file") ?? ""
        if invocation.value("format") == "lightgbm" {
            guard let gbdt = state.file.gbdt else { throw invocation.error("only a gbdt model can be written in LightGBM's format", at: "format") }
            do { try AtomicFile.write(Array(gbdt.lightGBMText().utf8), to: path) } catch { throw invocation.error("cannot write '\(path)': \(error)", at: "file") }
            return "wrote \(path) in LightGBM's text format (\(gbdt.trees.count) trees)"
        }
        do { try state.file.save(to: path) } catch { throw invocation.error("\(error)", at: "file") }
        return "saved the \(state.spec.kind.rawValue) model to \(path) (format version \(ModelFile.currentFormatVersion))"
    }

    /// `load model FILE`: a model file, or a LightGBM text model (recognised by its header).
    func loadModel(_ invocation: Invocation) throws(SessionError) -> String {
        let path = invocation.value("file") ?? ""
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw invocation.error(FileManager.default.fileExists(atPath: path) ? "cannot read '\(path)'" : "no file '\(path)'", at: "file")
        }
        let file: ModelFile
        do { file = try ModelFile.load(from: path) } catch { throw invocation.error("\(error)", at: "file") }
        var spec = ModelSpec(kind: ModelSpec.Kind(rawValue: file.model.kind) ?? .gbdt, columns: Array(Set(file.features.map(\.source))).sorted())
        spec.seed = file.training.seed
        model = ModelState(spec: spec, source: "application_train", file: file, matrix: FeatureMatrix(columns: [], names: []),
                           labels: [], inSample: [], crossValidation: nil, threshold: nil)
        return "loaded a \(file.model.kind) model with \(file.features.count) features from \(path)"
            + (file.decisionThreshold.map { ", threshold \(NumberFormat.fixed($0, 4))" } ?? (file.thresholdIsStale ? ", its threshold is stale (chosen before the calibration changed)" : ""))
            + (file.calibration == nil ? "" : ", calibrated")
    }

    /// The error of a command that needs the training rows of a model loaded from a file.
    static func withoutTrainingData(_ command: String, _ state: ModelState) -> SessionError {
        SessionError("`\(command)` needs the model's training rows, and this model was loaded from a file without them: fit it here (`fit …`) to validate it",
                     column: 1, length: command.count, help: "fit \(state.spec.kind.rawValue) on application_train")
    }
}
