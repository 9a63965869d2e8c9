import Foundation
import HomeCredit
import Models
import Testing
@testable import Shell

/// `bins`: a scorecard feature's bins shown, set by hand, refitted, recorded and reset.
@Suite(.serialized) struct ScorecardBinsTests {
    func session() -> Session { Session(catalog: ModelCommandTests.catalog, dataDirectory: "datasets/default") }

    @Test func cutsAndGroupsRefitTheScorecardAndAreRecorded() throws {
        let s = session()
        _ = try s.run("fit scorecard features EXT_SOURCE_*,DAYS_BIRTH,NAME_INCOME_TYPE")
        _ = try s.run("cv folds=3")
        _ = try s.run("threshold cost fn=10 fp=1")
        #expect(try s.run("bins EXT_SOURCE_3") == s.run("report bins EXT_SOURCE_3"))
        let out = try s.run("bins EXT_SOURCE_3 cuts=0.6,0.2,0.4")
        #expect(out.contains("[0.2, 0.4)") && out.contains("bins set by hand: cuts=0.2,0.4,0.6"))
        #expect(out.contains("information value") && out.contains("in-sample AUC"))
        // A refit is a new model: the old threshold and cv do not carry over.
        #expect(s.model?.file.threshold == nil && s.model?.crossValidation == nil)
        guard case .scorecard(let card)? = s.model?.file.model else { Issue.record("not a scorecard"); return }
        #expect(card.binnings.first { $0.feature == "EXT_SOURCE_3" }?.bins.count == 5)  // 4 intervals and missing
        #expect(s.model?.file.training.parameters["manual_bins"] == "EXT_SOURCE_3 cuts=0.2,0.4,0.6")

        _ = try s.run("bins NAME_INCOME_TYPE groups=\"Working,Pensioner+State servant\"")
        guard case .scorecard(let grouped)? = s.model?.file.model else { return }
        let labels = grouped.binnings.first { $0.feature == "NAME_INCOME_TYPE" }!.bins.map(\.label)
        #expect(labels.contains("Working") && labels.contains("Pensioner, State servant"))
        // The hand-set bins of one feature survive the editing of another.
        #expect(grouped.parameters.manualBins["EXT_SOURCE_3"] == .cuts([0.2, 0.4, 0.6]))

        _ = try s.run("bins EXT_SOURCE_3 auto")
        guard case .scorecard(let reset)? = s.model?.file.model else { return }
        #expect(reset.parameters.manualBins["EXT_SOURCE_3"] == nil && reset.parameters.manualBins["NAME_INCOME_TYPE"] != nil)
    }

    @Test func mistakesAreExplained() throws {
        let s = session()
        #expect(throws: SessionError.self) { try s.run("bins EXT_SOURCE_3 cuts=0.5") }  // no model
        _ = try s.run("fit gbdt trees=5 features EXT_SOURCE_*")
        #expect(message { try s.run("bins EXT_SOURCE_3 cuts=0.5") }.contains("for scorecards"))
        _ = try s.run("fit scorecard features EXT_SOURCE_*,NAME_INCOME_TYPE")
        #expect(message { try s.run("bins EXT_SOURCE_9 cuts=0.5") }.contains("did you mean"))
        #expect(message { try s.run("bins EXT_SOURCE_3 cuts=0.5,abc") }.contains("'abc' is not one"))
        #expect(message { try s.run("bins EXT_SOURCE_3 groups=A") }.contains("is numeric"))
        #expect(message { try s.run("bins NAME_INCOME_TYPE cuts=1") }.contains("text feature"))
        #expect(message { try s.run("bins NAME_INCOME_TYPE groups=Workin") }.contains("did you mean 'Working'"))
        #expect(message { try s.run("bins NAME_INCOME_TYPE groups=Working,Working") }.contains("in two groups"))
    }

    private func message(_ body: () throws -> String) -> String {
        do { _ = try body(); return "" } catch { return "\(error)" }
    }
}
