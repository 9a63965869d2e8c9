import Features

import Query
import Tables

/// The language of what the shell says to a client or a relationship manager (explanations,
/// reasons, reports), and numbers written as its readers write them: 1,234.5 in English,
/// 1 234,5 in French.
///
/// Each sentence is written at the place that says it, in both languages side by side
/// (`w.pick("decision", "décision")`), so that a sentence cannot exist in one language only.
struct Wording: Sendable {
    typealias Language = FeatureMetadata.Language

    var language: Language

    var isFrench: Bool { language == .fr }

    func pick(_ english: String, _ french: String) -> String { isFrench ? french : english }

    /// `x` with `decimals` decimals.
    func fixed(_ x: Double, _ decimals: Int) -> String {
        localized(NumberFormat.fixed(x, decimals))
    }

    /// An integer with thousands separators.
    func grouped(_ n: Int) -> String { localized(NumberFormat.grouped(n)) }

    /// Whole numbers without decimals, others to three significant digits.
    func plain(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return grouped(Int(x)) }
        return localized(String(NumberFormat.round(x, significant: 3)))
    }

    /// An amount as written on a form: whole numbers grouped, others with their decimals
    /// (up to two): 40,352.5.
    func amount(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return grouped(Int(x)) }
        let hundredths = (x * 100).rounded() / 100
        let whole = Int(hundredths.rounded(.towardZero))
        var fraction = String(NumberFormat.fixed(abs(hundredths - Double(whole)), 2).dropFirst(2))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (x < 0 && whole == 0 ? "-" : "") + grouped(whole) + (fraction.isEmpty ? "" : pick(".", ",") + fraction)
    }

    /// A share as a whole percentage: 91% (English), 91 % (French).
    func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))" + pick("%", " %")
    }

    /// A signed figure with a real minus sign: +0.123, −0.123.
    func signed(_ x: Double, _ decimals: Int) -> String {
        (x >= 0 ? "+" : "−") + fixed(abs(x), decimals)
    }

    /// French typography before a colon: "décision : refus".
    var colon: String { pick(":", " :") }

    /// A number written in English turned into this language's: French groups thousands with a
    /// space and writes a decimal comma.
    func localized(_ english: String) -> String {
        guard isFrench else { return english }
        return String(english.map { $0 == "," ? " " : $0 == "." ? "," : $0 })
    }

    /// A renderer that writes numbers in this language (aligned tables only: CSV and Markdown
    /// keep the data's own notation).
    func renderer(from base: TableRenderer) -> TableRenderer {
        var copy = base
        if isFrench && base.format == .aligned {
            copy.decimalSeparator = ","
            copy.groupSeparator = " "
        }
        return copy
    }

    /// The name of a source block of features, as a reader says it.
    func sourceName(_ block: String) -> String {
        switch block {
        case "application": pick("application", "demande")
        case "bureau": pick("credit bureau", "bureau de crédit")
        case "previous_application": pick("previous applications", "demandes précédentes")
        case "POS_CASH_balance": pick("POS and cash loans", "prêts POS et cash")
        case "installments_payments": pick("instalments", "échéances")
        case "credit_card_balance": pick("credit cards", "cartes de crédit")
        default: block
        }
    }
}

extension Option {
    /// `lang=en|fr` on the commands that speak to a client: overrides the session's `.lang`.
    static let language = Option("lang", .choice(["en", "fr"]), default: "en", "the language of the text and its numbers (default: the session's, `.lang`)")
}
