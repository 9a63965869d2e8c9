/// A statement that could not run, in words for the user.
public struct SessionError: Error, CustomStringConvertible {
    public var message: String
    /// 1-based column in the statement where the problem starts, when known.
    public var column: Int?

    public init(_ message: String, column: Int? = nil) {
        self.message = message
        self.column = column
    }

    public var description: String { message }
}
