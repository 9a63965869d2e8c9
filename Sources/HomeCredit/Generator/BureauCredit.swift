import Foundation

/// One credit of the bureau: its dates, amounts and state on the application day (day 0).
struct BureauCredit {
    var type: Int
    var daysCredit: Int
    /// Planned end, relative to the application (positive: in the future); nil when not reported.
    var plannedEnd: Int?
    var status: Label
    /// Actual closing day for closed credits.
    var closedOn: Int?
    var amountMilli: Int
    var debtMilli: Int?
    var limitMilli: Int?
    var overdueDays = 0
    var overdueMilli = 0
    var maxOverdueMilli: Int?
    var annuityMilli: Int?
    var updatedOn: Int
    var prolongations = 0
    var currency: Int

    init(behaviour b: Double, amountScale: Double, random: inout RandomSource) {
        type = BureauLevels.creditType.draw(&random)
        // Riskier clients' credits are more recent (mean DAYS_CREDIT correlates +0.09 with TARGET).
        let u = pow(random.uniform(), exp(0.22 * b))
        daysCredit = -Int(BureauWriter.daysAgoCurve.value(at: u).rounded())
        currency = BureauLevels.currency.draw(&random)

        let isCard = type == BureauLevels.creditCard
        amountMilli = Self.amount(type: type, scale: amountScale, random: &random)
        // Larger consumer credits run longer, so they are more often still active and in debt.
        let size = pow(max(1, Double(amountMilli) / 115_000_000), 0.35)
        let term: Double
        switch type {
        case BureauLevels.creditCard: term = random.chance(0.85) ? random.uniform(300, 2_500) : random.uniform(2_500, 32_000)
        case BureauLevels.carLoan: term = random.logNormal(median: 1_500, sigma: 0.4)
        case BureauLevels.mortgage: term = random.logNormal(median: 5_000, sigma: 0.4)
        case BureauLevels.microloan: term = random.logNormal(median: 30, sigma: 0.6)
        default: term = min(3_650, max(20, random.logNormal(median: 380 * size, sigma: 0.75)))
        }
        let end = daysCredit + Int(term)
        plannedEnd = random.chance(isCard ? 0.15 : 0.03) ? nil : end

        // Closed or still active: credits past their end are mostly closed; running ones mostly
        // active. Clients with bad behaviour keep overdue credits open and lose some as bad debt.
        let active: Bool
        if end < 0 {
            active = random.chance(min(0.5, 0.09 * exp(0.6 * b)))
        } else {
            active = random.chance(isCard ? 0.72 : 0.85)
        }
        if active {
            status = BureauLevels.active
            closedOn = nil
        } else {
            status = random.chance(0.0065) ? BureauLevels.sold : BureauLevels.closed
            if random.chance(0.00002 * exp(1.5 * b)) { status = BureauLevels.badDebt }
            if end < 0 && random.chance(0.5) {
                closedOn = end
            } else {
                closedOn = daysCredit + Int(random.uniform() * Double(min(end, 0) - daysCredit))
            }
        }

        updatedOn = active
            ? max(daysCredit, -Int(random.exponential(mean: 25)))
            : min(0, (closedOn ?? daysCredit) + Int(random.exponential(mean: 60)))

        // Debt: closed credits owe nothing; active ones owe the unpaid part, more with bad behaviour.
        if active {
            let elapsed = min(1, max(0, Double(-daysCredit) / max(30, term)))
            let owed = isCard
                ? logistic(-0.6 + 1.1 * b + 0.8 * random.normal())
                : min(1.05, max(0, (1 - elapsed) * (1 + 0.25 * b) + 0.08 * random.normal()))
            debtMilli = random.chance(0.18) ? nil : Amount.fiveMilli(Double(amountMilli) * owed)
        } else {
            debtMilli = random.chance(0.16) ? nil : 0
        }
        if random.chance(0.345) {
            limitMilli = nil
        } else if isCard && active && random.chance(0.3), let debt = debtMilli {
            limitMilli = max(0, amountMilli - debt)
        } else {
            limitMilli = 0
        }

        // Overdue now (active credits only) and in the past.
        if active && random.chance(logistic(-6.0 + 1.3 * b)) {
            overdueDays = 1 + Int(random.exponential(mean: 25 + 40 * max(0, b)))
            overdueMilli = Amount.fiveMilli(Double(amountMilli) * random.uniform(0.01, 0.25))
        }
        if random.chance(0.345) {
            maxOverdueMilli = random.chance(logistic(-2.3 + 1.1 * b))
                ? Amount.fiveMilli(random.logNormal(median: 4_000, sigma: 1.3) * 1_000)
                : 0
        }
        if overdueMilli > 0 { maxOverdueMilli = max(maxOverdueMilli ?? 0, overdueMilli) }
        if random.chance(0.0053) { prolongations = 1 + (random.chance(0.15) ? 1 : 0) }
        if random.chance(0.285) {
            annuityMilli = random.chance(0.55) ? 0 : Amount.fiveMilli(Double(amountMilli) / max(1, term / 30) * 1.1)
        }
    }

