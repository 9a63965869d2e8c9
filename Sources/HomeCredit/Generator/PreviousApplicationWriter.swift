import Foundation

/// Writes a client's previous applications at Home Credit (previous_application.csv) and hands
/// each disbursed loan to the monthly writers (POS_CASH_balance, installments_payments,
/// credit_card_balance).
///
/// Risk shows here through the hidden behaviour factor: clients with worse behaviour are refused
/// more often (CODE_REJECT_REASON HC, LIMIT, SCO…), and their loans' monthly rows show arrears.
enum PreviousApplicationWriter {
    /// The block's output files that previous applications write to.
    struct Outputs: ~Copyable {
        var previous: CSVLineWriter
        var pos: CSVLineWriter
        var installments: CSVLineWriter
        var card: CSVLineWriter
    }

    /// Writes `count` applications with ids `firstID`, `firstID + 1`, …
    static func write(
        _ client: ClientProfile, firstID: Int, count: Int, to out: inout Outputs, random: inout RandomSource
    ) {
        guard count > 0 else { return }
        let behaviour = client.plan.behaviour
        // Draw the kinds and decision days first: the client's oldest application is "New".
        var loans: [PreviousLoan] = []
        loans.reserveCapacity(count)
        for k in 0..<count {
            let kind = Self.kind(&random)
            let curve = kind == .revolving ? cardDecisionCurve : decisionCurve
            let status = Self.status(kind: kind, behaviour: behaviour, &random)
            // Loans that were granted tend to be older; refusals are often the latest attempts.
            let age = status == .approved ? 0.75 : (status == .refused ? 1.4 : 1.0)
            let day = -max(1, Int(curve.value(at: pow(random.uniform(), age)).rounded()))
            loans.append(PreviousLoan(id: firstID + k, clientID: client.id, kind: kind, status: status, decisionDay: day))
        }
        let oldest = loans.indices.min { loans[$0].decisionDay < loans[$1].decisionDay }!
        for k in loans.indices {
            var loan = loans[k]
            let first = k == oldest && random.chance(0.9)
            PreviousRowWriter.write(&loan, client: client, isFirst: first, to: &out.previous, random: &random)
            guard loan.realized else { continue }
            switch loan.kind {
            case .cash, .consumer:
                if random.chance(0.99) { PosCashWriter.write(loan, behaviour: behaviour, to: &out.pos, random: &random) }
                InstallmentsWriter.write(loan, behaviour: behaviour, to: &out.installments, random: &random)
            case .revolving:
                if random.chance(0.95) {
                    CreditCardWriter.write(loan, behaviour: behaviour, card: &out.card, installments: &out.installments, random: &random)
                }
            case .unknown:
                break
            }
        }
    }

    private static func kind(_ random: inout RandomSource) -> PreviousLoan.Kind {
        let u = random.uniform()
        if u < 0.448 { return .cash }
        if u < 0.885 { return .consumer }
        if u < 0.9998 { return .revolving }
        return .unknown
    }

    /// Approved, refused, canceled or unused: refusals grow with bad behaviour.
    private static func status(kind: PreviousLoan.Kind, behaviour b: Double, _ random: inout RandomSource) -> PreviousLoan.Status {
        // (refused, canceled, unused offer) shares at average behaviour; the rest is approved.
        let shares: (refused: Double, canceled: Double, unused: Double)
        switch kind {
        case .consumer: shares = (0.12, 0.045, 0.035)
        case .cash: shares = (0.225, 0.32, 0.0)
        case .revolving: shares = (0.20, 0.22, 0.0)
        case .unknown: return .canceled
        }
        let refusal = logistic(RiskModel.logOdds(shares.refused) - 0.3 + 0.95 * b)
        if random.chance(refusal) { return .refused }
        let u = random.uniform() * (1 - shares.refused)
        if u < shares.canceled { return .canceled }
        if u < shares.canceled + shares.unused { return .unusedOffer }
        return .approved
    }

    /// DAYS_DECISION, negated: real p05 96, p25 280, median 581, p75 1,300, max 2,922.
    static let decisionCurve = QuantileCurve([
        (0, 1), (0.05, 80), (0.25, 240), (0.5, 480), (0.75, 1_120), (0.95, 2_500), (1, 2_922),
    ])
    /// Card applications reach further back: cards stay open for years.
    static let cardDecisionCurve = QuantileCurve([
        (0, 30), (0.25, 420), (0.5, 950), (0.75, 1_700), (1, 2_922),
    ])
}
