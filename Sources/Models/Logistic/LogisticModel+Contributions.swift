extension LogisticModel {
    /// One term's share of a row's log-odds: coefficient × (value − reference), where the
    /// reference is the term's training mean, so that a row at the training means gets the
    /// intercept alone. A missing value contributes through its imputed mean (zero beside the
    /// mean) and, when the model has one, through its missing indicator.
    public struct TermContribution: Sendable, Equatable {
        /// The feature (column of the matrix) the term reads.
        public let feature: Int
        public let isMissingIndicator: Bool
        /// The term's value for the row (the imputed mean for a missing value; 1 or 0 for an indicator).
        public let value: Double
        public let reference: Double
        public let contribution: Double
    }

    /// The row's log-odds as the intercept plus one contribution per term: exactly
    /// `logits` for that row, term by term in the same order.
    public func contributions(row: [Double]) -> (base: Double, terms: [TermContribution]) {
        var out: [TermContribution] = []
        for (t, term) in terms.enumerated() where !term.isConstant {
            let value = term.raw(row[term.feature], imputed: imputed[term.feature])
            let beta = coefficients[t] / term.std
            out.append(TermContribution(feature: term.feature, isMissingIndicator: term.isMissingIndicator, value: value,
                                        reference: term.mean, contribution: beta * (value - term.mean)))
        }
        return (intercept, out)
    }
}
