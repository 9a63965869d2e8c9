import Models
import Query
import Tables

/// `bins FEATURE [cuts=…|groups=…|auto]`: a scorecard's bins, reviewed and edited by hand.
extension Session {
    func bins(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "bins")
        guard case .scorecard(let card) = state.file.model else {
            throw SessionError("`bins` is for scorecards; the current model is \(state.spec.kind.rawValue)", column: 1, length: 4,
                               help: "fit scorecard features EXT_SOURCE_*,DAYS_BIRTH")
        }
        let feature = invocation.value("feature")!
        guard let binning = card.binnings.first(where: { $0.feature == feature }) else {
            throw invocation.error("no binned feature '\(feature)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: feature, in: card.binnings.map(\.feature))), at: "feature")
        }
        let reset = invocation.value("reset") != nil
        guard reset || invocation.has("cuts") || invocation.has("groups") else { return binsListing(binning, of: card) }
        guard !state.labels.isEmpty else { throw Self.withoutTrainingData("bins", state) }
        var spec = state.spec
        if reset {
            spec.scorecard.manualBins[feature] = nil
        } else {
            spec.scorecard.manualBins[feature] = try manualBins(invocation, binning: binning, info: state.matrix.features.first { $0.name == feature })
        }
        let before = binning.informationValue, aucBefore = state.file.training.metrics["in_sample_auc"]
        let fitted = try fit(spec, on: state.source)
        guard case .scorecard(let refitted)? = model?.file.model,
              let after = refitted.binnings.first(where: { $0.feature == feature }) else { return fitted }
        let aucAfter = model?.file.training.metrics["in_sample_auc"]
        func auc(_ x: Double?) -> String { x.map { NumberFormat.fixed($0, 4) } ?? "?" }
        return fitted + "\n" + "\(feature): information value \(NumberFormat.fixed(before, 4)) \(arrow) \(NumberFormat.fixed(after.informationValue, 4)); "
            + "in-sample AUC \(auc(aucBefore)) \(arrow) \(auc(aucAfter))\n" + binsListing(after, of: refitted)
    }

    /// The `cuts=` or `groups=` option, checked against the feature's kind and levels.
    private func manualBins(_ invocation: Invocation, binning: FeatureBinning, info: FeatureInfo?) throws(SessionError) -> ManualBins {
        if invocation.has("cuts") {
            guard info?.isCategorical != true else {
                throw invocation.error("'\(binning.feature)' is a text feature: give groups of levels", at: "cuts", help: "bins \(binning.feature) groups=A+B,C")
            }
            var cuts: [Double] = []
            for part in invocation.text("cuts").split(separator: ",") {
                guard let x = Double(part.trimmingCharacters(in: .whitespaces)), x.isFinite else {
                    throw invocation.error("cuts are numbers separated by commas: '\(part)' is not one", at: "cuts")
                }
                cuts.append(x)
            }
            guard !cuts.isEmpty else { throw invocation.error("cuts needs at least one number", at: "cuts") }
            return .cuts(cuts.sorted())
        }
        guard case .categorical(let levels)? = info?.kind else {
            throw invocation.error("'\(binning.feature)' is numeric: give cut points", at: "groups", help: "bins \(binning.feature) cuts=0.2,0.5")
        }
        var groups: [[String]] = [], seen = Set<String>()
        for part in invocation.text("groups").split(separator: ",") {
            let group = part.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
            for level in group {
                guard levels.contains(level) else {
                    throw invocation.error("'\(binning.feature)' has no level '\(level)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: level, in: levels)), at: "groups")
                }
                guard seen.insert(level).inserted else { throw invocation.error("level '\(level)' is in two groups", at: "groups") }
            }
            groups.append(group)
        }
        guard !groups.isEmpty else { throw invocation.error("groups needs at least one level", at: "groups") }
        return .groups(groups)
    }
}
