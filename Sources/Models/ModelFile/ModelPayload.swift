/// The model a file holds, one case per kind. Stored as `{"kind": "gbdt", "gbdt": {…}}`, so
/// that kinds added later (logistic regression, scorecards) are new cases and new keys, and
/// a tool that does not know a kind says so by name instead of failing to decode.
public enum ModelPayload: Sendable, Codable {
    case gbdt(GBDTModel)
    case logistic(LogisticModel)
    case scorecard(Scorecard)

    /// The kinds this build reads; `ModelFile.load` refuses others with their name.
    static let knownKinds: Set<String> = ["gbdt", "logistic", "scorecard"]

    public var kind: String {
        switch self {
        case .gbdt: "gbdt"
        case .logistic: "logistic"
        case .scorecard: "scorecard"
        }
    }

    var featureNames: [String] {
        switch self {
        case .gbdt(let model): model.features.map(\.name)
        case .logistic(let model): model.features.map(\.name)
        case .scorecard(let card): card.binnings.map(\.feature)
        }
    }

    /// Why the decoded model cannot be scored, if it cannot.
    var problem: String? {
        switch self {
        case .gbdt(let model):
            guard model.bins.count == model.features.count else { return "the model has \(model.bins.count) bin sets for \(model.features.count) features" }
            for (t, tree) in model.trees.enumerated() {
                if let reason = tree.shapeProblem(features: model.features.count) { return "tree \(t) is not a valid tree: \(reason)" }
            }
            return nil
        case .logistic(let model):
            return model.problem
        case .scorecard(let card):
            return card.problem.map { "the scorecard: \($0)" }
        }
    }

    /// Default probabilities for the rows of `matrix`, whose features are the model's.
    public func probabilities(_ matrix: FeatureMatrix) throws(ModelError) -> [Double] {
        do {
            switch self {
            case .gbdt(let model): return try model.probabilities(matrix)
            case .logistic(let model): return try model.probabilities(matrix)
            case .scorecard(let card): return try card.probabilities(matrix)
            }
        } catch {
            throw ModelError("\(error)")
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, gbdt, logistic, scorecard }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "gbdt": self = .gbdt(try container.decode(GBDTModel.self, forKey: .gbdt))
        case "logistic": self = .logistic(try container.decode(LogisticModel.self, forKey: .logistic))
        case "scorecard": self = .scorecard(try container.decode(Scorecard.self, forKey: .scorecard))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown model kind '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .gbdt(let model): try container.encode(model, forKey: .gbdt)
        case .logistic(let model): try container.encode(model, forKey: .logistic)
        case .scorecard(let card): try container.encode(card, forKey: .scorecard)
        }
    }
}
