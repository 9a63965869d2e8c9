import Foundation

/// Files that ship with the tool in the repository's `datasets/` folder.
///
/// The tool runs from its source checkout (`swift build`), so the folder is found from this
/// file's compile-time path; `CREDIT_EXPLORER_DATASETS` overrides it for installed copies.
public enum BundledData {
    public static var datasetsDirectory: String {
        if let override = ProcessInfo.processInfo.environment["CREDIT_EXPLORER_DATASETS"], !override.isEmpty {
            return override
        }
        // <root>/Sources/HomeCredit/BundledData.swift → <root>/datasets
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("datasets").path
    }

    /// The synthetic data set the explorer opens when given none.
    public static var defaultDataDirectory: String { datasetsDirectory + "/default" }

    /// The official column dictionary, converted to UTF-8.
    public static var dictionaryPath: String { datasetsDirectory + "/HomeCredit_columns_description.csv" }

    /// The same dictionary in French (translated for this tool; same tables and rows).
    public static var frenchDictionaryPath: String { datasetsDirectory + "/HomeCredit_columns_description_fr.csv" }

    /// The seed and size the default data set was generated with (see datasets/README.md).
    public static let defaultSeed: UInt64 = 20_260_929
    public static let defaultClients = 1_800
}
