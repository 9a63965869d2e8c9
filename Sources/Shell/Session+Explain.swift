import Explain
import Features
import Foundation
import HomeCredit
import Models
import Query
import Tables

/// `explain <client>`: the current model's decision for one client, taken apart.
extension Session {
    func explain(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "explain")
        let w = wording(invocation)
        let (tableName, table, row) = try locateClient(invocation)
        let id = Int64(invocation.value("target") ?? "") ?? 0
        let client = table.gather([row])
        let matrix: FeatureMatrix
        do { matrix = try state.file.features(of: client) } catch { throw invocation.error(error.message, at: "target") }
        let explanation = explainer(for: state).explain(row: matrix.row(0))
        let raw: Double
        do { raw = try state.file.model.probabilities(matrix)[0] } catch { throw SessionError(error.message) }
        let calibrated = state.file.calibration?.apply(raw)
        let pd = calibrated ?? raw
        let points = explanation.scale == .points
        let unit = points ? "points" : w.pick("log-odds", "log-cote")

        var lines: [String] = []
        lines.append("client \(id) (\(tableName)) — " + w.pick("\(state.file.model.kind) model on \(state.source)", "modèle \(state.file.model.kind) sur \(state.source)"))
        lines.append(w.pick("probability of default ", "probabilité de défaut ") + w.fixed(raw, 4)
            + (calibrated.map { w.pick(" (calibrated: ", " (calibrée : ") + w.fixed($0, 4) + ")" } ?? ""))
        if let t = state.file.decisionThreshold {
            let refuse = pd >= t
            let gap = Self.logit(pd) - Self.logit(t)
            let decision = refuse ? w.pick("refuse", "refus") : w.pick("approve", "accord")
            let side = refuse ? w.pick("above", "au-dessus") : w.pick("below", "en dessous")
            lines.append(w.pick("decision", "décision") + w.colon + " \(decision), \(w.fixed(abs(pd - t), 4)) \(side) "
                + w.pick("the threshold", "du seuil") + " \(w.fixed(t, 4)) (\(w.fixed(abs(gap), 2)) " + w.pick("in log-odds)", "en log-cote)"))
            lines.append("  " + thresholdText(state.file, w))
        } else {
            lines.append(thresholdText(state.file, w))
        }
        let total = explanation.contributions.reduce(0) { $0 + $1.value }
        lines.append("\(points ? "score" : w.pick("log-odds", "log-cote")) \(w.signed(explanation.output, 3)) = base \(w.signed(explanation.base, 3)) "
            + "+ contributions \(w.signed(total, 3)) (\(unit)" + w.pick("; exact to ", " ; exact à ")
            + String(format: "%.0e", max(explanation.additivityError, 1e-15)) + ")")
        lines.append("  base" + w.colon + " " + baseMeaning(explanation, state, w))
        if calibrated != nil {
            lines.append("  " + w.pick("additivity holds on the raw scale; the calibrated probability maps the total, not each part",
                                       "l'additivité vaut sur l'échelle brute ; la probabilité calibrée transforme le total, pas chaque part"))
        }

        // The principal reasons, in words, never a protected attribute.
        let training = try? engine.table(named: state.source)
        let reasons = mergedReasons(explanation, language: w.language)
        lines.append("")
        if reasons.isEmpty {
            lines.append(w.pick("principal reasons: none — no column raises this client's risk above the average",
                                "principaux motifs : aucun — aucune colonne n'élève le risque de ce client au-dessus de la moyenne"))
        } else {
            lines.append(w.pick("principal reasons (what raises the risk most", "principaux motifs (ce qui élève le plus le risque")
                + (points ? w.pick(", in points lost against the best bin", ", en points perdus par rapport à la meilleure classe") : "") + ")" + w.colon)
            for (k, reason) in reasons.enumerated() {
                var text = reasonText(reason.columns[0], table: table, row: row, training: training?[reason.columns[0]], w)
                let others = reason.columns.dropFirst()
                if others.count == 1 { text += w.pick("; and \(others[others.startIndex]) alike", " ; de même \(others[others.startIndex])") }
                if others.count > 1 {
                    text += w.pick("; and \(others.count) columns of the same kind", " ; et \(others.count) colonnes de même nature")
                        + " (\(others.prefix(2).joined(separator: ", "))\(others.count > 2 ? ", …" : ""))"
                }
                lines.append("  \(k + 1). \(text) (\(points ? "−" : "+")\(w.fixed(reason.weight, points ? 1 : 2)) \(unit))")
            }
        }

