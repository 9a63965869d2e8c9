/// Writes a client's credits reported by other institutions (bureau.csv) and, for about half
/// of them, their monthly status history (bureau_balance.csv).
///
/// Risk shows here through the hidden behaviour factor only: clients with worse behaviour have
/// more recent credits, carry more debt on active credits, are more often overdue now
/// (CREDIT_DAY_OVERDUE, AMT_CREDIT_SUM_OVERDUE) and were more often overdue in the past
/// (AMT_CREDIT_MAX_OVERDUE, STATUS 1–5 months in bureau_balance).
enum BureauWriter {
    /// Writes `count` credits with ids `firstID`, `firstID + 1`, …
    static func write(
        _ client: ClientProfile, firstID: Int, count: Int,
        bureau: inout CSVLineWriter, balance: inout CSVLineWriter, random: inout RandomSource
    ) {
        let behaviour = client.plan.behaviour
        // Richer clients borrow more; square root keeps the spread realistic.
        let scale = (Double(client.incomeTenths) / 1_471_500).squareRoot()
        for k in 0..<count {
            let credit = BureauCredit(behaviour: behaviour, amountScale: scale, random: &random)
            credit.write(clientID: client.id, id: firstID + k, to: &bureau)
            if random.chance(0.476) {
                credit.writeHistory(id: firstID + k, behaviour: behaviour, to: &balance, random: &random)
            }
        }
    }

    /// DAYS_CREDIT, negated: min, p05, median, p95, max of the real sample.
    static let daysAgoCurve = QuantileCurve([
        (0, 0), (0.05, 139), (0.25, 474), (0.5, 991), (0.75, 1_666), (0.95, 2_674), (1, 2_922),
    ])
}
