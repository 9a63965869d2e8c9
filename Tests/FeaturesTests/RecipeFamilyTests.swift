import Features
import Foundation
import HomeCredit
import Query
import Tables
import Testing

/// Each family of the kernel's aggregations on tables small enough to check by hand.
struct RecipeFamilyTests {
    static func table(_ csv: String) -> Table {
        try! CSVReader.read(bytes: Array(csv.utf8)).table
    }

    /// Client 1: two bureau credits, instalments paid early, late and never; client 2: no
    /// bureau rows and a zero credit amount; client 3: only refused applications; client 4
    /// (test): a contract type no training client has.
    static let catalog = Catalog([
        .init(name: "application_train", table: table("""
            SK_ID_CURR,TARGET,AMT_INCOME_TOTAL,AMT_CREDIT,NAME_CONTRACT_TYPE
            1,0,100000,200000,Cash loans
            2,1,50000,0,Cash loans
            3,0,80000,400000,Cash loans
            """)),
        .init(name: "application_test", table: table("""
            SK_ID_CURR,AMT_INCOME_TOTAL,AMT_CREDIT,NAME_CONTRACT_TYPE
            4,60000,300000,Revolving loans
            """)),
        .init(name: "bureau", table: table("""
            SK_ID_CURR,SK_ID_BUREAU,CREDIT_ACTIVE,AMT_CREDIT_SUM
            1,10,Active,1000
            1,11,Closed,3000
            3,12,Closed,500
            """)),
        .init(name: "previous_application", table: table("""
            SK_ID_PREV,SK_ID_CURR,NAME_CONTRACT_STATUS,AMT_CREDIT
            20,1,Approved,100
            21,3,Refused,200
            22,3,Refused,600
            """)),
        .init(name: "installments_payments", table: table("""
            SK_ID_PREV,SK_ID_CURR,DAYS_INSTALMENT,DAYS_ENTRY_PAYMENT,AMT_INSTALMENT,AMT_PAYMENT
            20,1,-100,-105,10,10
            20,1,-70,-60,10,10
            20,1,-40,,10,
            """)),
    ])

    static let recipe = Recipe(name: "families", path: "families.cx", text: """
        version 1
        let app = from application_train
          | append application_test
          | derive INCOME_CREDIT_PERC = AMT_INCOME_TOTAL / AMT_CREDIT
          | onehot NAME_CONTRACT_TYPE
        let bur = from bureau
          | onehot CREDIT_ACTIVE with missing
          | group SK_ID_CURR (across(AMT_CREDIT_SUM, (min, max, mean, sum, var, size)), across(CREDIT_ACTIVE_*, mean))
          | prefix BURO_
        let act = from bureau | filter CREDIT_ACTIVE == 'Active' | group SK_ID_CURR (across(AMT_CREDIT_SUM, sum)) | prefix ACTIVE_
        let prev = from previous_application
          | onehot NAME_CONTRACT_STATUS
          | group SK_ID_CURR (across(AMT_CREDIT, mean), across(NAME_CONTRACT_STATUS_*, mean))
          | prefix PREV_
        let refused = from previous_application
          | filter NAME_CONTRACT_STATUS == 'Refused'
          | group SK_ID_CURR (across(AMT_CREDIT, (max, var)))
          | prefix REFUSED_
        let inst = from installments_payments
          | derive DPD = greatest(DAYS_ENTRY_PAYMENT - DAYS_INSTALMENT, 0),
                   DBD = greatest(DAYS_INSTALMENT - DAYS_ENTRY_PAYMENT, 0)
          | group SK_ID_CURR (across((DPD, DBD), (max, sum)), COUNT = count())
          | prefix INSTAL_
        let features = from app | join bur, act, prev, refused, inst on SK_ID_CURR
        """)

    static let joinKey: @Sendable (String, String) -> String? = { _, _ in "SK_ID_CURR" }

