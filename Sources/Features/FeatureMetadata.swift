import HomeCredit
import Query

/// What a feature is, in words a relationship manager can read: where it comes from, which
/// rows, how it is summarised, its unit, and a sentence in English and French built from the
/// official column dictionary. Everything is read off the column's lineage; nothing is
/// written per feature.
public struct FeatureMetadata: Sendable, Equatable {
    public enum Language: String, Sendable, CaseIterable { case en, fr }

    public var name: String
    /// The source block: application, bureau, previous_application, POS_CASH_balance,
    /// installments_payments or credit_card_balance (another table's own name otherwise).
    public var source: String
    public var tables: [String]
    public var rawColumns: [String]
    public var filters: [String]
    /// The aggregations, outermost first (`max`, then `min` for a maximum of minimums).
    public var aggregations: [String]
    public var unit: String
    public var english: String
    public var french: String

    public func description(_ language: Language) -> String { language == .en ? english : french }

    /// The block a table's features belong to: bureau_balance is folded into bureau, and the
    /// two application files are one.
    public static func source(ofTable table: String) -> String {
        switch table {
        case "application_train", "application_test": "application"
        case "bureau_balance": "bureau"
        default: table
        }
    }

    /// The block a column belongs to: the first table it reads other than the application's.
    public static func source(of lineage: ColumnLineage) -> String {
        source(ofTable: lineage.tables.first { !$0.hasPrefix("application") } ?? lineage.tables.first ?? "")
    }

    public init(name: String, lineage: ColumnLineage, english: ColumnDictionary?, french: ColumnDictionary?) {
        self.name = name
        tables = lineage.tables
        source = Self.source(of: lineage)
        rawColumns = lineage.columns
        filters = lineage.filters
        aggregations = lineage.summaries.reversed().map(\.function).filter { $0 != "group" }
        unit = Self.unit(lineage)
        self.english = Describer(lineage: lineage, language: .en, dictionary: english).sentence
        self.french = Describer(lineage: lineage, language: .fr, dictionary: french ?? english).sentence
    }

    /// days, months, currency, count, share, ratio, 0/1, score or number.
    public static func unit(_ l: ColumnLineage) -> String {
        let functions = l.summaries.map(\.function).filter { $0 != "group" }
        if let last = functions.last, ["size", "count", "nunique"].contains(last) { return "count" }
        let base: String
        if l.level != nil || l.isMissingIndicator {
            base = functions.isEmpty ? "0/1" : "share"
        } else if let e = l.expression, e.contains("/") {
            base = "ratio"
        } else {
            // A sum, difference or bound of days is days: the unit of the first column read.
            let c = l.columns.first ?? ""
            if c.hasPrefix("DAYS_") { base = "days" }
            else if c.hasPrefix("MONTHS_") { base = "months" }
            else if c.hasPrefix("AMT_") { base = "currency" }
            else if c.hasPrefix("CNT_") || c.hasPrefix("NUM_") || c.hasPrefix("SK_DPD") || c.hasPrefix("OBS_") || c.hasPrefix("DEF_") { base = "count" }
            else if c.hasPrefix("FLAG_") || c.hasPrefix("REG_") || c.hasPrefix("LIVE_") { base = "0/1" }
            else if c.hasPrefix("EXT_SOURCE") { base = "score" }
            else if c.contains("RATE") || c.hasSuffix("_PERC") || c.hasSuffix("_AVG") || c.hasSuffix("_MEDI") || c.hasSuffix("_MODE") { base = "share" }
            else { base = "number" }
        }
        if functions.last == "var" { return base + "²" }
        return base
    }
}

/// Builds the sentence of a feature in one language.
struct Describer {
    let lineage: ColumnLineage
    let language: FeatureMetadata.Language
    let dictionary: ColumnDictionary?

    var sentence: String {
        var text = subject
        // Outermost summary first: "Mean, over the client's credits, of: …".
        let summaries = lineage.summaries.filter { $0.function != "group" }
        var rowsTable = lineage.tables.first ?? ""
        var nouns: [String] = []
        for (k, s) in summaries.enumerated() {
            nouns.append(k == 0 ? noun(rows: rowsTable, keys: s.keys) : noun(groupsOf: summaries[k - 1].keys, keys: s.keys))
            rowsTable = ""
        }
        let filterText = lineage.filters.map(readable).joined(separator: fr ? " et " : " and ")
        // Innermost first, each wrapping the text so far; the rows a filter kept are those of
        // the last (outermost) summary, where recipes filter before grouping by client.
        for (k, s) in summaries.enumerated() {
            var over = nouns[k]
            if k == summaries.count - 1 && !filterText.isEmpty { over += fr ? " où \(filterText)" : " where \(filterText)" }
            let isShare = s.function == "mean" && (lineage.level != nil || lineage.isMissingIndicator) && k == 0
            let word = isShare ? (fr ? "Part" : "Share") : functionWord(s.function)
            if s.function == "size" {
                text = fr ? "\(word) de \(over)" : "\(word) of \(over)"
            } else {
                text = fr ? "\(word), sur \(over), de : \(k > 0 ? lowered(text) : text)" : "\(word), over \(over), of: \(k > 0 ? lowered(text) : text)"
            }
        }
        if summaries.isEmpty && !filterText.isEmpty { text += fr ? " (lignes où \(filterText))" : " (rows where \(filterText))" }
        return text
    }

