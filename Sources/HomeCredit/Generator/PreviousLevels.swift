// The category levels of previous_application, bureau and the monthly tables, with their real
// shares (stats.md and the samples; the few levels the samples miss are in the full data).

/// The level tables of previous_application.
enum PreviousLevels {
    static let weekday = LevelTable([
        ("TUESDAY", 0.153), ("WEDNESDAY", 0.153), ("MONDAY", 0.155), ("FRIDAY", 0.151),
        ("THURSDAY", 0.149), ("SATURDAY", 0.144), ("SUNDAY", 0.095),
    ])

    static let suite = LevelTable([
        ("", 0.4912), ("Unaccompanied", 0.2999), ("Family", 0.1280), ("Spouse, partner", 0.0402),
        ("Children", 0.0190), ("Other_B", 0.0105), ("Other_A", 0.0054), ("Group of people", 0.0013),
    ])

    /// Purposes stated for walk-in cash loans (the rest say XNA, and other loans XAP).
    static let cashPurpose = LevelTable([
        ("Repairs", 0.2600), ("Other", 0.1800), ("Urgent needs", 0.0970), ("Buying a used car", 0.0330),
        ("Building a house or an annex", 0.0300), ("Everyday expenses", 0.0280), ("Medicine", 0.0250),
        ("Payments on other loans", 0.0220), ("Education", 0.0180), ("Journey", 0.0140),
        ("Purchase of electronic equipment", 0.0120), ("Buying a new car", 0.0110),
        ("Wedding / gift / holiday", 0.0110), ("Buying a home", 0.0100), ("Car repairs", 0.0090),
        ("Furniture", 0.0085), ("Buying a holiday home / land", 0.0060), ("Business development", 0.0050),
        ("Gasification / water supply", 0.0035), ("Buying a garage", 0.0015), ("Hobby", 0.0006),
        ("Money for a third person", 0.0003), ("Refusal to name the goal", 0.0002),
    ])

    static let rejectReason = LevelTable([
        ("HC", 0.600), ("LIMIT", 0.200), ("SCO", 0.130), ("SCOFR", 0.043), ("XNA", 0.017),
        ("VERIF", 0.008), ("SYSTEM", 0.002),
    ])

    static let clientTypeOfRepeat = LevelTable([("Repeater", 0.895), ("Refreshed", 0.104), ("XNA", 0.001)])

    /// What a point-of-sale (consumer) loan bought, and the seller industry and product family
    /// ("mobile", "household", "industry", "other") that goes with it.
    static let goods: [(category: String, share: Double, industry: String, family: String)] = [
        ("Mobile", 0.300, "Connectivity", "mobile"),
        ("Consumer Electronics", 0.170, "Consumer electronics", "household"),
        ("Computers", 0.140, "Consumer electronics", "household"),
        ("Audio/Video", 0.130, "Consumer electronics", "household"),
        ("Furniture", 0.070, "Furniture", "household"),
        ("Photo / Cinema Equipment", 0.034, "Consumer electronics", "household"),
        ("Construction Materials", 0.033, "Construction", "industry"),
        ("Clothing and Accessories", 0.030, "Clothing", "industry"),
        ("Auto Accessories", 0.013, "Auto technology", "industry"),
        ("Jewelry", 0.008, "Jewelry", "other"),
        ("Homewares", 0.006, "Furniture", "household"),
        ("Medical Supplies", 0.0045, "Industry", "other"),
        ("Vehicles", 0.0040, "Auto technology", "industry"),
        ("Sport and Leisure", 0.0035, "Industry", "other"),
        ("Gardening", 0.0020, "Industry", "industry"),
        ("Other", 0.0020, "XNA", "other"),
        ("Office Appliances", 0.0017, "Consumer electronics", "household"),
        ("Tourism", 0.0010, "Tourism", "other"),
        ("Medicine", 0.0010, "Industry", "other"),
        ("Direct Sales", 0.0005, "MLM partners", "other"),
        ("Fitness", 0.0001, "Industry", "other"),
        ("Additional Service", 0.0001, "XNA", "other"),
        ("Education", 0.0001, "XNA", "other"),
        ("Weapon", 0.00005, "Industry", "other"),
        ("Insurance", 0.00004, "XNA", "other"),
        ("House Construction", 0.00001, "Construction", "industry"),
        ("Animals", 0.000001, "XNA", "other"),
    ]
    static let goodsTable = LevelTable(goods.map { ($0.category, $0.share) })
    static let goodsIndustry: [Label] = goods.map { Label($0.industry) }
    /// "POS <family> with interest" and the matching interest-free product, per goods level.
    static let goodsWithInterest: [Label] = goods.map { Label("POS \($0.family) with interest") }
    static let goodsWithoutInterest: [Label] = goods.map {
        // The real file spells the interest-free "other" product in the plural.
        Label($0.family == "other" ? "POS others without interest" : "POS \($0.family) without interest")
    }

