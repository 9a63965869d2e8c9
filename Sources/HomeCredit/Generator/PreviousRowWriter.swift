import Foundation

/// Decides the terms of one previous application and writes its row of previous_application,
/// in the real column order. Fills in the loan's timeline for the monthly writers.
///
/// The three kinds of contract look different in the real file, and so they do here:
/// consumer (point-of-sale) loans name the goods and the shop, cash loans a purpose and an
/// interest tier, card (revolving) applications a limit and no term. Canceled cash offers are
/// the real file's mostly-empty rows (amounts 0, everything XNA). Loans that were disbursed have
/// their DAYS_FIRST_DUE … DAYS_TERMINATION filled, with 365243 for "not happened (yet)".
enum PreviousRowWriter {
    /// The terms of the application, before they are written.
    private struct Terms {
        var contractType = PreviousLevels.xna
        var applicationMilli = 0
        var goodsMilli: Int? = nil
        var downPaymentMilli: Int? = nil
        var downPaymentRate: Double? = nil
        var interestRates: (Double, Double)? = nil
        var purpose = PreviousLevels.xna
        var paymentType = PreviousLevels.xna
        var goodsCategory = PreviousLevels.xna
        var portfolio = PreviousLevels.xna
        var productType = PreviousLevels.xna
        var channel = PreviousLevels.creditAndCashOffices
        var sellerArea = -1
        var sellerIndustry = PreviousLevels.xna
        var yieldGroup = PreviousLevels.yieldNone
        var combination: Label? = PreviousLevels.cashProduct
        /// CNT_PAYMENT; nil when the application never got that far.
        var term: Int? = nil
    }

    static func write(
        _ loan: inout PreviousLoan, client: ClientProfile, isFirst: Bool,
        to row: inout CSVLineWriter, random: inout RandomSource
    ) {
        var terms = Terms()
        let offered = loan.status != .canceled
        switch loan.kind {
        case .consumer: consumer(&loan, &terms, offered: offered, &random)
        case .cash: cash(&loan, &terms, offered: offered, &random)
        case .revolving: card(&loan, &terms, offered: offered, &random)
        case .unknown: terms.combination = nil
        }
        if offered && loan.kind != .unknown {
            terms.paymentType = random.chance(loan.status == .approved ? 0.96 : 0.5)
                ? PreviousLevels.cashThroughBank
                : (random.chance(0.5) ? PreviousLevels.xna : PreviousLevels.otherPayment[PreviousLevels.otherPayment.draw(&random)]!)
        }
        if loan.status == .approved && loan.decisionDay <= -35 && random.chance(0.975) {
            schedule(&loan, &random)
        }

        row.integer(loan.id)
        row.integer(loan.clientID)
        row.label(terms.contractType)
        row.decimal(loan.annuityMilli, scale: 3)
        row.decimal(terms.applicationMilli, scale: 3)
        row.decimal(loan.creditMilli, scale: 3)
        row.decimal(terms.downPaymentMilli, scale: 3)
        row.decimal(terms.goodsMilli, scale: 3)
        row.label(PreviousLevels.weekday[PreviousLevels.weekday.draw(&random)])
        row.integer(min(23, max(0, Int((12.5 + 3.3 * random.normal()).rounded()))))
        row.label(random.chance(0.9949) ? PreviousLevels.yes : PreviousLevels.no)
        row.integer(random.chance(0.9965) ? 1 : 0)
        row.double(terms.downPaymentRate)
        row.double(terms.interestRates?.0)
        row.double(terms.interestRates?.1)
        row.label(terms.purpose)
        row.label(statusLabel(loan.status))
        row.integer(loan.decisionDay)
        row.label(terms.paymentType)
        row.label(rejectReason(loan.status, &random))
        row.label(PreviousLevels.suite[PreviousLevels.suite.draw(&random)])
        row.label(isFirst ? PreviousLevels.new : PreviousLevels.clientTypeOfRepeat[PreviousLevels.clientTypeOfRepeat.draw(&random)])
        row.label(terms.goodsCategory)
        row.label(terms.portfolio)
        row.label(terms.productType)
        row.label(terms.channel)
        row.integer(terms.sellerArea)
        row.label(terms.sellerIndustry)
        row.wholeReal(terms.term)
        row.label(terms.yieldGroup)
        row.label(terms.combination)
        writeSchedule(loan, to: &row, random: &random)
        row.endRow()
    }

    // MARK: - Kinds of contract

