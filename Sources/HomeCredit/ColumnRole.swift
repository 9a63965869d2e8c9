/// What a column means for modelling and explanation, beyond its type.
public enum ColumnRole: String, Sendable, CaseIterable {
    /// A key (SK_ID_*): never a model feature.
    case identifier
    /// The default flag to predict.
    case target
    /// An attribute fairness checks look at and explanations must never ask a client to change.
    case protected
    /// A term of the request a client can change (amount, annuity, goods price, contract type):
    /// what-if and counterfactual explanations may move only these.
    case actionable
    /// Everything else.
    case feature

    /// The protected attributes of an application: gender, age (DAYS_BIRTH), family status, children.
    public static let protectedColumns: [String] = ["CODE_GENDER", "DAYS_BIRTH", "NAME_FAMILY_STATUS", "CNT_CHILDREN"]

    /// The request terms a client can change.
    public static let actionableColumns: [String] = ["AMT_CREDIT", "AMT_ANNUITY", "AMT_GOODS_PRICE", "NAME_CONTRACT_TYPE"]

    /// Codes that are not values: Home Credit writes 365243 days (a thousand years) where a
    /// date does not apply (DAYS_EMPLOYED of pensioners and the unemployed; the due and
    /// termination dates of previous applications that never had them).
    public static let sentinelCodes: [String: Double] = [
        "DAYS_EMPLOYED": 365243, "DAYS_FIRST_DRAWING": 365243, "DAYS_FIRST_DUE": 365243,
        "DAYS_LAST_DUE_1ST_VERSION": 365243, "DAYS_LAST_DUE": 365243, "DAYS_TERMINATION": 365243,
    ]

    /// The role of a column of `table`. Protected and actionable columns are those of the
    /// application itself; the same names in a client's history (a past loan's AMT_CREDIT) are features.
    public static func of(_ column: String, in table: String) -> ColumnRole {
        if column.hasPrefix("SK_ID_") { return .identifier }
        if column == "TARGET" { return .target }
        guard table.hasPrefix("application") else { return .feature }
        if protectedColumns.contains(column) { return .protected }
        if actionableColumns.contains(column) { return .actionable }
        return .feature
    }
}
