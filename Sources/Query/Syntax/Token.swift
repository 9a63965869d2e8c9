/// One lexical unit of a statement.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case identifier(String)
        case number(Double, isInteger: Bool)
        case string(String)
        /// Punctuation and operators: `| , ( ) { } = == != < <= > >= + - * / % ..`
        case symbol(String)
        case end
    }

    public var kind: Kind
    public var span: SourceSpan
    /// An integer literal's exact value (a Double holds integers exactly only up to 2^53).
    public var exactInteger: Int64?

    /// The identifier's text, when this is one.
    public var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    public func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }

    /// Keywords are identifiers matched case-insensitively (`FILTER` works like `filter`).
    public func isKeyword(_ word: String) -> Bool {
        identifier?.lowercased() == word
    }
}
