import Explain
import Foundation
import HomeCredit
import Models
import Plots
import Tables

/// `report client <id> FILE`: what a client may ask to see, in plain language.
extension Session {
    func clientReport(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "report client")
        let path = invocation.value("file") ?? ""
        let html = path.lowercased().hasSuffix(".html") || path.lowercased().hasSuffix(".htm")
        guard html || path.lowercased().hasSuffix(".md") else { throw invocation.error("the report is FILE.md or FILE.html", at: "file") }
        let (tableName, table, row) = try locateClient(invocation)
        let id = Int64(invocation.value("target") ?? "") ?? 0
        let w = wording(invocation)
        let lang = " lang=\(w.language.rawValue)"
        func run(_ statement: String) throws(SessionError) -> String {
            guard let nested = try CommandParser.parse(statement) else { return "" }
            return try nested.command.execute(nested, CommandContext(session: self, driver: nil))
        }
        // The pieces are the commands' own answers, so the report says what the shell says.
        let explanation = try run("explain \(id) in \(tableName) top=5" + lang)
        let reasons = explanation.components(separatedBy: "\n").drop { !$0.hasPrefix(w.pick("principal reasons", "principaux motifs")) }.prefix { !$0.isEmpty }
        let decision = explanation.components(separatedBy: "\n").prefix(3).dropFirst()
        let counterfactual = state.file.decisionThreshold == nil ? "" : try run("counterfactual \(id) in \(tableName)" + lang)
        let comparison = try run("compare \(id) in \(tableName) similar 50" + lang)

