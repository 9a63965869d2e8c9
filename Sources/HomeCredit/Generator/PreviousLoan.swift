/// A previous application of a client and, when it became a loan, the loan's timeline.
///
/// Days are relative to the current application (day 0, negative in the past), as in the real
/// files; a month index is a day divided by 30.44, rounded down (day −42 is month −2).
/// The monthly writers (POS, instalments, credit card) all read the same timeline, so their
/// rows agree with the DAYS_* columns of previous_application.
struct PreviousLoan {
    enum Kind { case cash, consumer, revolving, unknown }
    enum Status { case approved, refused, canceled, unusedOffer }

    let id: Int
    let clientID: Int
    var kind: Kind
    var status: Status
    var decisionDay: Int
    /// Whether the loan was disbursed: its DAYS_FIRST_DUE … DAYS_TERMINATION are filled.
    var realized = false
    var termMonths = 0
    var creditMilli = 0
    var annuityMilli: Int? = nil
    /// First drawing of a card; nil for loans and for cards never used (365243 in the file).
    var firstDrawing: Int? = nil
    /// First due date; nil for cards never used.
    var firstDue: Int? = nil
    /// The planned last due date of an instalment loan.
    var plannedLastDue: Int? = nil
    /// The day the loan ended (repaid, or the card closed); nil while it runs.
    var endDay: Int? = nil

    init(id: Int, clientID: Int, kind: Kind, status: Status, decisionDay: Int) {
        self.id = id
        self.clientID = clientID
        self.kind = kind
        self.status = status
        self.decisionDay = decisionDay
    }

    static func month(ofDay day: Int) -> Int { Int((Double(day) / 30.44).rounded(.down)) }

    /// The oldest month the monthly tables cover (eight years).
    static let oldestMonth = -96
}
