import Tables

/// What running a statement produced.
public struct QueryResult: Sendable {
    public var table: Table
    /// Successful but suspicious: join fan-out, undefined arithmetic, all-missing columns.
    public var warnings: [String]
    /// A `plot` step ends the pipeline: the shell renders it from `table`.
    public var plot: PlotRequest?
    /// The name given with `let`, if any.
    public var boundName: String?
    /// Where each column comes from (see ``ColumnLineage``).
    public var lineage: [String: ColumnLineage] = [:]
}

/// A parsed `plot` step, handed to whoever draws plots.
public struct PlotRequest: Sendable {
    public var kind: String
    public var arguments: [Token]
    public var span: SourceSpan
}
