/// A one-to-many link between two Home Credit files: each parent row has zero or more child rows.
public struct Relation: Sendable, Equatable, CustomStringConvertible {
    public let parent: HomeCreditFile
    public let child: HomeCreditFile
    /// The key column, named the same in both files.
    public let key: String

    public var description: String { "\(parent.tableName) → \(child.tableName) by \(key)" }

    /// The relations of the data set, parents before children.
    public static let all: [Relation] = [
        Relation(parent: .applicationTrain, child: .bureau, key: "SK_ID_CURR"),
        Relation(parent: .applicationTest, child: .bureau, key: "SK_ID_CURR"),
        Relation(parent: .bureau, child: .bureauBalance, key: "SK_ID_BUREAU"),
        Relation(parent: .applicationTrain, child: .previousApplication, key: "SK_ID_CURR"),
        Relation(parent: .applicationTest, child: .previousApplication, key: "SK_ID_CURR"),
        Relation(parent: .previousApplication, child: .posCashBalance, key: "SK_ID_PREV"),
        Relation(parent: .previousApplication, child: .installmentsPayments, key: "SK_ID_PREV"),
        Relation(parent: .previousApplication, child: .creditCardBalance, key: "SK_ID_PREV"),
    ]

    /// The key joining two tables in either direction, if they are directly related,
    /// or share the client key (the monthly tables carry SK_ID_CURR as well).
    public static func key(between a: HomeCreditFile, and b: HomeCreditFile) -> String? {
        if let direct = all.first(where: { ($0.parent == a && $0.child == b) || ($0.parent == b && $0.child == a) }) {
            return direct.key
        }
        if a.field(named: "SK_ID_CURR") != nil, b.field(named: "SK_ID_CURR") != nil { return "SK_ID_CURR" }
        return nil
    }
}
