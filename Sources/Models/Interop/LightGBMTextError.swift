/// Why a LightGBM text model could not be read: what is wrong and where (the tree and the
/// field), so that an analyst can tell a damaged file from a model kind we do not score.
public enum LightGBMTextError: Error, Equatable, CustomStringConvertible {
    /// Not a LightGBM text model at all (it must start with the line `tree`).
    case notAModel(String)
    case missingField(String, tree: Int?)
    case invalidValue(field: String, tree: Int?, value: String)
    /// The tree's children do not form a tree (a cycle, a shared or unreachable node, an index out of range).
    case invalidStructure(tree: Int, reason: String)
    /// A valid LightGBM model of a kind this reader does not score the same way.
    case unsupported(String)

    public var description: String {
        func place(_ tree: Int?) -> String { tree.map { " in Tree=\($0)" } ?? " in the header" }
        switch self {
        case .notAModel(let reason):
            return "not a LightGBM text model: \(reason)"
        case .missingField(let field, let tree):
            return "LightGBM model: field '\(field)' is missing" + place(tree)
        case .invalidValue(let field, let tree, let value):
            let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
            return "LightGBM model: invalid \(field)" + place(tree) + ": '\(shown)'"
        case .invalidStructure(let tree, let reason):
            return "LightGBM model: Tree=\(tree) is not a valid tree: \(reason)"
        case .unsupported(let what):
            return "LightGBM model not supported: \(what)"
        }
    }
}