    static func built() throws -> FeatureSet {
        try FeatureSet.build(recipe, catalog: catalog, joinKey: joinKey)
    }

    static func value(_ set: FeatureSet, _ client: Int64, _ column: String) -> Double? {
        guard let row = set.row(of: client), let c = set.table[column] else { return .nan }
        return c.number(at: row)
    }

    @Test func bureauAggregatesAndAClientWithoutBureauRows() throws {
        let set = try Self.built()
        #expect(Self.value(set, 1, "BURO_AMT_CREDIT_SUM_MIN") == 1000)
        #expect(Self.value(set, 1, "BURO_AMT_CREDIT_SUM_MAX") == 3000)
        #expect(Self.value(set, 1, "BURO_AMT_CREDIT_SUM_MEAN") == 2000)
        #expect(Self.value(set, 1, "BURO_AMT_CREDIT_SUM_SUM") == 4000)
        #expect(Self.value(set, 1, "BURO_AMT_CREDIT_SUM_VAR") == 2_000_000)  // ((−1000)² + 1000²) / (2 − 1)
        #expect(Self.value(set, 1, "BURO_AMT_CREDIT_SUM_SIZE") == 2)
        #expect(Self.value(set, 1, "BURO_CREDIT_ACTIVE_Active_MEAN") == 0.5)
        #expect(Self.value(set, 1, "ACTIVE_AMT_CREDIT_SUM_SUM") == 1000)
        // One credit: the sample variance of a single row is missing, as in pandas.
        #expect(Self.value(set, 3, "BURO_AMT_CREDIT_SUM_VAR") == nil)
        #expect(Self.value(set, 3, "BURO_AMT_CREDIT_SUM_MEAN") == 500)
        #expect(Self.value(set, 3, "ACTIVE_AMT_CREDIT_SUM_SUM") == nil)  // no active credit
        // No bureau rows at all: every bureau feature is missing, the count included.
        for name in set.table.names where name.hasPrefix("BURO_") || name.hasPrefix("ACTIVE_") {
            #expect(Self.value(set, 2, name) == nil, "\(name)")
        }
    }

    @Test func onlyRefusedApplications() throws {
        let set = try Self.built()
        #expect(Self.value(set, 3, "PREV_NAME_CONTRACT_STATUS_Refused_MEAN") == 1)
        #expect(Self.value(set, 3, "PREV_NAME_CONTRACT_STATUS_Approved_MEAN") == 0)
        #expect(Self.value(set, 3, "REFUSED_AMT_CREDIT_MAX") == 600)
        #expect(Self.value(set, 3, "REFUSED_AMT_CREDIT_VAR") == 80_000)
        #expect(Self.value(set, 1, "REFUSED_AMT_CREDIT_MAX") == nil)
    }

    @Test func instalmentsPaidEarlyLateAndNever() throws {
        let set = try Self.built()
        // Early by 5 days, late by 10, never paid (no entry date: its DPD and DBD are missing).
        #expect(Self.value(set, 1, "INSTAL_DPD_MAX") == 10)
        #expect(Self.value(set, 1, "INSTAL_DPD_SUM") == 10)
        #expect(Self.value(set, 1, "INSTAL_DBD_MAX") == 5)
        #expect(Self.value(set, 1, "INSTAL_DBD_SUM") == 5)
        #expect(Self.value(set, 1, "INSTAL_COUNT") == 3)
    }