    func write(clientID: Int, id: Int, to row: inout CSVLineWriter) {
        row.integer(clientID)
        row.integer(id)
        row.label(status)
        row.label(BureauLevels.currency[currency])
        row.integer(daysCredit)
        row.integer(overdueDays)
        row.wholeReal(plannedEnd)
        row.wholeReal(closedOn)
        row.decimal(maxOverdueMilli, scale: 3)
        row.integer(prolongations)
        row.decimal(amountMilli, scale: 3)
        row.decimal(debtMilli, scale: 3)
        row.decimal(limitMilli, scale: 3)
        row.decimal(overdueMilli, scale: 3)
        row.label(BureauLevels.creditType[type])
        row.integer(updatedOn)
        row.decimal(annuityMilli, scale: 3)
        row.endRow()
    }

    /// bureau_balance: one row per month from the application month (0) back to the month the
    /// credit opened, newest first. C after closing, X when the bureau did not report, 0 when
    /// paid on time, 1–5 for growing arrears during a delinquency episode.
    func writeHistory(id: Int, behaviour b: Double, to row: inout CSVLineWriter, random: inout RandomSource) {
        let opened = max(-96, Int((Double(daysCredit) / 30.44).rounded(.down)))
        let closedMonth = closedOn.map { Int((Double($0) / 30.44).rounded(.down)) }
        // Some bureaus stop reporting a while before the application.
        let newest = random.chance(0.4) ? max(opened, -random.int(in: 1...30)) : 0
        let unreported = random.chance(0.33)  // credits reported as X throughout
        var episodeStart = Int.min
        var episodeLength = 0
        if !unreported && random.chance(logistic(-2.3 + 1.3 * b)) {
            episodeStart = random.int(in: opened...max(opened, closedMonth ?? 0))
            // Some debts are written off: their arrears stay at 5 to the end.
            episodeLength = random.chance(logistic(-2.5 + b)) ? 1_000 : 1 + Int(random.exponential(mean: 0.6 + 1.2 * max(0, b)))
        }
        let slipChance = logistic(-5.6 + 1.2 * b)
        var month = newest
        while month >= opened {
            row.integer(id)
            row.integer(month)
            if let closedMonth, month > closedMonth {
                row.label(BureauLevels.statusClosed)
            } else if unreported || random.chance(0.1) {
                row.label(BureauLevels.statusUnknown)
            } else if month >= episodeStart && month < episodeStart + episodeLength {
                row.label(BureauLevels.statusByArrears[min(5, 1 + month - episodeStart)])
            } else if random.chance(slipChance) {
                row.label(BureauLevels.statusByArrears[1])  // a month paid a little late
            } else {
                row.label(BureauLevels.statusByArrears[0])
            }
            row.endRow()
            month -= 1
        }
    }

    /// AMT_CREDIT_SUM in thousandths, by credit type; card limits are round numbers.
    private static func amount(type: Int, scale: Double, random: inout RandomSource) -> Int {
        switch type {
        case BureauLevels.creditCard:
            if random.chance(0.04) { return 0 }
            return Int((random.logNormal(median: 135_000, sigma: 0.8) * scale / 22_500).rounded(.up)) * 22_500 * 1_000
        case BureauLevels.carLoan: return Amount.fiveMilli(random.logNormal(median: 550_000, sigma: 0.6) * scale * 1_000)
        case BureauLevels.mortgage: return Amount.fiveMilli(random.logNormal(median: 1_900_000, sigma: 0.7) * scale * 1_000)
        case BureauLevels.microloan: return Amount.fiveMilli(random.logNormal(median: 20_000, sigma: 0.7) * 1_000)
        default:
            let value = min(20_000_000, random.logNormal(median: 115_000, sigma: 1.3) * scale)
            // Half the amounts are whole numbers, the rest carry a few decimals.
            return random.chance(0.5) ? Int(value.rounded()) * 1_000 : Amount.fiveMilli(value * 1_000)
        }
    }
}
