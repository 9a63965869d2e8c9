/// What a scorecard read from a file must satisfy before it scores: each points card has
/// its binning, every bin a value can fall in exists in both, and every number is finite. A
/// damaged or hand-edited file is refused with the reason instead of trapping on an index.
extension Scorecard {
    /// Why the scorecard cannot be scored, or nil.
    var problem: String? {
        guard factor.isFinite, factor != 0, offset.isFinite else { return "its points scale (factor \(factor), offset \(offset)) is not usable" }
        for name in selectedFeatures where !binnings.contains(where: { $0.feature == name }) {
            return "it selects '\(name)' and has no binning for it"
        }
        for card in points {
            guard let binning = binnings.first(where: { $0.feature == card.feature }) else { return "it has points for '\(card.feature)' and no binning for it" }
            if let reason = binning.problem { return "the binning of '\(card.feature)' \(reason)" }
            guard card.bins.count == binning.bins.count else {
                return "'\(card.feature)' has \(card.bins.count) bins of points for \(binning.bins.count) bins"
            }
            guard card.neutralPoints.isFinite, card.coefficient.isFinite, card.bins.allSatisfy({ $0.points.isFinite && $0.woe.isFinite }) else {
                return "the points of '\(card.feature)' are not finite"
            }
        }
        if let reason = model.problem { return "its logistic model: \(reason)" }
        return nil
    }
}

extension FeatureBinning {
    /// Why a value could land outside the bins, or nil.
    var problem: String? {
        let bins = 0..<self.bins.count
        guard !isCategorical || cuts.isEmpty else { return "has cuts for a categorical feature" }
        if !isCategorical {
            guard cuts.allSatisfy({ !$0.isNaN }), zip(cuts, cuts.dropFirst()).allSatisfy({ $0 <= $1 }) else { return "has cuts out of order" }
            guard cuts.count < self.bins.count else { return "has \(cuts.count) cuts for \(self.bins.count) bins" }
        }
        guard levelBins.allSatisfy({ $0 == -1 || bins.contains($0) }) else { return "sends a level to a bin that does not exist" }
        for special in [missingBin, otherBin] {
            if let special, !bins.contains(special) { return "names bin \(special), which does not exist" }
        }
        guard self.bins.allSatisfy({ $0.woe.isFinite }) else { return "has a weight of evidence that is not finite" }
        return nil
    }
}