        // One line per table column (one-hot levels summed), the largest first.
        let top = invocation.has("top") ? invocation.integer("top") : 10
        let groups = explanation.bySource()
        let shown = Array(groups.prefix(top))
        var columns: [String] = [], values: [String] = [], percentiles: [String] = [], contributions: [Double] = [], meanings: [String] = []
        // A scorecard's reason codes: the points each characteristic loses against its best bin.
        let lost: [String: Double] = points
            ? Dictionary(explanation.contributions.compactMap { c in c.best.map { (c.source, $0 - c.value) } }, uniquingKeysWith: +) : [:]
        var pointsLost: [Double?] = []
        // The waterfall: from the base, each line's contribution added, to the output at the end.
        var running: [Double] = [], sum = explanation.base
        for (source, value) in shown {
            sum += value
            running.append(NumberFormat.round(sum, 4))
            let protected = ColumnRole.of(source, in: "application_train") == .protected
            columns.append(source + (protected ? w.pick(" (protected)", " (protégé)") : ""))
            contributions.append(NumberFormat.round(value, 4))
            values.append(clientValue(table[source], row: row, unit: unitOf(source), w))
            percentiles.append(standing(of: table[source], row: row, among: training?[source], w))
            meanings.append(meaning(of: source, w.language) ?? "")
            pointsLost.append(lost[source].map { NumberFormat.round($0, 2) })
        }
        if groups.count > shown.count {
            let rest = groups.dropFirst(shown.count).reduce(0) { $0 + $1.value }
            let others = groups.count - shown.count
            columns.append(others == 1 ? w.pick("1 other column", "1 autre colonne") : w.pick("\(others) other columns", "\(others) autres colonnes"))
            contributions.append(NumberFormat.round(rest, 4))
            running.append(NumberFormat.round(sum + rest, 4))
            values.append(""); percentiles.append(""); meanings.append(""); pointsLost.append(nil)
        }
        // The meaning sits in the middle: on a narrow screen it is the column left out.
        var listing = try! Table([
            ("contribution", Column(doubles: contributions)),
            (w.pick("running", "cumul"), Column(doubles: running)),
            (w.pick("column", "colonne"), Column(strings: columns)),
            (w.pick("meaning", "signification"), Column(strings: meanings)),
            (w.pick("client_value", "valeur_client"), Column(strings: values)),
            (w.pick("standing", "position"), Column(strings: percentiles)),
        ])
        if points { listing = try! listing.with(w.pick("points_lost", "points_perdus"), Column(doubles: pointsLost)) }
        let direction = points ? w.pick("points: + makes the score safer", "points : + rend le score plus sûr")
            : w.pick("log-odds: + raises the risk of default", "log-cote : + élève le risque de défaut")
        lines.append("")
        lines.append(w.pick("the largest contributions (\(direction)), by column, from the base \(w.signed(explanation.base, 3)) to the output \(w.signed(explanation.output, 3)):",
                            "les plus grandes contributions (\(direction)), par colonne, de la base \(w.signed(explanation.base, 3)) à la sortie \(w.signed(explanation.output, 3)) :"))
        var renderer = w.renderer(from: self.renderer)
        renderer.maxRows = 0
        renderer.maxCellWidth = 32
        lines.append(renderer.listing(listing))
        lines.append(w.pick("by source table: ", "par table d'origine : ") + bySourceTable(explanation, w)
            .map { "\(w.sourceName($0.block)) \(w.signed($0.value, 3))" }.joined(separator: ", ") + " (\(unit))")
        let protectedShare = groups.filter { ColumnRole.of($0.source, in: "application_train") == .protected }
        if !protectedShare.isEmpty {
            let sum = protectedShare.reduce(0) { $0 + $1.value }
            let names = protectedShare.map(\.source).joined(separator: ", ")
            lines.append(w.pick("protected attributes (\(names)) carry \(w.signed(sum, 3)) \(unit) of this decision: never given as reasons; ",
                                "les attributs protégés (\(names)) portent \(w.signed(sum, 3)) \(unit) de cette décision : jamais donnés comme motifs ; ")
                + w.pick("`fit … exclude \(names.replacingOccurrences(of: ", ", with: ","))` refits without them",
                         "`fit … exclude \(names.replacingOccurrences(of: ", ", with: ","))` réentraîne sans eux"))
        }
        return lines.joined(separator: "\n")
    }

    /// The current model prepared for explanations, kept until the model changes.
    func explainer(for state: ModelState) -> Explainer {
        if let prepared = preparedExplainer { return prepared }
        let made = Explainer(state.file.model)
        preparedExplainer = made
        return made
    }

    /// The language of this explanation: the command's `lang=`, else the session's `.lang`.
    func wording(_ invocation: Invocation) -> Wording {
        if invocation.command.options.contains(where: { $0.name == "lang" }), invocation.has("lang") {
            return Wording(language: invocation.text("lang") == "fr" ? .fr : .en)
        }
        return Wording(language: language)
    }

    /// The principal reasons of a decision, never a protected attribute; columns that say the
    /// same thing (the _AVG, _MODE and _MEDI of one building measure, whose descriptions read
    /// alike, or the levels of one raw column) make one reason, not three.
    func mergedReasons(_ explanation: Explanation, language: Wording.Language = .en, limit: Int = 4) -> [(columns: [String], weight: Double)] {
        var reasons: [(columns: [String], weight: Double)] = []
        var families: [String] = []
        for (column, weight) in explanation.principalReasons(limit: 40, excluding: Set(ColumnRole.protectedColumns)) {
            let family = reasonFamily(column)
            if let k = families.firstIndex(of: family) {
                reasons[k].columns.append(column)
                reasons[k].weight += weight
            } else if reasons.count < limit {
                reasons.append(([column], weight))
                families.append(family)
            }
        }
        // A family's members together may outweigh the column that came first.
        return reasons.sorted { $0.weight > $1.weight }
    }

    /// Contributions summed by source table (application, credit bureau, …), in the data
    /// set's file order: through each column's lineage, so that every feature a recipe built
    /// from the bureau counts for the bureau.
    func bySourceTable(_ explanation: Explanation, _ w: Wording) -> [(block: String, value: Double)] {
        var sums: [String: Double] = [:]
        for c in explanation.contributions { sums[sourceBlock(of: c.source), default: 0] += c.value }
        return Self.sourceOrder(sums.keys).map { ($0, sums[$0]!) }
    }

    /// The lineage of a column of the current model's table (a built feature table or any
    /// saved result), else of the last feature build.
    func lineage(of column: String) -> ColumnLineage? {
        if let source = model?.source, let l = engine.lineages[source]?[column] { return l }
        return featureSet?.lineage[column]
    }

    /// The source block a column comes from; a loaded table's own column is the application's.
    func sourceBlock(of column: String) -> String {
        guard let l = lineage(of: column) else { return "application" }
        return FeatureMetadata.source(of: l)
    }

    /// A column's unit (days, currency, share, …) from its lineage or its name.
    func unitOf(_ column: String) -> String {
        FeatureMetadata.unit(lineage(of: column) ?? ColumnLineage(table: model?.source ?? "application_train", column: column))
    }

    /// The threshold and how it was set, in the explanation's language.
    private func thresholdText(_ file: ModelFile, _ w: Wording) -> String {
        guard w.isFrench else { return file.thresholdDescription }
        guard let t = file.decisionThreshold else {
            if file.thresholdIsStale { return "pas de seuil : celui enregistré précède le changement de calibration ; relancez `threshold`" }
            return "pas encore de seuil : `threshold cost fn=10 fp=1` en fixe un"
        }
        var text = "seuil " + w.localized(String((t * 10_000).rounded() / 10_000))
        if let costs = file.costs { text += ", fixé par `threshold cost fn=\(costs.falseNegative.formatted()) fp=\(costs.falsePositive.formatted())`" }
        if let basis = file.thresholdBasis { text += " sur " + Self.frenchPredictions(basis.predictions) }
        return text
    }

    /// Which predictions a threshold was chosen on, in French.
    private static func frenchPredictions(_ english: String) -> String {
        if english == "out-of-fold, calibrated" { return "les prédictions hors pli, calibrées" }
        if english.hasPrefix("out-of-fold (") {
            return "les prédictions hors pli (validation croisée à " + english.dropFirst("out-of-fold (".count).replacingOccurrences(of: "-fold CV)", with: " plis)")
        }
        if english.hasPrefix("a policy cut-off") { return "un seuil fixé par la politique de crédit" + english.dropFirst("a policy cut-off".count) }
        if english.hasPrefix("in-sample") { return "les prédictions sur l'échantillon d'entraînement (optimistes)" }
        return english
    }

    /// What the base value is, in the explanation's language.
    private func baseMeaning(_ e: Explanation, _ state: ModelState, _ w: Wording) -> String {
        guard w.isFrench else { return e.baseMeaning }
        switch state.file.model {
        case .gbdt: return "la log-cote moyenne sur les lignes d'entraînement (TreeSHAP dépendant du chemin, comme pred_contrib de LightGBM)"
        case .logistic: return "la log-cote d'un client aux moyennes d'entraînement (chaque terme vaut coefficient × (valeur − moyenne))"
        case .scorecard: return "aucun point : le score est la somme des points de chaque caractéristique"
        }
    }

    /// The client's value with its unit: "1,250 days", "45,000.5 (currency)", "missing".
    private func clientValue(_ column: Column?, row: Int, unit: String, _ w: Wording) -> String {
        guard let column else { return "—" }
        if column.isMissing(row) { return w.pick("missing", "manquant") }
        guard let x = column.number(at: row) else { return column[row].description }
        let suffix: String
        switch unit {
        case "days": suffix = w.pick(" days", " jours")
        case "months": suffix = w.pick(" months", " mois")
        case "count": suffix = ""
        case "currency": suffix = w.pick(" (currency)", " (devise)")
        default: suffix = ""
        }
        return w.plain(x) + suffix
    }

    /// The client named by the invocation's `target`, in its `in` table or else in
    /// application_test, then application_train.
    func locateClient(_ invocation: Invocation, raw: Bool = false) throws(SessionError) -> (name: String, table: Table, row: Int) {
        let id = Int64(invocation.value("target") ?? "") ?? 0
        // A model fitted on another table (`features`) reads its clients there first, unless
        // the application as the client gave it is wanted (what-if edits the raw fields).
        let own = raw ? nil : model.map(\.source).flatMap { ["application_test", "application_train"].contains($0) ? nil : $0 }
        let tables = invocation.value("in").map { [$0] } ?? ((own.map { [$0] } ?? []) + ["application_test", "application_train"])
        for name in tables {
            let table: Table
            do { table = try engine.table(named: name) } catch { throw invocation.error(error.message, at: "in") }
            if let row = table["SK_ID_CURR"]?.rows(where: { $0 == id }).first { return (name, table, row) }
        }
        throw invocation.error("no client \(id) in \(tables.joined(separator: " or "))", at: "target")
    }

    /// `explain <table> [as name]`: every client's probability, decision and three principal
    /// reasons (columns and weights), kept as a table for audit and export.
    func explainTable(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "explain")
        let table = try source(invocation, "target")
        let matrix: FeatureMatrix
        do { matrix = try state.file.features(of: table) } catch { throw invocation.error(error.message, at: "target") }
        let detail = invocation.text("detail")
        if detail != "reasons" { return try explainMatrix(invocation, table: table, matrix: matrix, contributions: detail == "contributions", state: state) }
        let raw: [Double]
        do { raw = try state.file.model.probabilities(matrix) } catch { throw SessionError(error.message) }
        let pd = state.file.calibration.map { $0.apply(raw) } ?? raw
        let reasons = PortfolioImportance.reasons(state.file.model, matrix, limit: 3, excluding: Set(ColumnRole.protectedColumns))
        var columns: [(String, Column)] = []
        if let ids = table["SK_ID_CURR"] { columns.append(("SK_ID_CURR", ids)) }
        columns.append(("pd", Column(doubles: pd)))
        if let t = state.file.decisionThreshold { columns.append(("decision", Column(strings: pd.map { $0 >= t ? "refuse" : "approve" }))) }
        for k in 0..<3 {
            columns.append(("reason_\(k + 1)", Column(strings: reasons.map { $0.count > k ? $0[k].source : nil })))
            columns.append(("weight_\(k + 1)", Column(doubles: reasons.map { $0.count > k ? $0[k].weight : nil })))
        }
        let result = try! Table(columns)
        let name = invocation.value("as") ?? "reasons"
        do { try engine.bind(name, result) } catch { throw invocation.error(error.message, at: "as") }
        let scale = state.spec.kind == .scorecard ? "points lost against the best bin" : "log-odds added"
        // On screen the reasons themselves; the weights are in the table (`from NAME`).
        let shown = (try? result.selecting(result.names.filter { !$0.hasPrefix("weight_") })) ?? result
        return emit(["\(name): the principal reasons of \(NumberFormat.grouped(result.rowCount)) clients, with their weights (\(scale)) in weight_1…3 (`from \(name)`); protected attributes are never a reason"],
                    renderer.format == .aligned ? renderer.preview(shown, rows: 10) : renderer.render(result))
    }

    /// `explain TABLE detail=contributions|inputs`: every client's exact contribution per model
    /// term with the base value last (each row sums to the raw score), or the encoded values
    /// the model reads (one-hot levels, missing as missing), for audit and for other tools.
    private func explainMatrix(_ invocation: Invocation, table: Table, matrix: FeatureMatrix, contributions: Bool,
                               state: ModelState) throws(SessionError) -> String {
        var columns: [(String, Column)] = []
        if let ids = table["SK_ID_CURR"] { columns.append(("SK_ID_CURR", ids)) }
        if contributions {
            let (names, values) = PortfolioImportance.contributionColumns(state.file.model, matrix)
            for (name, column) in zip(names, values) { columns.append((name, Column(doubles: column))) }
        } else {
            for (feature, column) in zip(matrix.features, matrix.columns) { columns.append((feature.name, Column(doubles: column.map { $0.isNaN ? nil : $0 }))) }
        }
        let result: Table
        do { result = try Table(columns) } catch { throw invocation.error("\(error)", at: "target") }
        let name = invocation.value("as") ?? (contributions ? "contributions" : "inputs")
        do { try engine.bind(name, result) } catch { throw invocation.error(error.message, at: "as") }
        let scale = state.spec.kind == .scorecard ? "points" : "log-odds"
        let what = contributions
            ? "every term's exact contribution (\(scale)) and the base value; each row sums to the model's raw output"
            : "the \(matrix.featureCount) encoded values the model reads (one-hot levels as 0/1)"
        return emit(["\(name): \(NumberFormat.grouped(result.rowCount)) clients × \(result.columnCount) columns, \(what) (`from \(name)`)"],
                    renderer.format == .aligned ? renderer.preview(result, rows: 5) : renderer.render(result))
    }

    /// One reason in words, from the column's meaning and where the client's value stands:
    /// "Normalized score from external data source (EXT_SOURCE_3) is 0.156, lower than 91% of
    /// clients".
    func reasonText(_ column: String, table: Table, row: Int, training: Column?, _ w: Wording) -> String {
        let subject = shortMeaning(of: column, w.language).map { "\($0) (\(column))" } ?? column
        guard let values = table[column] else { return subject }
        if values.isMissing(row) {
            let share = training.map { Double($0.missingCount) / Double(max(1, $0.count)) }
            return subject + w.pick(" is not known", " n'est pas connu")
                + (share.map { w.pick(" (unknown for \(w.percent($0)) of clients)", " (inconnu pour \(w.percent($0)) des clients)") } ?? "")
        }
        if let x = values.number(at: row), !(training.map(standings.isFlag) ?? false) {
            var text = subject + w.pick(" is ", " vaut ") + w.plain(x)
            if let training, let share = standings.share(of: training, below: x, strictly: true) {
                text += share >= 0.5 ? w.pick(", higher than \(w.percent(share)) of clients", ", plus que \(w.percent(share)) des clients")
                    : w.pick(", lower than \(w.percent(1 - share)) of clients", ", moins que \(w.percent(1 - share)) des clients")
            }
            return text
        }
        let level = values.number(at: row).map(w.plain) ?? values[row].description
        guard let share = Standing.levelShare(of: values, row: row, among: training, cache: standings) else { return subject + w.pick(" is ", " vaut ") + level }
        return subject + w.pick(" is \(level) (\(w.percent(share)) of clients share it)", " vaut \(level) (\(w.percent(share)) des clients aussi)")
    }

    /// The dictionary's description as the start of a sentence: its first clause (the
    /// building measures' descriptions run on for three lines), without a final full stop.
    private static func sentence(_ text: String) -> String {
        var t = text
        if t.count > 70 {
            // The first comma outside parentheses ends the first clause.
            var depth = 0
            for index in t.indices {
                switch t[index] {
                case "(": depth += 1
                case ")": depth -= 1
                case "," where depth == 0, ":" where depth == 0: t = String(t[..<index]).trimmingCharacters(in: .whitespaces)
                default: continue
                }
                if t.endIndex == index || t.count < text.count { break }
            }
        }
        while t.hasSuffix(".") { t.removeLast() }
        return t.prefix(1).uppercased() + t.dropFirst()
    }

    /// What a reason is about: the short meaning when the dictionary has one (columns that
    /// share it say the same thing), else the column itself.
    func reasonFamily(_ column: String) -> String {
        shortMeaning(of: column) ?? column
    }

    /// What a column means: a built feature's sentence (from its lineage), else the official
    /// dictionary's description, in `language`.
    func meaning(of column: String, _ language: Wording.Language = .en) -> String? {
        if let l = lineage(of: column), !l.isPlainColumn {
            return FeatureMetadata(name: column, lineage: l, english: dictionary, french: frenchDictionary).description(language)
        }
        let book = language == .fr ? (frenchDictionary ?? dictionary) : dictionary
        return book?.entry(column: column)?.description
    }

    /// The meaning as the subject of a sentence: a feature's whole sentence, or the first clause
    /// of the dictionary's description.
    func shortMeaning(of column: String, _ language: Wording.Language = .en) -> String? {
        if let l = lineage(of: column), !l.isPlainColumn { return meaning(of: column, language) }
        return meaning(of: column, language).map(Self.sentence)
    }

    private static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-12), 1 - 1e-12)
        return log(q / (1 - q))
    }

    /// Where the client's value stands among the training clients (see `Standing`).
    func standing(of column: Column?, row: Int, among training: Column?, _ w: Wording) -> String {
        guard let column, let training, !column.isMissing(row) else { return "" }
        // A flag (only 0 and 1) stands like a category: the share of clients with the same value.
        if let x = column.number(at: row), training.type != .category, !standings.isFlag(training) {
            return standings.share(of: training, below: x).map { w.pick("percentile ", "centile ") + "\(Int(($0 * 100).rounded()))" } ?? ""
        }
        return Standing.levelShare(of: column, row: row, among: training, cache: standings).map { w.pick("\(w.percent($0)) of clients", "\(w.percent($0)) des clients") } ?? ""
    }

    /// A column's present numbers.
    static func numbers(_ column: Column) -> [Double] {
        (0..<column.count).compactMap { column.number(at: $0) }
    }
}