    private static func consumer(_ loan: inout PreviousLoan, _ terms: inout Terms, offered: Bool, _ random: inout RandomSource) {
        terms.contractType = PreviousLevels.consumerLoans
        let price = min(2_000_000, max(1_000, random.logNormal(median: 45_000, sigma: 0.9)))
        let goods = random.chance(0.7) ? Int(price.rounded()) * 1_000 : Amount.fiveMilli(price * 1_000)
        terms.applicationMilli = goods
        terms.goodsMilli = goods
        let down = random.chance(0.45) ? 0 : Amount.fiveMilli(Double(goods) * random.uniform(0.05, 0.3))
        if random.chance(0.97) {
            terms.downPaymentMilli = down
            terms.downPaymentRate = down == 0 ? 0 : Double(down) / Double(goods) * random.uniform(0.98, 1.0)
        }
        let insured = random.chance(0.25) ? random.uniform(1.03, 1.12) : 1.0
        loan.creditMilli = Amount.fiveMilli(Double(goods - down) * insured)
        if random.chance(0.008) { terms.interestRates = (random.uniform(0.03, 0.2), random.uniform(0.4, 0.9)) }
        terms.purpose = PreviousLevels.xap
        let goodsLevel = PreviousLevels.goodsTable.draw(&random)
        terms.goodsCategory = PreviousLevels.goodsTable[goodsLevel]!
        terms.sellerIndustry = PreviousLevels.goodsIndustry[goodsLevel]
        terms.portfolio = PreviousLevels.posPortfolio
        terms.channel = PreviousLevels.consumerChannel[PreviousLevels.consumerChannel.draw(&random)]!
        terms.sellerArea = min(9_000, Int(random.logNormal(median: 60, sigma: 1.4)))
        let tier = tierIndex([0.12, 0.32, 0.65, 1.0], &random)
        terms.combination = tier == 0 ? PreviousLevels.goodsWithoutInterest[goodsLevel] : PreviousLevels.goodsWithInterest[goodsLevel]
        let months = PreviousLevels.consumerTerm.draw(&random)
        if offered {
            terms.yieldGroup = PreviousLevels.yieldTiers[tier].label
            setInstalments(&loan, &terms, months: months, rate: PreviousLevels.yieldTiers[tier].rate)
        }
    }

    private static func cash(_ loan: inout PreviousLoan, _ terms: inout Terms, offered: Bool, _ random: inout RandomSource) {
        terms.contractType = PreviousLevels.cashLoans
        guard offered else { return }  // canceled offers: amounts 0, everything else XNA
        let amount = min(4_500_000, max(9_000, random.logNormal(median: 225_000, sigma: 0.8)))
        let step = random.chance(0.6) ? 45_000.0 : 4_500.0
        let application = max(step, (amount / step).rounded() * step)
        terms.applicationMilli = Int(application) * 1_000
        terms.goodsMilli = terms.applicationMilli
        let insured = random.chance(0.25) ? 1.0 : random.uniform(1.05, 1.2)
        loan.creditMilli = Int((application * insured * 2).rounded()) * 500
        terms.portfolio = PreviousLevels.cashPortfolio
        terms.channel = PreviousLevels.cashChannel[PreviousLevels.cashChannel.draw(&random)]!
        let tier = tierIndex([0.05, 0.30, 0.65, 1.0], &random)
        terms.yieldGroup = PreviousLevels.yieldTiers[tier].label
        if random.chance(loan.status == .refused ? 0.5 : 0.3) {
            terms.productType = PreviousLevels.walkIn
            terms.combination = PreviousLevels.cashStreet[tier]
            terms.purpose = PreviousLevels.cashPurpose[PreviousLevels.cashPurpose.draw(&random)]!
        } else {
            terms.productType = PreviousLevels.xSell
            terms.combination = PreviousLevels.cashXSell[tier]
        }
        let months = PreviousLevels.cashTerm.draw(&random)
        setInstalments(&loan, &terms, months: months, rate: PreviousLevels.yieldTiers[tier].rate + 0.008)
    }

