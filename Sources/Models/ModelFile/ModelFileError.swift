/// Why a model file could not be saved or loaded, naming the file.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    /// Not JSON, cut short, or JSON that is not a valid model file.
    case corrupted(path: String, reason: String)
    /// Written by a newer tool in a layout this one does not know.
    case newerVersion(path: String, file: Int, supported: Int, tool: String?)
    /// A model kind this build cannot score (written by a newer or another build).
    case unknownModelKind(path: String, kind: String)
    /// A LightGBM text model the reader refused.
    case lightGBM(path: String, reason: String)
    /// The model cannot be written (a value JSON cannot hold).
    case invalid(String)

    public var description: String {
        switch self {
        case .io(let path, let reason):
            "model file \(path): \(reason)"
        case .corrupted(let path, let reason):
            "model file \(path) is damaged or not a model file: \(reason)"
        case .newerVersion(let path, let file, let supported, let tool):
            "model file \(path) has format version \(file)\(tool.map { " (written by \($0))" } ?? ""); "
                + "this version of \(ModelFile.toolName) reads format versions up to \(supported): update it to load this file"
        case .unknownModelKind(let path, let kind):
            "model file \(path) holds a '\(kind)' model, which this version of \(ModelFile.toolName) cannot score"
        case .invalid(let reason):
            "model \(reason)"
        case .lightGBM(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
