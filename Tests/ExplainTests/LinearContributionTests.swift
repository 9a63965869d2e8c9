import Testing
import Tables
@testable import Models

/// A logistic model's log-odds split into one term per input: coefficient × (value −
/// training mean), summing exactly to the model's logit, with missing values shown as their
/// imputed mean and their indicator.
@Suite struct LinearContributionTests {
    @Test func termsSumToTheLogitForEveryRow() throws {
        let (x, y) = try TreeSHAPTests.data(seed: 7)
        let numeric = FeatureMatrix(columns: [x.columns[0], x.columns[1], x.columns[3]], names: ["a", "b", "d"])
        let model = try LogisticModel.fit(numeric, labels: y, parameters: LogisticParameters(l2: 1))
        let logits = try model.logits(numeric)
        for r in 0..<numeric.rowCount {
            let (base, terms) = model.contributions(row: numeric.row(r))
            #expect(abs(base + terms.map(\.contribution).reduce(0, +) - logits[r]) < 1e-9)
        }
        // A missing value: its value term sits at the mean (no contribution), its indicator carries it.
        let missingRow = (0..<numeric.rowCount).first { numeric.columns[0][$0].isNaN }!
        let terms = model.contributions(row: numeric.row(missingRow)).terms.filter { $0.feature == 0 }
        #expect(terms.count == 2)
        #expect(abs(terms.first { !$0.isMissingIndicator }!.contribution) < 1e-12)
        #expect(terms.first { $0.isMissingIndicator }!.value == 1)
    }
}
