import Foundation
import Testing
@testable import Models

/// Bins set by hand are used as given: the rows fall where the cuts say, nothing is merged
/// or made monotone, groups of levels pool their counts, and older files still load.
@Suite struct ManualBinsTests {
    @Test func cutsAreUsedAsGivenAndCountRowsLikeABruteForce() {
        // 0, 1, …, 99, then 10 missing; the bad rate rises and falls, so a learnt binning
        // would merge; the manual one keeps all four bins.
        var values = (0..<100).map(Double.init) + [Double](repeating: .nan, count: 10)
        values.swapAt(3, 50)
        let labels = values.indices.map { i in values[i].isNaN ? i % 2 == 0 : (Int(values[i]) / 25) % 2 == 0 ? i % 3 == 0 : i % 7 == 0 }
        let x = FeatureMatrix(columns: [values], names: ["X"])
        var p = ScorecardParameters()
        p.manualBins["X"] = .cuts([25, 50, 75])
        let b = ScorecardTests.binning(x, labels, p)
        #expect(b.bins.map(\.label) == ["[-inf, 25)", "[25, 50)", "[50, 75)", "[75, inf)", "missing"])
        let edges = [-Double.infinity, 25, 50, 75, .infinity]
        for k in 0..<4 {
            let rows = values.indices.filter { values[$0] >= edges[k] && values[$0] < edges[k + 1] }
            #expect(b.bins[k].count == rows.count)
            #expect(b.bins[k].bads == rows.filter { labels[$0] }.count)
        }
        #expect(b.bins[4].count == 10)
        // Learnt, the same data gets other bins.
        #expect(ScorecardTests.binning(x, labels, ScorecardParameters()).bins.map(\.label) != b.bins.map(\.label))
    }

    @Test func groupsPoolTheirLevelsAndTheRestIsOther() {
        let (x, y) = ScorecardTests.categorical("KIND", levels: ["A", "B", "C", "D"], counts: [(40, 10), (30, 20), (30, 70), (5, 5)])
        var p = ScorecardParameters()
        p.manualBins["KIND"] = .groups([["A", "C"], ["B"]])
        let b = ScorecardTests.binning(x, y, p)
        #expect(b.bins.count == 3)
        #expect(b.bins[0].count == 150 && b.bins[0].bads == 80)
        #expect(b.bins[1].count == 50 && b.bins[1].bads == 20)
        #expect(b.bins[2].count == 10 && b.bins[2].bads == 5)  // D, in no group
        #expect(b.woe(of: 2) == b.woe(of: 0))
    }

    @Test func parametersWithoutManualBinsStillLoad() throws {
        var p = ScorecardParameters()
        p.manualBins["X"] = .cuts([0.5])
        let data = try JSONEncoder().encode(p)
        #expect(try JSONDecoder().decode(ScorecardParameters.self, from: data) == p)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["manualBins"] = nil
        let old = try JSONDecoder().decode(ScorecardParameters.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.manualBins.isEmpty && old.fineClasses == p.fineClasses)
        // The same for the boosting settings added since the first model files.
        var g = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(GBDTParameters())) as? [String: Any])
        g["featurePreFilter"] = nil
        #expect(try JSONDecoder().decode(GBDTParameters.self, from: JSONSerialization.data(withJSONObject: g)).featurePreFilter == false)
    }
}
