import HomeCredit
import Models
import Plots
import Query
import Tables

/// `report`, `importance` and `model`: what the current model is and how good it is.
extension Session {
    /// `report [metrics|calibration|lift|roc|coefficients|bins FEATURE]`.
    func report(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "report")
        let section = invocation.value("section") ?? "metrics"
        if section == "monotone" { return try monotonicity(state) }
        guard !state.labels.isEmpty || section == "coefficients" || section == "bins" else {
            throw SessionError("a loaded model has no training data to report on: fit one, or `score` a table", column: 1, length: 6)
        }
        let (p, kind) = state.labels.isEmpty ? ([], "") : state.evaluated
        let plot = PlotOptions(width: renderer.width, height: max(8, plotHeight / 2), charset: unicode ? .unicode : .ascii, color: colorOutput)
        switch section {
        case "metrics":
            var rows = [(kind, BinaryMetrics(labels: state.labels, probabilities: p))]
            if let cv = state.crossValidation { rows.append(("base rate", cv.baseline)) }
            var out = ["\(state.spec.kind.rawValue) on \(state.source), \(kind) predictions", renderer.listing(Self.metricsTable(rows))]
            if let t = state.file.decisionThreshold {
                let c = ConfusionMatrix(labels: state.labels, probabilities: p, threshold: t)
                out.append("at threshold \(NumberFormat.fixed(t, 4)): refused defaulters \(c.truePositives), refused good clients \(c.falsePositives), "
                    + "approved good clients \(c.trueNegatives), approved defaulters \(c.falseNegatives)")
            }
            out.append("more: report calibration | lift | roc" + (state.spec.kind == .gbdt ? "" : " | coefficients") + (state.spec.kind == .scorecard ? " | bins FEATURE" : ""))
            return out.joined(separator: "\n")
        case "calibration":
            let table = CalibrationTable(labels: state.labels, probabilities: p)
            let listing = try! Table([
                ("decile", Column(ints: table.bins.indices.map { Int64($0 + 1) })),
                ("n", Column(ints: table.bins.map { Int64($0.count) })),
                ("mean_pd", Column(doubles: table.bins.map { NumberFormat.round($0.meanPredicted, 4) })),
                ("observed_rate", Column(doubles: table.bins.map { NumberFormat.round($0.observedRate, 4) })),
                ("min_pd", Column(doubles: table.bins.map { NumberFormat.round($0.minProbability, 4) })),
                ("max_pd", Column(doubles: table.bins.map { NumberFormat.round($0.maxProbability, 4) })),
            ])
            var options = plot
            options.title = "observed default rate against mean predicted, by decile"
            let chart = LineChart(series: [
                XYSeries("observed", x: table.bins.map(\.meanPredicted), y: table.bins.map(\.observedRate)),
                XYSeries("perfect", x: [0, table.bins.last?.maxProbability ?? 1], y: [0, table.bins.last?.maxProbability ?? 1]),
            ]).render(options)
            return renderer.listing(listing) + "\nexpected calibration error \(NumberFormat.fixed(table.expectedCalibrationError, 4)) (\(kind))\n" + chart.text
        case "lift":
            let lift = LiftTable(labels: state.labels, scores: p)
            let listing = try! Table([
                ("decile", Column(ints: lift.rows.indices.map { Int64($0 + 1) })),
                ("n", Column(ints: lift.rows.map { Int64($0.count) })),
                ("defaults", Column(ints: lift.rows.map { Int64($0.positives) })),
                ("rate", Column(doubles: lift.rows.map { NumberFormat.round($0.rate, 4) })),
                ("lift", Column(doubles: lift.rows.map { NumberFormat.round($0.lift, 2) })),
                ("cum_gain", Column(doubles: lift.rows.map { NumberFormat.round($0.cumulativeGain, 4) })),
                ("cum_lift", Column(doubles: lift.rows.map { NumberFormat.round($0.cumulativeLift, 2) })),
            ])
            return "deciles from the riskiest (\(kind))\n" + renderer.listing(listing)
        case "roc":
            let curve = Self.rocCurve(labels: state.labels, scores: p)
            var options = plot
            options.title = "ROC (\(kind)): AUC \(NumberFormat.fixed(Metrics.rocAUC(labels: state.labels, scores: p) ?? .nan, 4))"
            return LineChart(series: [XYSeries("model", x: curve.fpr, y: curve.tpr), XYSeries("chance", x: [0, 1], y: [0, 1])]).render(options).text
        case "coefficients":
            return try coefficients(state)
        case "bins":
            guard case .scorecard(let card) = state.file.model else { throw invocation.error("`report bins` is for scorecards", at: "section") }
            guard let feature = invocation.value("feature") else { throw invocation.error("`report bins` needs a feature", at: "section", help: "report bins EXT_SOURCE_2") }
            guard let binning = card.binnings.first(where: { $0.feature == feature }) else {
                throw invocation.error("no binned feature '\(feature)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: feature, in: card.binnings.map(\.feature))), at: "feature")
            }
            return binsListing(binning, of: card)
        default:
            throw invocation.error("no report section '\(section)'", at: "section")
        }
    }

