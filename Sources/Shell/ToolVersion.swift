/// The versions a notebook, a saved script or `--version` report.
public enum ToolVersion {
    public static let tool = "0.1.0"
    /// The statement language a script may ask for with a `version` line; raised when a
    /// statement changes meaning, so old scripts can be refused rather than misread.
    public static let language = 1
}
