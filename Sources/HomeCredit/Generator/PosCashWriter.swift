/// Writes the monthly snapshots of a cash or consumer loan (POS_CASH_balance.csv): one row per
/// month from the first due month to the month before the application (or to the month after
/// the loan ended, marked Completed), oldest first, at most eight years back.
///
/// Risk shows as days past due (SK_DPD, SK_DPD_DEF): clients with worse behaviour more often
/// fall into an arrears episode, whose days past due grow month by month until it is cured.
enum PosCashWriter {
    static func write(_ loan: PreviousLoan, behaviour b: Double, to row: inout CSVLineWriter, random: inout RandomSource) {
        guard let firstDue = loan.firstDue else { return }
        let firstMonth = PreviousLoan.month(ofDay: firstDue)
        let endMonth = loan.endDay.map { PreviousLoan.month(ofDay: $0) + 1 }
        let lastMonth = min(endMonth ?? -1, -1)
        let start = max(firstMonth, PreviousLoan.oldestMonth)
        guard start <= lastMonth else { return }

        // One arrears episode at most: when it starts and how long it lasts.
        var episodeStart = Int.max
        var episodeLength = 0
        if random.chance(logistic(-3.1 + 1.3 * b)) {
            episodeStart = random.int(in: start...lastMonth)
            episodeLength = 1 + Int(random.exponential(mean: 0.7 + 1.5 * max(0, b)))
        }
        let signed = random.chance(0.1)
        let rareStatus = random.chance(0.0015) ? MonthlyLevels.rarePosStatus[MonthlyLevels.rarePosStatus.draw(&random)] : nil
        let term = loan.termMonths

        for month in start...lastMonth {
            let due = month - firstMonth + 1  // instalments due by this month
            let isLast = month == lastMonth
            let completed = endMonth != nil && isLast
            var status = MonthlyLevels.active
            var future = max(0, term - due)
            if completed {
                status = MonthlyLevels.completed
                future = 0
            } else if month == firstMonth && signed {
                status = MonthlyLevels.signed
                future = term
            } else if isLast, let rareStatus {
                status = rareStatus
            }

            var daysPastDue = 0
            if month >= episodeStart && month < episodeStart + episodeLength {
                daysPastDue = 30 * (month - episodeStart) + random.int(in: 1...30)
            } else if random.chance(0.006) {
                daysPastDue = random.int(in: 1...9)  // a payment a few days late
            }
            let defaulted = daysPastDue > 30 || (daysPastDue > 0 && random.chance(0.3)) ? daysPastDue : 0

            row.integer(loan.id)
            row.integer(loan.clientID)
            row.integer(month)
            if random.chance(0.0026) {
                row.empty()
                row.empty()
            } else {
                row.wholeReal(term)
                row.wholeReal(future)
            }
            row.label(status)
            row.integer(daysPastDue)
            row.integer(defaulted)
            row.endRow()
        }
    }
}