    static let consumerChannel = LevelTable([
        ("Country-wide", 0.52), ("Stone", 0.27), ("Regional / Local", 0.185), ("Car dealer", 0.0015),
        ("Channel of corporate sales", 0.004), ("Credit and cash offices", 0.02),
    ])
    static let cashChannel = LevelTable([
        ("Credit and cash offices", 0.66), ("AP+ (Cash loan)", 0.16), ("Contact center", 0.09),
        ("Country-wide", 0.04), ("Regional / Local", 0.025), ("Channel of corporate sales", 0.01), ("Stone", 0.015),
    ])
    static let cardChannel = LevelTable([
        ("Credit and cash offices", 0.45), ("Country-wide", 0.25), ("Stone", 0.15), ("Regional / Local", 0.10),
        ("AP+ (Cash loan)", 0.05),
    ])

    /// CNT_PAYMENT, in months.
    static let consumerTerm = WeightedValues([
        (6, 0.22), (10, 0.24), (12, 0.28), (18, 0.07), (24, 0.09), (4, 0.03), (8, 0.03),
        (3, 0.005), (5, 0.015), (14, 0.01), (16, 0.01),
    ])
    static let cashTerm = WeightedValues([
        (12, 0.26), (24, 0.19), (36, 0.17), (18, 0.09), (48, 0.08), (60, 0.12), (30, 0.03),
        (6, 0.03), (10, 0.02), (42, 0.01), (54, 0.01), (20, 0.005), (22, 0.005),
    ])

    /// Interest tiers: (label, monthly rate).
    static let yieldTiers: [(label: Label, rate: Double)] = [
        (Label("low_action"), 0.0), (Label("low_normal"), 0.009), (Label("middle"), 0.018), (Label("high"), 0.032),
    ]
    static let yieldNone = Label("XNA")

    static let cashXSell: [Label] = [Label("Cash X-Sell: low"), Label("Cash X-Sell: low"), Label("Cash X-Sell: middle"), Label("Cash X-Sell: high")]
    static let cashStreet: [Label] = [Label("Cash Street: low"), Label("Cash Street: low"), Label("Cash Street: middle"), Label("Cash Street: high")]

    static let cashLoans = Label("Cash loans")
    static let consumerLoans = Label("Consumer loans")
    static let revolvingLoans = Label("Revolving loans")
    static let approved = Label("Approved")
    static let refused = Label("Refused")
    static let canceled = Label("Canceled")
    static let unusedOffer = Label("Unused offer")
    static let xna = Label("XNA")
    static let xap = Label("XAP")
    static let client = Label("CLIENT")
    static let yes = Label("Y")
    static let no = Label("N")
    static let new = Label("New")
    static let repeater = Label("Repeater")
    static let cashThroughBank = Label("Cash through the bank")
    static let otherPayment = LevelTable([
        ("Non-cash from your account", 0.8), ("Cashless from the account of the employer", 0.2),
    ])
    static let posPortfolio = Label("POS")
    static let cashPortfolio = Label("Cash")
    static let cardsPortfolio = Label("Cards")
    static let xSell = Label("x-sell")
    static let walkIn = Label("walk-in")
    static let cashProduct = Label("Cash")
    static let cardStreet = Label("Card Street")
    static let cardXSell = Label("Card X-Sell")
    static let creditAndCashOffices = Label("Credit and cash offices")
}

/// The level tables of bureau and bureau_balance.
enum BureauLevels {
    static let creditType = LevelTable([
        ("Consumer credit", 0.7296), ("Credit card", 0.2344), ("Car loan", 0.0161), ("Mortgage", 0.0107),
        ("Microloan", 0.0072), ("Loan for business development", 0.0011), ("Another type of loan", 0.0006),
        ("Unknown type of loan", 0.0003), ("Loan for working capital replenishment", 0.0003),
        ("Cash loan (non-earmarked)", 0.00005), ("Real estate loan", 0.000015),
        ("Loan for the purchase of equipment", 0.000011), ("Loan for purchase of shares (margin lending)", 0.000002),
        ("Interbank credit", 0.000001), ("Mobile operator loan", 0.000001),
    ])
    static let consumerCredit = 0
    static let creditCard = 1
    static let carLoan = 2
    static let mortgage = 3
    static let microloan = 4

    static let currency = LevelTable([
        ("currency 1", 0.99918), ("currency 2", 0.00073), ("currency 3", 0.00009), ("currency 4", 0.000006),
    ])

    static let active = Label("Active")
    static let closed = Label("Closed")
    static let sold = Label("Sold")
    static let badDebt = Label("Bad debt")

    /// bureau_balance STATUS: C closed, X unknown, 0 no days past due, 1…5 growing arrears.
    static let statusClosed = Label("C")
    static let statusUnknown = Label("X")
    static let statusByArrears: [Label] = (0...5).map { Label(String($0)) }
}

/// The labels of the monthly tables.
enum MonthlyLevels {
    static let active = Label("Active")
    static let completed = Label("Completed")
    static let signed = Label("Signed")
    static let approved = Label("Approved")
    static let demand = Label("Demand")
    static let refused = Label("Refused")
    static let sentProposal = Label("Sent proposal")
    /// Rare POS statuses, drawn for a handful of loans.
    static let rarePosStatus = LevelTable([
        ("Returned to the store", 0.5), ("Approved", 0.3), ("Amortized debt", 0.1), ("Canceled", 0.07), ("XNA", 0.03),
    ])
}
