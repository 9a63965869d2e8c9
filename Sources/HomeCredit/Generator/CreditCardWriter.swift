/// Writes the monthly statements of a credit card (credit_card_balance.csv), oldest first, and
/// the card's monthly repayments into installments_payments.csv (NUM_INSTALMENT_VERSION 0, as
/// card repayments are in the real file).
///
/// Each card follows a simple monthly cycle: the client draws towards a preferred utilisation
/// of the limit, part of it as cash at ATMs, then pays the minimum, more, or nothing. Risk shows
/// through the hidden behaviour factor: worse behaviour means a higher balance against the
/// limit, more ATM cash, and missed minimum payments (SK_DPD). Cards never used keep a zero
/// balance, and their statements leave the drawing columns empty, as in the real file.
enum CreditCardWriter {
    static func write(
        _ loan: PreviousLoan, behaviour b: Double,
        card: inout CSVLineWriter, installments: inout CSVLineWriter, random: inout RandomSource
    ) {
        let openMonth = max(PreviousLoan.month(ofDay: loan.decisionDay), PreviousLoan.oldestMonth)
        let closeMonth = loan.endDay.map { PreviousLoan.month(ofDay: $0) } ?? -1
        guard openMonth <= closeMonth else { return }
        // A closed card keeps a few statements marked Completed after it closes.
        let lastMonth = loan.endDay == nil ? -1 : min(-1, closeMonth + random.int(in: 0...8))
        let firstUse = loan.firstDrawing.map { PreviousLoan.month(ofDay: $0) } ?? Int.max

        var limit = loan.creditMilli / 1_000
        let raiseMonth = random.chance(0.25) ? random.int(in: openMonth...closeMonth) : Int.max
        let utilisation = logistic(0.2 + 1.3 * b + 0.8 * random.normal())
        let atmShare = logistic(-1.0 + 1.0 * b + 0.9 * random.normal())
        let usage = random.uniform(0.3, 0.9)
        let missChance = logistic(-3.6 + 1.3 * b)
        let paysInFull = random.chance(logistic(-0.2 - 1.0 * b))
        let reportsRegularity = random.chance(0.92)
        let signed = random.chance(0.05)

        var balance = 0.0  // thousandths
        var monthsInArrears = 0
        var instalmentsPaid = 0
        var instalmentNumber = 0
        for month in openMonth...lastMonth {
            let completed = month > closeMonth || (month == closeMonth && loan.endDay != nil)
            if month == raiseMonth { limit = (limit * 3 / 2 / 22_500 + 1) * 22_500 }
            let limitMilli = Double(limit) * 1_000
            let previous = balance

            // Drawings: towards the preferred balance, in active months once the card is used.
            var atm = 0
            var pos = 0
            if !completed && month >= firstUse && random.chance(usage) {
                let wanted = utilisation * limitMilli * random.uniform(0.6, 1.3)
                let drawings = max(0, wanted - previous) * random.uniform(0.5, 1)
                atm = Int(drawings * atmShare / 2_250_000) * 2_250_000
                pos = Amount.fiveMilli(drawings - Double(atm))
            }
            let atmCount = atm > 0 ? 1 + random.poisson(mean: 0.6) : 0
            let posCount = pos > 0 ? 1 + random.poisson(mean: 2.0) : 0

            // Payment of last month's balance.
            let minimum = previous > 0 ? Amount.fiveMilli(max(previous * 0.05, min(previous, 2_250_000))) : 0
            var payment = 0
            if previous > 0 {
                if random.chance(missChance) {
                    payment = 0
                } else if paysInFull || completed {
                    payment = Amount.fiveMilli(previous)
                } else {
                    payment = max(minimum, Amount.fiveMilli(previous * random.uniform(0.05, 0.3)))
                }
            }
            monthsInArrears = payment < minimum ? monthsInArrears + 1 : 0
            if payment >= minimum && minimum > 0 { instalmentsPaid += 1 }
            let interest = max(0, previous - Double(payment)) * 0.02
            balance = max(0, previous - Double(payment) + interest + Double(atm + pos))

            let dormant = balance == 0 && atm + pos == 0 && payment == 0
            var status = MonthlyLevels.active
            if completed {
                status = MonthlyLevels.completed
            } else if month == openMonth && signed {
                status = MonthlyLevels.signed
            } else if monthsInArrears >= 4 {
                status = MonthlyLevels.demand
            }
            let daysPastDue = monthsInArrears > 0 ? 30 * (monthsInArrears - 1) + random.int(in: 1...30) : 0

            let balanceMilli = Amount.fiveMilli(balance)
            card.integer(loan.id)
            card.integer(loan.clientID)
            card.integer(month)
            card.decimal(balanceMilli, scale: 3)
            card.integer(limit)
            let hideDrawings = dormant && random.chance(0.35)
            card.decimal(hideDrawings ? nil : atm, scale: 3)
            card.decimal(atm + pos, scale: 3)
            card.decimal(hideDrawings ? nil : 0, scale: 3)
            card.decimal(hideDrawings ? nil : pos, scale: 3)
            card.decimal(reportsRegularity ? minimum : nil, scale: 3)
            card.decimal(payment == 0 && random.chance(0.45) ? nil : payment, scale: 3)
            card.decimal(payment, scale: 3)
            card.decimal(Amount.fiveMilli(max(0, balance - interest * random.uniform(1, 3))), scale: 3)
            card.decimal(balanceMilli, scale: 3)
            card.decimal(balanceMilli, scale: 3)
            card.wholeReal(hideDrawings ? nil : atmCount)
            card.integer(atmCount + posCount)
            card.wholeReal(hideDrawings ? nil : 0)
            card.wholeReal(hideDrawings ? nil : posCount)
            card.wholeReal(reportsRegularity ? instalmentsPaid : nil)
            card.label(status)
            card.integer(daysPastDue)
            card.integer(daysPastDue > 30 ? daysPastDue : 0)
            card.endRow()

            // The month's repayment as an instalment: due late in the month, paid a few days
            // before, or a month late when missed. A payment above the minimum comes as a second
            // row of the same instalment, as card repayments often do in the real file.
            if minimum > 0 {
                instalmentNumber += 1
                let dueDay = min(-1, Int(((Double(month) + 0.8) * 30.44).rounded()))
                let missed = payment < minimum
                let paidDay = missed ? dueDay + 30 + random.int(in: 0...15) : dueDay - Int(random.exponential(mean: 5))
                let paid = paidDay <= -1
                InstallmentsWriter.writeRow(
                    loan, version: 0, number: instalmentNumber, dueDay: dueDay, paidDay: paid ? paidDay : nil,
                    instalment: minimum, paid: paid ? minimum : nil, to: &installments)
                if paid && payment > minimum {
                    let extra = payment - minimum
                    InstallmentsWriter.writeRow(
                        loan, version: 0, number: instalmentNumber, dueDay: dueDay, paidDay: max(dueDay - 25, paidDay - random.int(in: 0...10)),
                        instalment: extra, paid: extra, to: &installments)
                }
            }
        }
    }
}
