import Testing
import Tables
@testable import Models

@Suite struct FeatureMatrixTests {
    let table = try! Table([
        ("AMT_CREDIT", Column(doubles: [100, nil, 300, 400])),
        ("CNT_CHILDREN", Column(ints: [0, 2, nil, 1])),
        ("FLAG_OWN_CAR", Column(bools: [true, false, true, nil])),
        ("NAME_CONTRACT_TYPE", Column(strings: ["Cash", "Revolving", nil, "Cash"])),
        ("TARGET", Column(ints: [0, 1, 0, 1])),
    ])

    @Test func numericColumnsKeepMissingAsNaN() throws {
        let x = try FeatureMatrix(table: table, features: ["AMT_CREDIT", "CNT_CHILDREN", "FLAG_OWN_CAR"])
        #expect(x.names == ["AMT_CREDIT", "CNT_CHILDREN", "FLAG_OWN_CAR"])
        #expect(x.columns[0][0] == 100 && x.columns[0][1].isNaN)
        #expect(x.columns[1][1] == 2 && x.columns[1][2].isNaN)
        #expect(x.columns[2][0] == 1 && x.columns[2][1] == 0 && x.columns[2][3].isNaN)
        #expect(x.features.allSatisfy { $0.kind == .numeric })
    }

    @Test func oneHotGivesOneIndicatorPerLevel() throws {
        let x = try FeatureMatrix(table: table, features: ["NAME_CONTRACT_TYPE"])
        #expect(x.names == ["NAME_CONTRACT_TYPE_Cash", "NAME_CONTRACT_TYPE_Revolving"])
        #expect(x.columns[0] == [1, 0, 0, 1])
        #expect(x.columns[1] == [0, 1, 0, 0])
        #expect(x.features[1] == FeatureInfo(
            name: "NAME_CONTRACT_TYPE_Revolving", source: "NAME_CONTRACT_TYPE", kind: .indicator(level: "Revolving")))
        let withNaN = try FeatureMatrix(
            table: table, features: ["NAME_CONTRACT_TYPE"], options: .init(missingIndicator: true))
        #expect(withNaN.names.last == "NAME_CONTRACT_TYPE_nan")
        #expect(withNaN.columns[2] == [0, 0, 1, 0])
    }

    @Test func nativeCategoricalKeepsCodes() throws {
        let x = try FeatureMatrix(table: table, features: ["NAME_CONTRACT_TYPE"], options: .init(categorical: .native))
        #expect(x.features[0].kind == .categorical(levels: ["Cash", "Revolving"]))
        #expect(x.columns[0][0] == 0 && x.columns[0][1] == 1 && x.columns[0][2].isNaN && x.columns[0][3] == 0)
    }

    @Test func encodingAppliesToAnotherTableByLabel() throws {
        let encoding = try FeatureEncoding(table: table, columns: ["NAME_CONTRACT_TYPE"], options: .init(categorical: .native))
        // Levels in another order, plus a level never seen in training.
        let other = try Table([("NAME_CONTRACT_TYPE", Column(strings: ["Revolving", "Lease", "Cash"]))])
        let x = try encoding.matrix(from: other)
        #expect(x.columns[0][0] == 1 && x.columns[0][1].isNaN && x.columns[0][2] == 0)
        let oneHot = try FeatureEncoding(table: table, columns: ["NAME_CONTRACT_TYPE"]).matrix(from: other)
        #expect(oneHot.columns == [[0, 0, 1], [1, 0, 0]])
    }

    @Test func unknownColumnSuggestsNearNames() {
        #expect(throws: FeatureMatrixError.unknownColumn("AMT_CREDT", suggestions: ["AMT_CREDIT"])) {
            try FeatureMatrix(table: table, features: ["AMT_CREDT"])
        }
        let error = FeatureMatrixError.unknownColumn("AMT_CREDT", suggestions: ["AMT_CREDIT"])
        #expect(error.description == "unknown column 'AMT_CREDT'; did you mean 'AMT_CREDIT'?")
    }

    @Test func scoringATableWithAMistypedColumnNamesIt() throws {
        let encoding = try FeatureEncoding(table: table, columns: ["AMT_CREDIT"])
        let other = try Table([("AMT_CREDIT", Column(strings: ["a"]))])
        #expect(throws: FeatureMatrixError.typeMismatch(column: "AMT_CREDIT", expected: "numeric", found: .category)) {
            try encoding.matrix(from: other)
        }
    }

    @Test func guardsAgainstOneHotExplosionAndDuplicates() {
        #expect(throws: FeatureMatrixError.tooManyLevels(column: "NAME_CONTRACT_TYPE", levels: 2, limit: 1)) {
            try FeatureMatrix(table: table, features: ["NAME_CONTRACT_TYPE"], options: .init(maxOneHotLevels: 1))
        }
        #expect(throws: FeatureMatrixError.duplicateFeature("AMT_CREDIT")) {
            try FeatureMatrix(table: table, features: ["AMT_CREDIT", "AMT_CREDIT"])
        }
    }

    @Test func binaryTargetAcceptsOnlyZeroAndOne() throws {
        #expect(try BinaryTarget.labels(from: table, column: "TARGET") == [false, true, false, true])
        #expect(throws: FeatureMatrixError.missingTarget(column: "AMT_CREDIT", count: 1)) {
            try BinaryTarget.labels(from: table, column: "AMT_CREDIT")
        }
        let counts = try Table([("y", Column(ints: [0, 2]))])
        #expect(throws: FeatureMatrixError.notBinary(column: "y", value: "2")) {
            try BinaryTarget.labels(from: counts, column: "y")
        }
        #expect(throws: FeatureMatrixError.self) {
            try BinaryTarget.labels(from: table, column: "NAME_CONTRACT_TYPE")
        }
    }
}
