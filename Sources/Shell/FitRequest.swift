import Models
import Tables

/// `fit <kind> [on <table>] [target <column>] [features <pattern,…>] [exclude <pattern,…>]
/// [name=value …]`, read into a model specification.
struct FitRequest {
    var spec: ModelSpec
    var source = "application_train"

    static let usage = "fit gbdt|logistic|scorecard [on <table>] [target <column>] [features <pattern,…>] [exclude <pattern,…>] [name=value …]"

    /// The parameters each kind accepts, with what they set.
    static let parameterHelp: [ModelSpec.Kind: String] = [
        .gbdt: "trees, rate, leaves, depth, min_leaf, min_hessian, l1, l2, min_gain, bagging, colsample, pos_weight (a number or `balanced`), bins, early_stop (rounds, watching 10% of the training rows), categorical (native or onehot), seed",
        .logistic: "l2 (= 1/C of scikit-learn), max_iter",
        .scorecard: "base_score, base_odds, pdo, min_iv, classes, min_bin_share, l2",
    ]

    /// Reads the words after `fit`; `columnsOf` gives a table's columns (nil: no such table).
    init(_ words: [String], columnsOf: (String) throws(SessionError) -> [String]) throws(SessionError) {
        guard let kindWord = words.first, let kind = ModelSpec.Kind(rawValue: kindWord.lowercased()) else {
            throw SessionError("fit needs a model kind: gbdt, logistic or scorecard", column: 5, length: words.first?.count ?? 1, help: Self.usage)
        }
        spec = ModelSpec(kind: kind, columns: [])
        var include: [String] = [], exclude: [String] = [], parameters: [(String, String)] = []
        var i = 1
        let keywords = ["on", "target", "features", "exclude"]
        func list(from start: Int) -> ([String], Int) {
            var j = start, items: [String] = []
            while j < words.count, !keywords.contains(words[j]), !words[j].contains("=") {
                items += words[j].split(separator: ",").map(String.init)
                j += 1
            }
            return (items, j)
        }
        while i < words.count {
            let word = words[i]
            switch word {
            case "on", "target":
                guard i + 1 < words.count else { throw SessionError("`\(word)` needs a name", help: Self.usage) }
                if word == "on" { source = words[i + 1] } else { spec.target = words[i + 1] }
                i += 2
            case "features", "exclude":
                let (items, next) = list(from: i + 1)
                guard !items.isEmpty else { throw SessionError("`\(word)` needs column names or patterns such as AMT_*", help: Self.usage) }
                if word == "features" { include += items } else { exclude += items }
                i = next
            default:
                guard let equals = word.firstIndex(of: "=") else {
                    throw SessionError("unexpected '\(word)' in fit", help: Self.usage)
                }
                parameters.append((String(word[..<equals]).lowercased(), String(word[word.index(after: equals)...])))
                i += 1
            }
        }
        let available = try columnsOf(source)
        guard available.contains(spec.target) else {
            throw SessionError("no target column '\(spec.target)' in \(source)" + NameSuggester.didYouMean(NameSuggester.nearest(to: spec.target, in: available)),
                               help: "fit gbdt on application_train target TARGET")
        }
        // By default every column but the target and the keys.
        let candidates = available.filter { $0 != spec.target && !$0.hasPrefix("SK_ID_") }
        var chosen = include.isEmpty ? candidates : []
        for pattern in include {
            let matched = candidates.filter { Self.matches($0, pattern) }
            guard !matched.isEmpty else {
                throw SessionError("no column of \(source) matches '\(pattern)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: pattern, in: candidates)))
            }
            chosen += matched.filter { !chosen.contains($0) }
        }
        chosen.removeAll { name in exclude.contains { Self.matches(name, $0) } }
        guard !chosen.isEmpty else { throw SessionError("no feature columns left to fit on", help: Self.usage) }
        spec.columns = chosen
        for (name, value) in parameters { try set(name, value) }
    }

    /// `*` matches any run of characters; otherwise names must be equal.
    static func matches(_ name: String, _ pattern: String) -> Bool {
        guard pattern.contains("*") else { return name == pattern }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard name.hasPrefix(parts[0]), name.hasSuffix(parts[parts.count - 1]) else { return false }
        var rest = Substring(name.dropFirst(parts[0].count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.count >= parts[parts.count - 1].count
    }

    private mutating func set(_ name: String, _ text: String) throws(SessionError) {
        func number() throws(SessionError) -> Double {
            guard let x = Double(text), x.isFinite else { throw SessionError("\(name)=\(text): \(name) takes a number") }
            return x
        }
        func integer() throws(SessionError) -> Int {
            guard let n = Int(text), n >= 0 else { throw SessionError("\(name)=\(text): \(name) takes a whole number") }
            return n
        }
        if name == "seed" { spec.seed = UInt64(try integer()); return }
        switch (spec.kind, name) {
        case (.gbdt, "trees"): spec.gbdt.iterations = try integer()
        case (.gbdt, "rate"): spec.gbdt.learningRate = try number()
        case (.gbdt, "leaves"): spec.gbdt.numLeaves = try integer()
        case (.gbdt, "depth"): spec.gbdt.maxDepth = try integer()
        case (.gbdt, "min_leaf"): spec.gbdt.minDataInLeaf = try integer()
        case (.gbdt, "min_hessian"): spec.gbdt.minSumHessianInLeaf = try number()
        case (.gbdt, "l1"): spec.gbdt.lambdaL1 = try number()
        case (.gbdt, "l2"): spec.gbdt.lambdaL2 = try number()
        case (.gbdt, "min_gain"): spec.gbdt.minGainToSplit = try number()
        case (.gbdt, "bagging"):
            spec.gbdt.baggingFraction = try number()
            spec.gbdt.baggingFreq = spec.gbdt.baggingFraction < 1 ? 1 : 0
        case (.gbdt, "colsample"): spec.gbdt.featureFraction = try number()
        case (.gbdt, "pos_weight"):
            if text == "balanced" { spec.gbdt.isUnbalance = true } else { spec.gbdt.scalePosWeight = try number() }
        case (.gbdt, "bins"): spec.gbdt.maxBins = try integer()
        case (.gbdt, "early_stop"): spec.gbdt.earlyStoppingRounds = try integer()
        case (.gbdt, "categorical"):
            guard let encoding = FeatureEncoding.Categorical(rawValue: text == "onehot" ? "oneHot" : text) else {
                throw SessionError("categorical=\(text): write categorical=native or categorical=onehot")
            }
            spec.categorical = encoding
        case (.logistic, "l2"): spec.logistic.l2 = try number()
        case (.logistic, "max_iter"): spec.logistic.maxIterations = try integer()
        case (.scorecard, "base_score"): spec.scorecard.baseScore = try number()
        case (.scorecard, "base_odds"): spec.scorecard.baseOdds = try number()
        case (.scorecard, "pdo"): spec.scorecard.pointsToDoubleOdds = try number()
        case (.scorecard, "min_iv"): spec.scorecard.minInformationValue = try number()
        case (.scorecard, "classes"): spec.scorecard.fineClasses = try integer()
        case (.scorecard, "min_bin_share"): spec.scorecard.minBinShare = try number()
        case (.scorecard, "l2"): spec.scorecard.logistic.l2 = try number()
        default:
            let known = Self.parameterHelp[spec.kind]!.split(separator: ",").map { String($0.split(separator: " ").last ?? "") }
            throw SessionError("\(spec.kind.rawValue) has no parameter '\(name)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: name, in: known)),
                               help: "\(spec.kind.rawValue) parameters: \(Self.parameterHelp[spec.kind]!)")
        }
    }
}
