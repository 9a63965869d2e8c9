import Foundation

/// The real Home Credit reference files in `../shared/homecredit` (or `$HOMECREDIT_SHARED`).
/// CI always has them; elsewhere the tests that need them are skipped visibly.
enum SharedSamples {
    static let directory: String? = {
        if let env = ProcessInfo.processInfo.environment["HOMECREDIT_SHARED"], !env.isEmpty {
            return FileManager.default.fileExists(atPath: env) ? env : nil
        }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/HomeCreditTests/x.swift → root
        let path = url.deletingLastPathComponent().appendingPathComponent("shared/homecredit").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    static var available: Bool { directory != nil }

    static func path(_ relative: String) -> String { directory! + "/" + relative }
}
