/// Why a model could not be fitted, validated or used, in the analyst's words (each
/// algorithm's own error, already described).
public struct ModelError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// Ctrl-C stopped the fit between two rounds or folds.
    public static let cancelled = ModelError("cancelled")
}
