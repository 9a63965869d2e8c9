import Foundation
import Models
import Testing
@testable import Shell

/// `fit … weight COLUMN` and `pos_weight=` for every kind, through the shell.
@Suite(.serialized) struct SampleWeightCommandTests {
    func session() throws -> Session {
        let s = Session(catalog: ModelCommandTests.catalog, dataDirectory: "datasets/default")
        _ = try s.run("let weighted = from application_train | derive W = 0.25 + 0.75 * TARGET, NEG = W - 1, CITY = NAME_INCOME_TYPE, HOLE = nullif(W, 1)")
        return s
    }

    @Test(arguments: ["gbdt trees=10", "logistic", "scorecard"])
    func theWeightIsNoFeatureAndCrossValidationKeepsIt(kind: String) throws {
        let s = try session()
        let fitted = try s.run("fit \(kind) on weighted weight W features EXT_SOURCE_*,AMT_CREDIT")
        #expect(fitted.contains("rows weighted by W"))
        let state = try #require(s.model)
        #expect(!state.matrix.names.contains("W") && state.weights?.count == state.labels.count)
        #expect(state.file.training.parameters["weight"] == "W")
        _ = try s.run("cv folds=3")
        let weighted = try #require(s.model?.crossValidation?.outOfFold)
        _ = try s.run("fit \(kind) on weighted features EXT_SOURCE_*,AMT_CREDIT")
        _ = try s.run("cv folds=3")
        let plain = try #require(s.model?.crossValidation?.outOfFold)
        #expect(weighted != plain)
        // Every column by default: still not the weight.
        _ = try s.run("fit \(kind) on weighted weight W exclude NEG,CITY,HOLE")
        #expect(!(s.model?.matrix.features.contains { $0.source == "W" } ?? true))
    }

    @Test func classWeightsForLogisticAndScorecard() throws {
        let s = try session()
        for kind in ["logistic", "scorecard"] {
            _ = try s.run("fit \(kind) features EXT_SOURCE_*,AMT_CREDIT pos_weight=balanced")
            #expect(s.model?.file.training.parameters["pos_weight"] == "balanced")
            let balanced = try #require(s.model?.inSample)
            _ = try s.run("fit \(kind) features EXT_SOURCE_*,AMT_CREDIT")
            let plain = try #require(s.model?.inSample)
            // Defaults count about 11 times more: the mean probability moves towards ½.
            #expect(balanced.reduce(0, +) > plain.reduce(0, +) * 2)
            // A scorecard's bins and WoE compare shares of goods and bads: class weights leave them.
            if case .scorecard(let card)? = s.model?.file.model {
                _ = try s.run("fit scorecard features EXT_SOURCE_*,AMT_CREDIT pos_weight=balanced")
                guard case .scorecard(let weighted)? = s.model?.file.model else { return }
                #expect(weighted.binnings == card.binnings)
            }
        }
    }

    @Test func badWeightsAreRefusedWithTheReason() throws {
        let s = try session()
        func message(_ line: String) -> String {
            do { _ = try s.run(line); return "" } catch { return "\(error)" }
        }
        #expect(message("fit gbdt on weighted weight NEG").contains("not negative"))
        #expect(message("fit gbdt on weighted weight HOLE").contains("no value in"))
        #expect(message("fit gbdt on weighted weight CITY").contains("not numbers"))
        #expect(message("fit gbdt on weighted weight TARGET").contains("the target cannot be the weight"))
        #expect(message("fit gbdt on weighted weight WW").contains("did you mean 'W'"))
    }
}