    private static func card(_ loan: inout PreviousLoan, _ terms: inout Terms, offered: Bool, _ random: inout RandomSource) {
        terms.contractType = PreviousLevels.revolvingLoans
        let limit = max(22_500, (random.logNormal(median: 135_000, sigma: 0.6) / 22_500).rounded() * 22_500)
        loan.creditMilli = Int(limit) * 1_000
        if random.chance(0.45) {
            terms.applicationMilli = loan.creditMilli
            terms.goodsMilli = loan.creditMilli
        }
        terms.purpose = PreviousLevels.xap
        // Canceled card applications never got a portfolio or product type.
        terms.portfolio = offered ? PreviousLevels.cardsPortfolio : PreviousLevels.xna
        let walkIn = random.chance(0.6)
        terms.productType = offered ? (walkIn ? PreviousLevels.walkIn : PreviousLevels.xSell) : PreviousLevels.xna
        terms.combination = walkIn ? PreviousLevels.cardStreet : PreviousLevels.cardXSell
        terms.channel = PreviousLevels.cardChannel[PreviousLevels.cardChannel.draw(&random)]!
        terms.sellerArea = random.chance(0.5) ? -1 : min(9_000, Int(random.logNormal(median: 40, sigma: 1.4)))
        if offered {
            loan.annuityMilli = loan.creditMilli / 20
            terms.term = 0
        }
    }

    /// Sets the term and the annuity of an instalment loan at monthly `rate`.
    private static func setInstalments(_ loan: inout PreviousLoan, _ terms: inout Terms, months: Int, rate: Double) {
        terms.term = months
        loan.termMonths = months
        let credit = Double(loan.creditMilli)
        let annuity = rate == 0 ? credit / Double(months) : credit * rate / (1 - pow(1 + rate, -Double(months)))
        loan.annuityMilli = Amount.fiveMilli(annuity)
    }

    /// An index drawn from cumulative probabilities.
    private static func tierIndex(_ cumulative: [Double], _ random: inout RandomSource) -> Int {
        let u = random.uniform()
        return cumulative.firstIndex { u < $0 } ?? cumulative.count - 1
    }

    // MARK: - Status and schedule

    private static func statusLabel(_ status: PreviousLoan.Status) -> Label {
        switch status {
        case .approved: PreviousLevels.approved
        case .refused: PreviousLevels.refused
        case .canceled: PreviousLevels.canceled
        case .unusedOffer: PreviousLevels.unusedOffer
        }
    }

    private static func rejectReason(_ status: PreviousLoan.Status, _ random: inout RandomSource) -> Label {
        switch status {
        case .refused: PreviousLevels.rejectReason[PreviousLevels.rejectReason.draw(&random)]!
        case .unusedOffer: PreviousLevels.client
        case .approved, .canceled: PreviousLevels.xap
        }
    }

    /// Decides when a disbursed loan was due and ended.
    private static func schedule(_ loan: inout PreviousLoan, _ random: inout RandomSource) {
        loan.realized = true
        switch loan.kind {
        case .cash, .consumer:
            let firstDue = min(-1, loan.decisionDay + random.int(in: 20...45))
            let plannedLast = firstDue + Int((Double(loan.termMonths - 1) * 30.44).rounded())
            loan.firstDue = firstDue
            loan.plannedLastDue = plannedLast
            let end = random.chance(0.4) ? firstDue + Int(random.uniform() * Double(plannedLast - firstDue)) : plannedLast
            loan.endDay = end <= -1 ? end : nil
        case .revolving:
            if random.chance(0.65) {
                let drawing = min(-1, loan.decisionDay + random.int(in: 1...150))
                loan.firstDrawing = drawing
                loan.firstDue = min(-1, drawing + random.int(in: 20...40))
            }
            if random.chance(0.3) && loan.decisionDay < -60 {
                loan.endDay = random.int(in: (loan.decisionDay + 30)...(-1))
            }
        case .unknown:
            loan.realized = false
        }
    }

    private static let notYet = 365_243

    /// DAYS_FIRST_DRAWING, DAYS_FIRST_DUE, DAYS_LAST_DUE_1ST_VERSION, DAYS_LAST_DUE,
    /// DAYS_TERMINATION and NFLAG_INSURED_ON_APPROVAL; all empty when no loan was disbursed.
    private static func writeSchedule(_ loan: PreviousLoan, to row: inout CSVLineWriter, random: inout RandomSource) {
        guard loan.realized else {
            for _ in 0..<6 { row.empty() }
            return
        }
        row.wholeReal(loan.firstDrawing ?? notYet)
        row.wholeReal(loan.firstDue ?? notYet)
        row.wholeReal(loan.plannedLastDue ?? notYet)
        row.wholeReal(loan.endDay ?? notYet)
        let termination = loan.endDay.map { $0 + random.int(in: 0...10) }
        row.wholeReal(termination.map { $0 <= -1 ? $0 : notYet } ?? notYet)
        let insured = loan.kind == .cash ? 0.5 : (loan.kind == .consumer ? 0.25 : 0)
        row.wholeReal(random.chance(insured) ? 1 : 0)
    }
}