        var sections: [(String, [String])] = []
        // What is held: the application's values, then a summary of every related table.
        var held: [String] = []
        let values = table.names.enumerated().compactMap { (j, name) -> String? in
            guard name != "SK_ID_CURR", !table.columns[j].isMissing(row) else { return nil }
            let meaning = self.meaning(of: name, w.language) ?? ""
            let value = table.columns[j].number(at: row).map(w.plain) ?? table.columns[j][row].description
            return "| \(name) | \(value) | \(meaning.replacingOccurrences(of: "|", with: "/")) |"
        }
        held.append(w.pick("Your application (\(values.count) answers):", "Votre demande (\(values.count) réponses) :"))
        held.append("")
        held += [w.pick("| field | value | meaning |", "| champ | valeur | signification |"), "|---|---|---|"] + values
        held.append("")
        held += relatedSummary(id, w)
        sections.append((w.pick("What we hold about you", "Ce que nous détenons sur vous"), held))
        sections.append((w.pick("The decision", "La décision"), Array(decision) + (html ? try decisionCharts(state, table, row, w) : [])))
        sections.append((w.pick("Why", "Pourquoi"), reasons.isEmpty
            ? [w.pick("No single piece of information raises the risk above the average.", "Aucune information n'élève à elle seule le risque au-dessus de la moyenne.")]
            : Array(reasons)))
        if !counterfactual.isEmpty {
            sections.append((w.pick("What would change it", "Ce qui la changerait"), counterfactual.components(separatedBy: "\n").dropFirst().map { $0 }))
        }
        sections.append((w.pick("How you compare with similar clients", "Votre situation face à des clients semblables"), ["```", comparison, "```"]))
        let statement = "report client \(id) \(path.contains(" ") ? "'\(path)'" : path)" + (invocation.has("lang") ? lang : "")
        let training = state.file.training
        sections.append((w.pick("How this report was made", "Comment ce rapport a été établi"), [
            w.pick("Model: \(state.file.model.kind), trained on \(training.dataFingerprint) (\(training.rowCount) clients, seed \(training.seed)).",
                   "Modèle : \(state.file.model.kind), entraîné sur \(training.dataFingerprint) (\(training.rowCount) clients, graine \(training.seed))."),
            w.pick("Tool: credit-explorer \(ToolVersion.tool). Your sex, age, family status and number of children are never given as reasons.",
                   "Outil : credit-explorer \(ToolVersion.tool). Votre sexe, votre âge, votre situation familiale et votre nombre d'enfants ne sont jamais donnés comme motifs."),
            w.pick("This report is reproduced by the statement `\(statement)` on the same data and model.",
                   "Ce rapport est reproduit par l'instruction `\(statement)` sur les mêmes données et le même modèle."),
        ]))
        let title = w.pick("Your credit application — client \(id)", "Votre demande de crédit — client \(id)")
        let text = html ? Self.htmlPage(title, sections, language: w.language.rawValue) : Self.markdown(title, sections)
        do { try AtomicFile.write(Array(text.utf8), to: path) } catch { throw invocation.error("cannot write '\(path)': \(AtomicFile.reason(error))", at: "file") }
        return "wrote the report for client \(id) to \(path) (\(sections.count) sections, \(w.isFrench ? "French" : "English"))"
    }

    /// For the page: where the client's probability falls among the training clients, with the
    /// threshold; and what weighs on the decision, column by column (one SVG line each).
    private func decisionCharts(_ state: ModelState, _ table: Table, _ row: Int, _ w: Wording) throws(SessionError) -> [String] {
        let matrix: FeatureMatrix
        do { matrix = try state.file.features(of: table.gather([row])) } catch { throw SessionError(error.message) }
        let explanation = explainer(for: state).explain(row: matrix.row(0))
        var lines: [String] = []
        let training = try trainingTable(state)
        let population = populationProbabilities(state, training)
        if population.count == training.rowCount,
           let client = try? state.file.probabilities(for: table.gather([row])).first {
            var markers: [(label: String, value: Double, color: String)] = [(w.pick("you", "vous"), client, "#1f5fbf")]
            if let t = state.file.decisionThreshold { markers.append((w.pick("threshold", "seuil"), t, "#c0392b")) }
            lines.append(SVGChart.histogram(population, markers: markers, title: w.pick("Your probability of default among all clients", "Votre probabilité de défaut parmi tous les clients"),
                                            format: { w.fixed($0, 3) }))
        }
        let parts = explanation.bySource().prefix(8)
        let points = explanation.scale == .points
        lines.append(SVGChart.bars(labels: parts.map(\.source), values: parts.map(\.value),
                                   title: points ? w.pick("Points per characteristic (more points: safer)", "Points par caractéristique (plus de points : plus sûr)")
                                       : w.pick("What weighs on the decision (log-odds; + raises the risk)", "Ce qui pèse sur la décision (log-cote ; + élève le risque)"),
                                   positive: points ? "#2e7d32" : "#c0392b", negative: points ? "#c0392b" : "#2e7d32", format: { w.signed($0, 2) }))
        return lines
    }

    /// One line per related table: how many rows the client has there, in words.
    private func relatedSummary(_ id: Int64, _ w: Wording) -> [String] {
        var lines: [String] = []
        let names: [(String, String)] = [
            ("bureau", w.pick("credits reported by other institutions (credit bureau)", "crédits déclarés par d'autres établissements (bureau de crédit)")),
            ("previous_application", w.pick("previous applications with us", "demandes précédentes chez nous")),
            ("POS_CASH_balance", w.pick("monthly records of point-of-sale and cash loans", "relevés mensuels de prêts au point de vente et de prêts d'argent")),
            ("installments_payments", w.pick("instalments paid or due", "échéances payées ou dues")),
            ("credit_card_balance", w.pick("monthly credit-card records", "relevés mensuels de carte de crédit")),
        ]
        for (table, words) in names {
            guard let t = catalog[table], let keys = t["SK_ID_CURR"] else { continue }
            let rows = keys.rows(matching: [id])
            var line = "- \(w.grouped(rows.count)) \(words)"
            if table == "installments_payments", let paid = t["DAYS_ENTRY_PAYMENT"], let due = t["DAYS_INSTALMENT"] {
                let late = rows.filter { r in (paid.number(at: r) ?? 0) > (due.number(at: r) ?? 0) }.count
                line += w.pick(", \(late) of them paid late", ", dont \(late) payées en retard")
            }
            if table == "bureau", let active = t["CREDIT_ACTIVE"] {
                let open = rows.filter { active[$0].description == "Active" }.count
                line += w.pick(", \(open) still active", ", dont \(open) encore actifs")
            }
            lines.append(line)
        }
        return lines
    }

    static func markdown(_ title: String, _ sections: [(String, [String])]) -> String {
        (["# \(title)", ""] + sections.flatMap { ["## \($0.0)", ""] + $0.1.filter { !$0.hasPrefix("<svg") } + [""] }).joined(separator: "\n")
    }

    /// One self-contained page: inline CSS, no script, no network; it prints on A4 and reads
    /// on a phone (tables scroll inside their box).
    static func htmlPage(_ title: String, _ sections: [(String, [String])], language: String = "en") -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var body: [String] = []
        for (heading, lines) in sections {
            body.append("<h2>\(escape(heading))</h2>")
            var table: [[String]] = []
            var code = false
            for line in lines {
                if line.hasPrefix("<svg") { body.append("<figure>\(line)</figure>"); continue }
                if line == "```" { body.append(code ? "</pre>" : "<pre>"); code.toggle(); continue }
                if code { body.append(escape(line)); continue }
                if line.hasPrefix("|") {
                    if !line.hasPrefix("|---") { table.append(line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }) }
                    continue
                }
                if !table.isEmpty {
                    body.append("<div class=\"scroll\"><table>" + table.enumerated().map { k, cells in
                        "<tr>" + cells.map { k == 0 ? "<th>\(escape($0))</th>" : "<td>\(escape($0))</td>" }.joined() + "</tr>"
                    }.joined() + "</table></div>")
                    table = []
                }
                if !line.isEmpty { body.append("<p>\(escape(line))</p>") }
            }
            if !table.isEmpty {
                body.append("<div class=\"scroll\"><table>" + table.enumerated().map { k, cells in
                    "<tr>" + cells.map { k == 0 ? "<th>\(escape($0))</th>" : "<td>\(escape($0))</td>" }.joined() + "</tr>"
                }.joined() + "</table></div>")
            }
        }
        return """
            <!doctype html>
            <html lang="\(language)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 1rem auto; padding: 0 1rem; color: #222; }
            h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #ccc; }
            .scroll { overflow-x: auto; } table { border-collapse: collapse; font-size: 0.85rem; }
            th, td { border: 1px solid #ddd; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
            pre { overflow-x: auto; font-size: 0.8rem; background: #f6f6f6; padding: 0.5rem; }
            figure { margin: 1rem 0; } svg { max-width: 40rem; height: auto; }
            @media (max-width: 40rem) {
              .scroll table, .scroll tr, .scroll td { display: block; }
              .scroll tr:first-child { display: none; }
              .scroll tr { border-bottom: 1px solid #ddd; padding: 0.3rem 0; }
              .scroll td { border: none; padding: 0.1rem 0.2rem; }
              .scroll td:first-child { font-weight: 600; }
            }
            @media print { body { max-width: none; } pre, .scroll { overflow: visible; white-space: pre-wrap; } }
            </style></head><body>
            <h1>\(escape(title))</h1>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }
}
