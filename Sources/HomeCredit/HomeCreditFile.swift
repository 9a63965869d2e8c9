/// The eight files of the Home Credit Default Risk data set.
public enum HomeCreditFile: String, CaseIterable, Sendable {
    case applicationTrain = "application_train"
    case applicationTest = "application_test"
    case bureau = "bureau"
    case bureauBalance = "bureau_balance"
    case previousApplication = "previous_application"
    case posCashBalance = "POS_CASH_balance"
    case installmentsPayments = "installments_payments"
    case creditCardBalance = "credit_card_balance"

    /// The table name users type, which is also the file name without `.csv`.
    public var tableName: String { rawValue }
    public var fileName: String { rawValue + ".csv" }

    public init?(tableName: String) { self.init(rawValue: tableName) }

    /// The file a path names, matched case-insensitively on the base name (`bureau.csv`).
    public init?(fileName: String) {
        let lower = fileName.lowercased()
        guard lower.hasSuffix(".csv") else { return nil }
        let stem = String(lower.dropLast(4))
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == stem }) else { return nil }
        self = match
    }

    /// The name of the column that identifies one row of this file, if any.
    public var rowKey: String? {
        switch self {
        case .applicationTrain, .applicationTest: "SK_ID_CURR"
        case .bureau: "SK_ID_BUREAU"
        case .previousApplication: "SK_ID_PREV"
        case .bureauBalance, .posCashBalance, .installmentsPayments, .creditCardBalance: nil
        }
    }

    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}

/// One column of a Home Credit file: its name and what it holds.
public struct Field: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// An identifier (SK_ID_*): always an integer, even when written `100004.0`.
        case key
        /// The 0/1 default flag of application_train.
        case target
        /// A label such as `Cash loans`.
        case category
        /// A number the real file writes without decimals.
        case integer
        /// A number the real file writes with decimals (pandas float64).
        case real
    }

    public let name: String
    public let kind: Kind

    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}
