/// Writes the repayment history of a cash or consumer loan (installments_payments.csv): one row
/// per instalment due before the application, with when and how much was paid.
///
/// Risk shows as late payments (DAYS_ENTRY_PAYMENT after DAYS_INSTALMENT) and short payments
/// (AMT_PAYMENT below AMT_INSTALMENT). Each loan has its own propensity, driven by the client's
/// hidden behaviour plus loan-level noise, so one loan alone says little and the aggregate over
/// all of a client's loans says more. Some instalments are paid in two parts, which also gives
/// short rows, as in the real file.
enum InstallmentsWriter {
    /// Log-odds of paying an instalment late / short at average behaviour.
    static let lateIntercept = -3.17
    static let shortIntercept = -4.8

    static func write(_ loan: PreviousLoan, behaviour b: Double, to row: inout CSVLineWriter, random: inout RandomSource) {
        guard let firstDue = loan.firstDue, let annuity = loan.annuityMilli, loan.termMonths > 0 else { return }
        let loanNoise = random.normal()
        let lateChance = logistic(lateIntercept + 1.05 * b + 0.6 * loanNoise)
        let shortChance = logistic(shortIntercept + 1.2 * b + 0.5 * loanNoise)
        let lastDay = min(loan.endDay ?? -1, -1)
        // A few loans were rescheduled: later instalments get a new version and amount.
        let rescheduleAt = random.chance(0.08) ? random.int(in: 2...max(2, loan.termMonths)) : Int.max

        for number in 1...loan.termMonths {
            let dueDay = firstDue + Int((Double(number - 1) * 30.44).rounded())
            if dueDay > lastDay { break }
            guard dueDay >= -2_922 else { continue }
            let rescheduled = number >= rescheduleAt
            var amount = rescheduled ? Amount.fiveMilli(Double(annuity) * 0.8) : annuity
            // A loan repaid early settles the rest with its last instalment.
            let nextDueDay = firstDue + Int((Double(number) * 30.44).rounded())
            let settles = loan.endDay != nil && nextDueDay > lastDay && number < loan.termMonths
            if settles { amount = Amount.fiveMilli(Double(amount) * Double(1 + loan.termMonths - number) * 0.9) }
            let version = rescheduled || settles ? 2 : 1

            // When it was paid: usually a few days early, sometimes late.
            let delay = random.chance(lateChance)
                ? 1 + Int(random.exponential(mean: 4 + 12 * max(0, b)))
                : (random.chance(0.2) ? 0 : -Int(random.exponential(mean: 9)))
            let paidDay = dueDay + delay

            let paidAmount = random.chance(shortChance)
                ? Amount.fiveMilli(Double(amount) * random.uniform(0.05, 0.95))
                : amount
            if paidDay > -1 {
                writeRow(loan, version: version, number: number, dueDay: dueDay, paidDay: nil, instalment: amount, paid: nil, to: &row)
            } else if random.chance(0.06) && paidAmount == amount {
                // Paid in two parts, the second a little later.
                let first = Amount.fiveMilli(Double(amount) * random.uniform(0.2, 0.8))
                let secondDay = min(-1, paidDay + random.int(in: 0...20))
                writeRow(loan, version: version, number: number, dueDay: dueDay, paidDay: paidDay, instalment: amount, paid: first, to: &row)
                writeRow(loan, version: version, number: number, dueDay: dueDay, paidDay: secondDay, instalment: amount, paid: amount - first, to: &row)
            } else {
                writeRow(loan, version: version, number: number, dueDay: dueDay, paidDay: paidDay, instalment: amount, paid: paidAmount, to: &row)
            }
        }
    }

    /// One row: SK_ID_PREV, SK_ID_CURR, NUM_INSTALMENT_VERSION, NUM_INSTALMENT_NUMBER,
    /// DAYS_INSTALMENT, DAYS_ENTRY_PAYMENT, AMT_INSTALMENT, AMT_PAYMENT.
    static func writeRow(
        _ loan: PreviousLoan, version: Int, number: Int, dueDay: Int, paidDay: Int?,
        instalment: Int, paid: Int?, to row: inout CSVLineWriter
    ) {
        row.integer(loan.id)
        row.integer(loan.clientID)
        row.wholeReal(version)
        row.integer(number)
        row.wholeReal(dueDay)
        row.wholeReal(paidDay)
        row.decimal(instalment, scale: 3)
        row.decimal(paid, scale: 3)
        row.endRow()
    }
}
