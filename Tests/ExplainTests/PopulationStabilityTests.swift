import Foundation
import Testing
import Tables
@testable import Explain

/// PSI against hand-computed tables.
@Suite struct PopulationStabilityTests {
    @Test func categoriesByHand() {
        // expected: a 50%, b 50%; actual: a 25%, b 75%; no missing.
        let bins = PopulationStability.compare(expected: Column(strings: ["a", "a", "b", "b"]), actual: Column(strings: ["a", "b", "b", "b"]))
        #expect(bins.labels == ["a", "b", "missing"])
        let psi = (0.25 - 0.5) * log(0.25 / 0.5) + (0.75 - 0.5) * log(0.75 / 0.5)
        #expect(abs(bins.index - psi) < 1e-12)
        #expect(PopulationStability.band(bins.index) == "significant shift")
    }

    @Test func numbersAreCutAtTheExpectedDecilesWithMissingApart() {
        let expected = Column(doubles: (0..<100).map { Double($0) })
        #expect(PopulationStability.compare(expected: expected, actual: expected).index == 0)
        // Half the actual rows missing: that bin goes from 0% to 50%.
        let actual = Column(doubles: (0..<100).map { $0 % 2 == 0 ? Double($0) : nil })
        let bins = PopulationStability.compare(expected: expected, actual: actual)
        #expect(bins.labels.count == 11 && bins.labels.last == "missing")
        #expect(abs(bins.actual.reduce(0, +) - 1) < 1e-12 && abs(bins.actual.last! - 0.5) < 1e-12)
        // Each decile keeps 5% of the actual rows against 10% expected; missing 50% against 0.01%.
        let psi = 10 * (0.05 - 0.1) * log(0.05 / 0.1) + (0.5 - 1e-4) * log(0.5 / 1e-4)
        #expect(abs(bins.index - psi) < 1e-9)
    }
}
