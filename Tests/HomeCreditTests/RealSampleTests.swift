import Testing
import Tables
@testable import HomeCredit

/// The real files' first rows and random samples load with the right types and row counts.
@Suite(.enabled(if: SharedSamples.available, "../shared/homecredit not found (set HOMECREDIT_SHARED)"))
struct RealSampleTests {
    @Test(arguments: HomeCreditFile.allCases)
    func head19LoadsWithSchemaTypes(file: HomeCreditFile) throws {
        let path = SharedSamples.path("samples/head19/\(file.fileName)")
        let table = try CSVReader.read(path: path, options: HomeCreditData.readOptions(for: file.fileName)).table
        #expect(table.rowCount == 19)
        #expect(table.names == file.fields.map(\.name))
        for field in file.fields {
            let type = table[field.name]!.type
            switch field.kind {
            case .key, .target: #expect(type == .int, "\(field.name)")
            case .category: #expect(type == .category, "\(field.name)")
            case .integer: #expect(type == .int, "\(field.name)")
            case .real: #expect(type == .double, "\(field.name)")
            }
        }
    }

    @Test func applicationTrainHasPandasDtypes() throws {
        let path = SharedSamples.path("samples/random/application_train_stratified500.csv")
        let table = try CSVReader.read(path: path, options: HomeCreditData.readOptions(for: "application_train.csv")).table
        #expect(table.rowCount == 500)
        let types = table.columns.map(\.type)
        #expect(types.filter { $0 == .double }.count == 65)
        #expect(types.filter { $0 == .int }.count == 41)
        #expect(types.filter { $0 == .category }.count == 16)
        #expect(table["CODE_GENDER"]!.levels.sorted() == ["F", "M"])
        #expect(table["DAYS_EMPLOYED"]!.values.contains(.int(365_243)))
    }

    @Test(arguments: [
        ("bureau.csv", "bureau.csv", 20_000),
        ("bureau_balance.csv", "bureau_balance.csv", 20_000),
        ("POS_CASH_balance.csv", "POS_CASH_balance.csv", 20_000),
        ("installments_payments.csv", "installments_payments.csv", 20_000),
        ("credit_card_balance.csv", "credit_card_balance.csv", 20_000),
        ("previous_application_head3000.csv", "previous_application.csv", 3_000),
    ])
    func randomSamplesLoad(sample: String, schemaFile: String, rows: Int) throws {
        let path = SharedSamples.path("samples/random/\(sample)")
        let (table, report) = try CSVReader.read(path: path, options: HomeCreditData.readOptions(for: schemaFile))
        let file = HomeCreditFile(fileName: schemaFile)!
        #expect(table.rowCount == rows)
        #expect(table.names == file.fields.map(\.name))
        for field in file.fields where field.kind == .key { #expect(table[field.name]!.type == .int) }
        if sample.hasPrefix("previous") {
            #expect(report.droppedIndexColumn)
            // The 365243 sentinel survives as a value.
            #expect(table["DAYS_FIRST_DRAWING"]!.values.contains(.double(365_243)))
        }
        if sample == "bureau_balance.csv" {
            #expect(Set(table["STATUS"]!.levels) == ["C", "0", "X", "1", "2", "3", "4", "5"])
        }
    }

    @Test func dictionaryCoversEveryColumnOfEveryFile() throws {
        let dictionary = try ColumnDictionary(path: SharedSamples.path("HomeCredit_columns_description.csv"))
        let shipped = try ColumnDictionary(path: BundledData.dictionaryPath)
        #expect(dictionary.count == shipped.count)
        for file in HomeCreditFile.allCases {
            for field in file.fields {
                let entry = shipped.entry(table: file.tableName, column: field.name)
                #expect(entry != nil, "\(file.tableName).\(field.name)")
                #expect(entry?.description == dictionary.entry(table: file.tableName, column: field.name)?.description)
            }
        }
        #expect(shipped.entry(table: "application_test", column: "AMT_CREDIT")?.description.contains("Credit amount") == true)
    }
}

@Suite struct SchemaTests {
    @Test func applicationTestIsTrainWithoutTarget() {
        #expect(HomeCreditFile.applicationTest.fields == HomeCreditFile.applicationTrain.fields.filter { $0.name != "TARGET" })
    }

    @Test func relationsFindKeys() {
        #expect(Relation.key(between: .applicationTrain, and: .bureau) == "SK_ID_CURR")
        #expect(Relation.key(between: .bureauBalance, and: .bureau) == "SK_ID_BUREAU")
        #expect(Relation.key(between: .previousApplication, and: .installmentsPayments) == "SK_ID_PREV")
        #expect(Relation.key(between: .applicationTrain, and: .posCashBalance) == "SK_ID_CURR")
        #expect(Relation.key(between: .applicationTrain, and: .bureauBalance) == nil)
    }

    @Test func rolesFollowTheMission() {
        #expect(ColumnRole.of("SK_ID_CURR", in: "application_train") == .identifier)
        #expect(ColumnRole.of("TARGET", in: "application_train") == .target)
        #expect(ColumnRole.of("CODE_GENDER", in: "application_train") == .protected)
        #expect(ColumnRole.of("DAYS_BIRTH", in: "application_test") == .protected)
        #expect(ColumnRole.of("AMT_CREDIT", in: "application_train") == .actionable)
        #expect(ColumnRole.of("AMT_CREDIT", in: "previous_application") == .feature)
        #expect(ColumnRole.of("EXT_SOURCE_1", in: "application_train") == .feature)
    }

    @Test func fileNamesMatchCaseInsensitively() {
        #expect(HomeCreditFile(fileName: "POS_CASH_balance.csv") == .posCashBalance)
        #expect(HomeCreditFile(fileName: "pos_cash_balance.CSV") == .posCashBalance)
        #expect(HomeCreditFile(fileName: "other.csv") == nil)
    }

    @Test func dictionaryExpandsApplicationPattern() {
        #expect(ColumnDictionary.tableNames(fromFileField: "application_{train|test}.csv") == ["application_train", "application_test"])
        #expect(ColumnDictionary.tableNames(fromFileField: "bureau.csv") == ["bureau"])
    }
}