    @Test func divisionByZeroIsMissingNeverInfinite() throws {
        let set = try Self.built()
        #expect(Self.value(set, 2, "INCOME_CREDIT_PERC") == nil)
        #expect(Self.value(set, 1, "INCOME_CREDIT_PERC") == 0.5)
        #expect(set.warnings.contains { $0.contains("division by zero") })
        for column in set.table.columns {
            for row in 0..<column.count { if let x = column.number(at: row) { #expect(x.isFinite) } }
        }
    }

    @Test func trainAndTestShareTheOneHotColumns() throws {
        let set = try Self.built()
        // A contract type only a test client has still makes a column, 0 for every training client.
        #expect(Self.value(set, 4, "NAME_CONTRACT_TYPE_Revolving_loans") == 1)
        for client: Int64 in [1, 2, 3] { #expect(Self.value(set, client, "NAME_CONTRACT_TYPE_Revolving_loans") == 0) }
        #expect(set.table["NAME_CONTRACT_TYPE"] == nil)
        #expect(Self.value(set, 4, "TARGET") == nil)
    }

    @Test func eachClientRebuiltAloneEqualsTheFullBuild() throws {
        let set = try Self.built()
        let index = ClientIndex(Self.catalog)
        for client: Int64 in [1, 2, 3, 4] {
            let one = try set.recompute(client: client, index: index, joinKey: Self.joinKey)
            #expect(one.names == set.table.names)
            #expect(FeatureComparison.differences(one, row: 0, set.table, row: set.row(of: client)!).isEmpty, "client \(client)")
        }
        // The test client's one-hot columns come from the frozen levels, not from its one row.
        let alone = try set.recompute(client: 1, index: index, joinKey: Self.joinKey)
        #expect(alone["NAME_CONTRACT_TYPE_Revolving_loans"]?.number(at: 0) == 0)
    }

    @Test func anEditedApplicationIsRebuiltFromTheEdit() throws {
        let set = try Self.built()
        let one = try set.recompute(client: 1, index: ClientIndex(Self.catalog), joinKey: Self.joinKey) { catalog in
            var t = catalog["application_train"]!
            try! t.set("AMT_CREDIT", Column(doubles: [400000]))
            catalog.add(.init(name: "application_train", table: t))
        }
        #expect(one["INCOME_CREDIT_PERC"]?.number(at: 0) == 0.25)
        #expect(one["BURO_AMT_CREDIT_SUM_SUM"]?.number(at: 0) == 4000)
    }

    @Test func lineageDescribesEachFeature() throws {
        let set = try Self.built()
        let dictionary = ColumnDictionary.bundled()
        let mean = FeatureMetadata(name: "BURO_AMT_CREDIT_SUM_MEAN", lineage: set.lineage["BURO_AMT_CREDIT_SUM_MEAN"]!, english: dictionary, french: ColumnDictionary.bundledFrench())
        #expect(mean.source == "bureau")
        #expect(mean.rawColumns == ["AMT_CREDIT_SUM"])
        #expect(mean.aggregations == ["mean"])
        #expect(mean.unit == "currency")
        #expect(mean.english == "Mean, over the client's Credit Bureau credits, of: Current credit amount for the Credit Bureau credit")
        #expect(mean.french.hasPrefix("Moyenne, sur les crédits du client déclarés au Credit Bureau, de : "))
        let active = FeatureMetadata(name: "ACTIVE_AMT_CREDIT_SUM_SUM", lineage: set.lineage["ACTIVE_AMT_CREDIT_SUM_SUM"]!, english: dictionary, french: nil)
        #expect(active.filters == ["CREDIT_ACTIVE == 'Active'"])
        #expect(active.english.contains("where `CREDIT_ACTIVE == 'Active'`"))
        let share = FeatureMetadata(name: "PREV_NAME_CONTRACT_STATUS_Refused_MEAN", lineage: set.lineage["PREV_NAME_CONTRACT_STATUS_Refused_MEAN"]!, english: dictionary, french: nil)
        #expect(share.unit == "share")
        #expect(share.english.hasPrefix("Share, over the client's previous applications, of: "))
        let count = FeatureMetadata(name: "INSTAL_COUNT", lineage: set.lineage["INSTAL_COUNT"]!, english: dictionary, french: nil)
        #expect(count.unit == "count")
        #expect(count.source == "installments_payments")
        let ratio = FeatureMetadata(name: "INCOME_CREDIT_PERC", lineage: set.lineage["INCOME_CREDIT_PERC"]!, english: dictionary, french: nil)
        #expect(ratio.source == "application")
        #expect(ratio.rawColumns == ["AMT_INCOME_TOTAL", "AMT_CREDIT"])
        #expect(ratio.unit == "ratio")
    }

    /// Intermediate tables are freed once nothing reads them, and handed to their last reader:
    /// whatever the pattern of readers (two in one wave, one in a later wave, a table joined
    /// twice, a name bound again), the build equals the statements run one by one.
    @Test func freeingIntermediatesChangesNoValue() throws {
        let text = """
            let a = from bureau | group SK_ID_CURR (n = count(), s = sum(AMT_CREDIT_SUM))
            let b = from a | derive m = n * 2
            let c = from a | derive k = s + 1 | select SK_ID_CURR, k
            let d = from b | join c on SK_ID_CURR
            let e = from d | join c on SK_ID_CURR
            let e = from e | derive t = k + k_right
            let features = from application_train | append application_test | join e on SK_ID_CURR
            """
        let built = try FeatureSet.build(Recipe(name: "free", path: "free.cx", text: text), catalog: Self.catalog, joinKey: Self.joinKey)
        var engine = QueryEngine(catalog: Self.catalog, joinKey: Self.joinKey)
        for line in text.split(separator: "\n") { _ = try engine.run(String(line)) }
        let expected = try engine.table(named: "features")
        #expect(built.table.names == expected.names)
        #expect(built.table == expected)
        #expect(built.table.rowCount == 4 && built.table["t"]?.number(at: 0) == 2 * 4001)
    }

    @Test func aRecipeErrorNamesItsLine() throws {
        let broken = Recipe(name: "broken", path: "broken.cx", text: "let a = from bureau\nlet features = from a\n  | filter AMT_CREDT > 1\n")
        #expect(throws: FeatureError.self) { try FeatureSet.build(broken, catalog: Self.catalog, joinKey: Self.joinKey) }
        do { _ = try FeatureSet.build(broken, catalog: Self.catalog, joinKey: Self.joinKey) } catch {
            #expect(error.description.hasPrefix("broken.cx:3:12: unknown column 'AMT_CREDT'"))
        }
        let noResult = Recipe(name: "none", path: "none.cx", text: "let a = from bureau\n")
        do { _ = try FeatureSet.build(noResult, catalog: Self.catalog, joinKey: Self.joinKey) } catch {
            #expect(error.description.contains("never binds `features`"))
        }
        let command = Recipe(name: "cmd", path: "cmd.cx", text: "tables\n")
        do { _ = try FeatureSet.build(command, catalog: Self.catalog, joinKey: Self.joinKey) } catch {
            #expect(error.description.contains("`let name = …` statements only"))
        }
    }
}

/// A stored build comes back whole under the same key, and not under another.
struct FeatureCacheTests {
    @Test func aStoredBuildIsReadBack() throws {
        let folder = NSTemporaryDirectory() + "cx-features-cache-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = FeatureCache(TableCache(directory: folder))
        let set = try RecipeFamilyTests.built()
        let key = FeatureCache.key(RecipeFamilyTests.recipe, catalog: RecipeFamilyTests.catalog)
        #expect(key == FeatureCache.key(RecipeFamilyTests.recipe, catalog: RecipeFamilyTests.catalog))
        #expect(cache.store(set, key: key) == nil)
        let back = try #require(cache.load(RecipeFamilyTests.recipe, key: key))
        #expect(back.table.names == set.table.names)
        #expect(FeatureComparison.differences(back.table, row: 0, set.table, row: 0).isEmpty)
        #expect(back.lineage == set.lineage)
        #expect(back.levels == set.levels)
        #expect(cache.load(RecipeFamilyTests.recipe, key: key + "x") == nil)
    }
}