    private var fr: Bool { language == .fr }

    /// The value before any summary: a raw column's description, a level, or an expression.
    private var subject: String {
        if let expression = lineage.expression, lineage.level == nil {
            let parts = lineage.columns.map { "\($0): \(describe($0))" }
            return expression + (parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")")
        }
        guard let column = lineage.columns.first else { return fr ? "lignes" : "rows" }
        if lineage.isMissingIndicator { return fr ? "\(describe(column)) : non renseigné" : "\(describe(column)): not given" }
        if let level = lineage.level { return "\(describe(column)) = '\(level)'" }
        return describe(column)
    }

    private func describe(_ column: String) -> String {
        for table in lineage.tables {
            if let e = dictionary?.entry(table: table, column: column) { return e.description.trimmingCharacters(in: .whitespaces) }
        }
        return dictionary?.entry(column: column)?.description.trimmingCharacters(in: .whitespaces) ?? column
    }

    /// A summary's sentence inside another's: "Mean, … of: number of …".
    private func lowered(_ s: String) -> String { s.prefix(1).lowercased() + s.dropFirst() }

    private func functionWord(_ f: String) -> String {
        switch f {
        case "min": fr ? "Minimum" : "Minimum"
        case "max": fr ? "Maximum" : "Maximum"
        case "mean": fr ? "Moyenne" : "Mean"
        case "sum": fr ? "Somme" : "Sum"
        case "var": fr ? "Variance" : "Variance"
        case "std": fr ? "Écart-type" : "Standard deviation"
        case "median": fr ? "Médiane" : "Median"
        case "size", "count": fr ? "Nombre" : "Number"
        case "nunique": fr ? "Nombre de valeurs distinctes" : "Number of distinct values"
        case "first": fr ? "Première valeur" : "First value"
        case "last": fr ? "Dernière valeur" : "Last value"
        default: f
        }
    }

    /// What the rows of a table are, seen from the key they are grouped by.
    private func noun(rows table: String, keys: [String]) -> String {
        let perCredit = keys == ["SK_ID_BUREAU"] || keys == ["SK_ID_PREV"]
        let owner = perCredit ? (fr ? "du crédit" : "the credit's") : (fr ? "du client" : "the client's")
        switch table {
        case "bureau": return fr ? "les crédits \(owner) déclarés au Credit Bureau" : "\(owner) Credit Bureau credits"
        case "bureau_balance": return fr ? "les mois d'historique \(owner) au Credit Bureau" : "\(owner) monthly Credit Bureau balances"
        case "previous_application": return fr ? "les demandes précédentes \(owner)" : "\(owner) previous applications"
        case "POS_CASH_balance": return fr ? "les mois de solde des prêts POS et cash \(owner)" : "\(owner) monthly POS and cash-loan balances"
        case "installments_payments": return fr ? "les échéances des crédits précédents \(owner)" : "\(owner) instalments of previous credits"
        case "credit_card_balance": return fr ? "les mois de solde des cartes de crédit \(owner)" : "\(owner) monthly credit-card balances"
        default: return fr ? "les lignes de \(table)" : "the rows of \(table)"
        }
    }

    /// What groups of an earlier summary are (credits, previous loans), seen from the next key.
    private func noun(groupsOf inner: [String], keys: [String]) -> String {
        switch inner {
        case ["SK_ID_BUREAU"]: fr ? "les crédits du client déclarés au Credit Bureau" : "the client's Credit Bureau credits"
        case ["SK_ID_PREV"]: fr ? "les crédits précédents du client" : "the client's previous credits"
        default: fr ? "les groupes par \(inner.joined(separator: ", "))" : "the groups by \(inner.joined(separator: ", "))"
        }
    }

    /// `CREDIT_ACTIVE_Active == 1` reads as `CREDIT_ACTIVE is 'Active'` when the prefix is a
    /// column of the dictionary (a one-hot indicator); anything else is quoted as written.
    private func readable(_ condition: String) -> String {
        let parts = condition.split(separator: " ")
        if parts.count == 3, parts[1] == "==", parts[2] == "1" {
            let name = String(parts[0])
            var cut = name.endIndex
            while let underscore = name[..<cut].lastIndex(of: "_") {
                let column = String(name[..<underscore])
                if lineage.tables.contains(where: { dictionary?.entry(table: $0, column: column) != nil }) {
                    let level = String(name[name.index(after: underscore)...])
                    return fr ? "\(column) vaut '\(level)'" : "\(column) is '\(level)'"
                }
                cut = underscore
            }
        }
        return "`\(condition)`"
    }
}