    /// A scorecard feature's bins: counts, bad rate, WoE, information value and points.
    func binsListing(_ binning: FeatureBinning, of card: Scorecard) -> String {
        let points = card.points.first { $0.feature == binning.feature }
        let listing = try! Table([
            ("bin", Column(strings: binning.bins.map(\.label))),
            ("n", Column(ints: binning.bins.map { Int64($0.count) })),
            ("bads", Column(ints: binning.bins.map { Int64($0.bads) })),
            ("bad_rate", Column(doubles: binning.bins.map { NumberFormat.round($0.badRate, 4) })),
            ("woe", Column(doubles: binning.bins.map { NumberFormat.round($0.woe, 4) })),
            ("iv", Column(doubles: binning.bins.map { NumberFormat.round($0.informationValue, 4) })),
            ("points", Column(doubles: binning.bins.map { bin in points?.bins.first { $0.label == bin.label }.map { NumberFormat.round($0.points, 1) } })),
        ])
        let manual = card.parameters.manualBins[binning.feature].map { " (bins set by hand: \($0.description))" } ?? ""
        return "\(binning.feature): information value \(NumberFormat.fixed(binning.informationValue, 4))"
            + (points == nil ? " (not selected)" : "") + manual + "; WoE = ln(%good / %bad), positive is safer\n" + renderer.listing(listing)
    }

    private func coefficients(_ state: ModelState) throws(SessionError) -> String {
        let logistic: LogisticModel
        switch state.file.model {
        case .logistic(let m): logistic = m
        case .scorecard(let c): logistic = c.model
        case .gbdt: throw SessionError("a gbdt model has no coefficients: see `importance`", column: 8, length: 12)
        }
        let t = logistic.coefficientTable
        func r(_ x: Double?, _ places: Int = 4) -> Double? { x.map { NumberFormat.round($0, places) } }
        let listing = try! Table([
            ("term", Column(strings: t.map(\.name))),
            ("coef", Column(doubles: t.map { NumberFormat.round($0.originalCoefficient, significant: 4) })),
            ("std_err", Column(doubles: t.map { $0.originalStandardError.map { NumberFormat.round($0, significant: 4) } })),
            ("z", Column(doubles: t.map { r($0.z, 2) })),
            ("p_value", Column(doubles: t.map { r($0.pValue) })),
            ("coef_std", Column(doubles: t.map { r($0.coefficient) })),
            ("odds_ratio_sd", Column(doubles: t.map { r($0.oddsRatioPerSD) })),
        ])
        var notes: [String] = []
        if let references = state.file.encoding?.referenceLevels, !references.isEmpty, case .logistic = state.file.model {
            notes.append("reference levels (no term; the others are read against them): " + references.map { "\($0.column) = \($0.level)" }.joined(separator: ", "))
        }
        notes.append(logistic.parameters.l2 > 0
            ? "penalised fit (l2 = \(logistic.parameters.l2)): the coefficients are shrunk towards 0, and standard errors, z and p-values are approximate (from the penalised curvature); `fit logistic l2=0` gives classical inference"
            : "unpenalised fit (l2 = 0): classical Wald standard errors, z and p-values")
        return "coefficients on the original scale (coef_std: per standard deviation); l2 = \(logistic.parameters.l2)"
            + (logistic.converged ? "" : "; NOT converged") + "\n" + renderer.listing(listing) + "\n" + notes.joined(separator: "\n")
    }

