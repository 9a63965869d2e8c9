/// What a logistic model read from a file must satisfy before it scores: every array the
/// scoring loop indexes has the length it assumes, and every number is finite. A damaged or
/// hand-edited file is refused with the reason instead of trapping on an index.
extension LogisticModel {
    /// Why the model cannot be scored, or nil.
    var problem: String? {
        guard coefficients.count == terms.count else { return "\(coefficients.count) coefficients for \(terms.count) terms" }
        guard imputed.count == features.count else { return "\(imputed.count) imputed values for \(features.count) features" }
        guard coefficientTable.count == terms.count + 1 else { return "the coefficient table has \(coefficientTable.count) rows for \(terms.count) terms and the intercept" }
        if let t = terms.firstIndex(where: { !(0..<features.count).contains($0.feature) }) {
            return "term \(t) reads feature \(terms[t].feature), which does not exist"
        }
        guard intercept.isFinite, coefficients.allSatisfy(\.isFinite), imputed.allSatisfy(\.isFinite),
              terms.allSatisfy({ $0.mean.isFinite && $0.std.isFinite })
        else { return "the coefficients are not finite" }
        return nil
    }
}
