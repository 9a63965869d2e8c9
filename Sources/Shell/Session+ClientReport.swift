import Foundation
import HomeCredit
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
        func run(_ statement: String) throws(SessionError) -> String {
            guard let nested = try CommandParser.parse(statement) else { return "" }
            return try nested.command.execute(nested, CommandContext(session: self, driver: nil))
        }
        // The pieces are the commands' own answers, so the report says what the shell says.
        let explanation = try run("explain \(id) in \(tableName) top=5")
        let reasons = explanation.components(separatedBy: "\n").drop { !$0.hasPrefix("principal reasons") }.prefix { !$0.isEmpty }
        let decision = explanation.components(separatedBy: "\n").prefix(3).dropFirst()
        let counterfactual = state.file.decisionThreshold == nil ? "" : try run("counterfactual \(id) in \(tableName)")
        let comparison = try run("compare \(id) in \(tableName) similar 50")

        var sections: [(String, [String])] = []
        // What is held: the application's values, then a summary of every related table.
        var held: [String] = []
        let values = table.names.enumerated().compactMap { (j, name) -> String? in
            guard name != "SK_ID_CURR", !table.columns[j].isMissing(row) else { return nil }
            let meaning = self.meaning(of: name) ?? ""
            return "| \(name) | \(table.columns[j][row].description) | \(meaning.replacingOccurrences(of: "|", with: "/")) |"
        }
        held.append("Your application (\(values.count) answers):")
        held.append("")
        held += ["| field | value | meaning |", "|---|---|---|"] + values
        held.append("")
        held += relatedSummary(id)
        sections.append(("What we hold about you", held))
        sections.append(("The decision", Array(decision)))
        sections.append(("Why", reasons.isEmpty ? ["No single piece of information raises the risk above the average."] : Array(reasons)))
        if !counterfactual.isEmpty { sections.append(("What would change it", counterfactual.components(separatedBy: "\n").dropFirst().map { $0 })) }
        sections.append(("How you compare with similar clients", ["```", comparison, "```"]))
        sections.append(("How this report was made", [
            "Model: \(state.file.model.kind), trained on \(state.file.training.dataFingerprint) (\(state.file.training.rowCount) clients, seed \(state.file.training.seed)).",
            "Tool: credit-explorer \(ToolVersion.tool). Your sex, age, family status and number of children are never given as reasons.",
            "This report is reproduced by the statement `report client \(id) \(path.contains(" ") ? "'\(path)'" : path)` on the same data and model.",
        ]))
        let title = "Your credit application — client \(id)"
        let text = html ? Self.htmlPage(title, sections) : Self.markdown(title, sections)
        do { try AtomicFile.write(Array(text.utf8), to: path) } catch { throw invocation.error("cannot write '\(path)': \(AtomicFile.reason(error))", at: "file") }
        return "wrote the report for client \(id) to \(path) (\(sections.count) sections)"
    }

    /// One line per related table: how many rows the client has there, in words.
    private func relatedSummary(_ id: Int64) -> [String] {
        var lines: [String] = []
        let names: [(String, String)] = [("bureau", "credits reported by other institutions (credit bureau)"), ("previous_application", "previous applications with us"),
                                         ("POS_CASH_balance", "monthly records of point-of-sale and cash loans"), ("installments_payments", "instalments paid or due"),
                                         ("credit_card_balance", "monthly credit-card records")]
        for (table, words) in names {
            guard let t = catalog[table], let keys = t["SK_ID_CURR"] else { continue }
            let rows = keys.rows(matching: [id])
            var line = "- \(rows.count) \(words)"
            if table == "installments_payments", let paid = t["DAYS_ENTRY_PAYMENT"], let due = t["DAYS_INSTALMENT"] {
                let late = rows.filter { r in (paid.number(at: r) ?? 0) > (due.number(at: r) ?? 0) }.count
                line += ", \(late) of them paid late"
            }
            if table == "bureau", let active = t["CREDIT_ACTIVE"] {
                line += ", \(rows.filter { active[$0].description == "Active" }.count) still active"
            }
            lines.append(line)
        }
        return lines
    }

    static func markdown(_ title: String, _ sections: [(String, [String])]) -> String {
        (["# \(title)", ""] + sections.flatMap { ["## \($0.0)", ""] + $0.1 + [""] }).joined(separator: "\n")
    }

    /// One self-contained page: inline CSS, no script, no network; it prints on A4 and reads
    /// on a phone (tables scroll inside their box).
    static func htmlPage(_ title: String, _ sections: [(String, [String])]) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var body: [String] = []
        for (heading, lines) in sections {
            body.append("<h2>\(escape(heading))</h2>")
            var table: [[String]] = []
            var code = false
            for line in lines {
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
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 1rem auto; padding: 0 1rem; color: #222; }
            h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #ccc; }
            .scroll { overflow-x: auto; } table { border-collapse: collapse; font-size: 0.85rem; }
            th, td { border: 1px solid #ddd; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
            pre { overflow-x: auto; font-size: 0.8rem; background: #f6f6f6; padding: 0.5rem; }
            @media print { body { max-width: none; } pre, .scroll { overflow: visible; white-space: pre-wrap; } }
            </style></head><body>
            <h1>\(escape(title))</h1>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }
}
