/// One input of the linear model as fitted: a feature's value (missing values imputed with
/// the training mean) or its missing indicator, standardised with the training mean and
/// standard deviation.
///
/// Standardising puts every coefficient on the scale of "one standard deviation", which
/// makes the penalty treat features alike and the coefficients comparable; the model
/// also reports them back on the original scale.
struct DesignTerm: Sendable, Equatable, Codable {
    let name: String
    /// The feature (column of the input matrix) it reads.
    let feature: Int
    let isMissingIndicator: Bool
    /// Mean and population standard deviation (ddof 0, as scikit-learn's StandardScaler)
    /// of the imputed term over the training rows.
    let mean: Double
    let std: Double

    /// A constant term cannot be standardised or estimated; it is kept at coefficient 0.
    var isConstant: Bool { !(std > 1e-12 * max(1, abs(mean))) }

    /// The term's value before standardising; `imputed` is the feature's training mean.
    @inline(__always)
    func raw(_ x: Double, imputed: Double) -> Double {
        if isMissingIndicator { return x.isNaN ? 1 : 0 }
        return x.isNaN ? imputed : x
    }

    /// The terms of `matrix`: every feature's value and, where the training rows have
    /// missing values and `missingIndicators` is on, an indicator.
    static func learn(_ matrix: FeatureMatrix, missingIndicators: Bool, weights: [Double]? = nil) -> (terms: [DesignTerm], imputed: [Double]) {
        var terms: [DesignTerm] = [], imputed: [Double] = []
        // Weighted, so that a row of weight k counts as k copies of it here too.
        let n = weights?.reduce(0, +) ?? Double(matrix.rowCount)
        for (f, column) in matrix.columns.enumerated() {
            var sum = 0.0, present = 0.0
            for (r, x) in column.enumerated() where !x.isNaN {
                let w = weights?[r] ?? 1
                sum += w * x
                present += w
            }
            let mean = present == 0 ? 0 : sum / present
            var squares = 0.0
            for (r, x) in column.enumerated() where !x.isNaN { squares += (weights?[r] ?? 1) * (x - mean) * (x - mean) }
            imputed.append(mean)
            let name = matrix.features[f].name
            terms.append(DesignTerm(name: name, feature: f, isMissingIndicator: false, mean: mean, std: (squares / n).squareRoot()))
            let missing = n - present
            if missingIndicators && column.contains(where: \.isNaN) {
                let share = missing / n
                terms.append(DesignTerm(
                    name: name + "_missing", feature: f, isMissingIndicator: true,
                    mean: share, std: (share * (1 - share)).squareRoot()))
            }
        }
        return (terms, imputed)
    }
}

extension [DesignTerm] {
    /// The standardised columns of the non-constant terms, in term order.
    func standardisedColumns(of matrix: FeatureMatrix, imputed: [Double]) -> [[Double]] {
        filter { !$0.isConstant }.map { term in
            let m = imputed[term.feature]
            return matrix.columns[term.feature].map { (term.raw($0, imputed: m) - term.mean) / term.std }
        }
    }
}
