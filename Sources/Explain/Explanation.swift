import Models

/// A decision taken apart: the model's output for one client as a base value plus one
/// contribution per feature, on a stated scale, exactly additive on that scale.
///
///     let e = try Explanation(file: modelFile, row: encodedRow)
///     e.base + e.contributions.map(\.value).reduce(0, +) == e.output   // to 1e-9
///     e.bySource()   // one-hot levels of a column summed into one line
public struct Explanation: Sendable {
    public enum Scale: String, Sendable {
        /// The raw log-odds of default (trees and logistic regression): higher is riskier.
        case logOdds = "log-odds"
        /// Scorecard points: higher is safer.
        case points
    }

    /// One feature's share of the output.
    public struct Contribution: Sendable, Equatable {
        /// The model's feature (`NAME_INCOME_TYPE_Working` for a one-hot level).
        public let feature: String
        /// The table column it comes from (`NAME_INCOME_TYPE`).
        public let source: String
        public let value: Double
        /// For a scorecard: the points this characteristic's best bin would give, so that
        /// `bestPoints - value` is the points lost (the classic reason code); nil otherwise.
        public let best: Double?
    }

    public let scale: Scale
    /// The output of a client with no information: the training average (trees), the
    /// intercept at the training means (logistic), 0 points before any characteristic (scorecard).
    public let base: Double
    /// The model's raw output for this client, on `scale`.
    public let output: Double
    public let contributions: [Contribution]
    /// What the base is, in words.
    public let baseMeaning: String

    /// The explanation of `row` (the client's encoded features, in model order).
    public init(model: ModelPayload, row: [Double]) {
        self.init(Explainer(model), row: row)
    }

    /// The explanation of `row` by a model prepared once for many clients.
    public init(_ explainer: Explainer, row: [Double]) {
        switch explainer.model {
        case .gbdt(let m):
            let layout = explainer.layout!
            let phi = layout.contributions(row: row)
            scale = .logOdds
            base = layout.base
            output = m.rawScore(row: row)
            contributions = zip(m.features, phi).map { Contribution(feature: $0.name, source: $0.source, value: $1, best: nil) }
            baseMeaning = "the average log-odds over the training rows (path-dependent TreeSHAP, as LightGBM's pred_contrib)"
        case .logistic(let m):
            let (intercept, terms) = m.contributions(row: row)
            scale = .logOdds
            base = intercept
            output = intercept + terms.reduce(0) { $0 + $1.contribution }
            contributions = terms.map { term in
                let feature = m.features[term.feature]
                return Contribution(feature: feature.name + (term.isMissingIndicator ? " (missing)" : ""), source: feature.source, value: term.contribution, best: nil)
            }
            baseMeaning = "the log-odds of a client at the training means (each term is coefficient × (value − mean))"
        case .scorecard(let card):
            // The scorecard reads its inputs by name, in the order of its binnings.
            let matrix = FeatureMatrix(columns: row.map { [$0] }, names: card.binnings.map(\.feature))
            let breakdown = (try? card.pointsBreakdown(matrix)) ?? []
            scale = .points
            base = 0
            var list: [Contribution] = []
            for (k, points) in card.points.enumerated() where k < breakdown.count {
                let source = card.binnings.first { $0.feature == points.feature }?.feature ?? points.feature
                list.append(Contribution(feature: points.feature, source: source, value: breakdown[k][0], best: points.bins.map(\.points).max()))
            }
            contributions = list
            output = list.reduce(0) { $0 + $1.value }
            baseMeaning = "no points: the score is the sum of each characteristic's points"
        }
    }

    /// Contributions summed by table column (all one-hot levels of a column are one line),
    /// largest first by size.
    public func bySource() -> [(source: String, value: Double)] {
        var order: [String] = []
        var sums: [String: Double] = [:]
        for c in contributions {
            if sums[c.source] == nil { order.append(c.source) }
            sums[c.source, default: 0] += c.value
        }
        return order.map { ($0, sums[$0]!) }.sorted { abs($0.1) > abs($1.1) }
    }

    /// How far the sum of the parts is from the output (rounding only).
    public var additivityError: Double { abs(base + contributions.reduce(0) { $0 + $1.value } - output) }
}

/// A model prepared for explaining many clients: for boosted trees, the flat layout TreeSHAP
/// walks, built once instead of once per client.
public struct Explainer: Sendable {
    public let model: ModelPayload
    let layout: TreeSHAP.Layout?

    public init(_ model: ModelPayload) {
        self.model = model
        if case .gbdt(let m) = model { layout = TreeSHAP.Layout(m) } else { layout = nil }
    }

    public func explain(row: [Double]) -> Explanation { Explanation(self, row: row) }

    /// The contributions of `row` in the order of `explain(row:).contributions` (the same terms
    /// for every client), written into `values`, and the base value: for trees straight from
    /// the layout's walk, with no names per client.
    public func values(row: [Double], into values: inout [Double]) -> Double {
        guard let layout else {
            let explanation = explain(row: row)
            values.removeAll(keepingCapacity: true)
            for c in explanation.contributions { values.append(c.value) }
            return explanation.base
        }
        if values.count != layout.featureCount { values = [Double](repeating: 0, count: layout.featureCount) }
        for f in values.indices { values[f] = 0 }
        row.withUnsafeBufferPointer { x in values.withUnsafeMutableBufferPointer { layout.add(row: x.baseAddress!, into: $0.baseAddress!) } }
        return layout.base
    }
}

extension Explanation {
    /// The columns that push this decision towards a refusal, strongest first, one per column
    /// (one-hot levels and missing indicators merged), leaving out `excluded` columns (the
    /// protected attributes, which are never given as reasons): the "principal reasons" of a
    /// refusal. On log-odds, the columns with the largest positive contributions; on points,
    /// those losing the most points against their best bin (the classic reason codes).
    public func principalReasons(limit: Int = 4, excluding excluded: Set<String> = []) -> [(source: String, weight: Double)] {
        var order: [String] = []
        var weights: [String: Double] = [:]
        for c in contributions where !excluded.contains(c.source) {
            if weights[c.source] == nil { order.append(c.source) }
            let weight = scale == .points ? (c.best ?? c.value) - c.value : c.value
            weights[c.source, default: 0] += weight
        }
        return order.map { ($0, weights[$0]!) }.filter { $0.1 > 1e-12 }
            .sorted { $0.1 > $1.1 }.prefix(limit).map { $0 }
    }
}