    /// (false positive rate, true positive rate) at every distinct score, riskiest first.
    static func rocCurve(labels: [Bool], scores: [Double]) -> (fpr: [Double], tpr: [Double]) {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let positives = Double(labels.filter { $0 }.count), negatives = Double(labels.count) - positives
        var tp = 0.0, fp = 0.0, fpr = [0.0], tpr = [0.0]
        for (k, i) in order.enumerated() {
            if labels[i] { tp += 1 } else { fp += 1 }
            if k + 1 == order.count || scores[order[k + 1]] != scores[i] {
                fpr.append(negatives > 0 ? fp / negatives : 0)
                tpr.append(positives > 0 ? tp / positives : 0)
            }
        }
        return (fpr, tpr)
    }

    /// `importance [gain|split] [N]`: for trees, gain or split counts; for linear models,
    /// the absolute standardised coefficient; for scorecards, information value.
    func importance(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "importance")
        if invocation.value("measure") == "shap" { return try shapImportance(invocation, state) }
        let kind: FeatureImportance.Kind = invocation.value("measure") == "split" ? .splits : .gain
        let top = invocation.value("top").flatMap { Int($0) } ?? 20
        guard top > 0 else { throw invocation.error("show at least 1 feature", at: "top") }
        var names: [String] = [], values: [Double] = [], measure = ""
        switch state.file.model {
        case .gbdt(let m):
            let list = m.featureImportance(kind).sorted { $0.value > $1.value }
            names = list.map(\.feature); values = list.map(\.value); measure = kind.rawValue
        case .logistic(let m):
            let list = m.coefficientTable.filter { !$0.isIntercept }.sorted { abs($0.coefficient) > abs($1.coefficient) }
            names = list.map(\.name); values = list.map { abs($0.coefficient) }; measure = "abs_coef_per_sd"
        case .scorecard(let c):
            let list = c.binnings.sorted { $0.informationValue > $1.informationValue }
            names = list.map(\.feature); values = list.map(\.informationValue); measure = "information_value"
        }
        let total = values.reduce(0, +)
        let shown = min(top, names.count)
        let listing = try! Table([
            ("feature", Column(strings: Array(names.prefix(shown)))),
            (measure, Column(doubles: values.prefix(shown).map { NumberFormat.round($0, 4) })),
            ("share_pct", Column(doubles: values.prefix(shown).map { total > 0 ? ($0 / total * 1000).rounded() / 10 : 0 })),
        ])
        return emit(names.count > shown ? ["(\(shown) of \(names.count) features; `importance \(names.count)` shows all)"] : [], renderer.listing(listing))
    }

    /// `model`: what the current model is, how it was trained, and its decision settings.
    func modelSummary() throws(SessionError) -> String {
        let state = try currentModel(for: "model")
        let f = state.file, t = f.training
        var lines = ["\(f.model.kind) model on \(state.source) (target \(state.spec.target)): \(f.features.count) features from \(Set(f.features.map(\.source)).count) columns"]
        lines.append("trained on \(NumberFormat.grouped(t.rowCount)) rows (\(NumberFormat.grouped(t.positiveCount)) defaults), seed \(t.seed), data \(t.dataFingerprint)")
        lines.append("parameters: " + t.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        lines.append("metrics: " + t.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(NumberFormat.fixed($0.value, 4))" }.joined(separator: " "))
        lines.append("calibration: " + (f.calibration.map { if case .platt = $0 { "platt" } else { "isotonic" } } ?? "none"))
        lines.append("threshold: " + (f.threshold == nil ? "none" : f.thresholdDescription))
        let protected = ColumnRole.protectedColumns.filter { name in f.features.contains { $0.source == name } }
        lines.append("protected attributes: " + (protected.isEmpty ? "none used"
            : "\(protected.joined(separator: ", ")) used (never given as reasons; `fit … exclude protected` refits without them)"))
        return lines.joined(separator: "\n")
    }
}
