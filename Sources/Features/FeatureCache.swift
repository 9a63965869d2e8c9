import Foundation
import Query
import Tables

/// Keeps built feature sets in the table cache, keyed by the recipe's text and a fingerprint
/// of every input table, so a second `features build` on the same data reads columns back
/// instead of recomputing them. The lineage and frozen levels go beside the table as JSON.
public struct FeatureCache: Sendable {
    public let tables: TableCache

    public init(_ tables: TableCache) { self.tables = tables }

    private struct Sidecar: Codable {
        var key: String
        var lineage: [String: ColumnLineage]
        var levels: [String: [String]]
        var warnings: [String]
    }

    /// The key of a build: the recipe text and each input's name and content fingerprint.
    public static func key(_ recipe: Recipe, catalog: Catalog) -> String {
        let entries = catalog.entries
        // Fingerprints read every value, so both cores help.
        let fingerprints = Parallel.map(entries.count) { i in entries[i].table.fingerprint }
        let inputs = zip(entries, fingerprints).map { "\($0.name):\($1)" }.joined(separator: ",")
        return "features v1|" + buildIdentity + "|" + inputs + "|" + String(Checksum.of(Array(recipe.text.utf8)), radix: 16) + ":\(recipe.text.utf8.count)"
    }

    /// The running executable's size and modification time: a rebuilt tool (which may compute a
    /// feature differently) never reads a build cached by another.
    static var buildIdentity: String {
        // /proc/self/exe is a link whose own attributes change with every process: its target's.
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: executable),
              let size = attributes[.size] as? NSNumber, let date = attributes[.modificationDate] as? Date else { return "unknown" }
        return "\(size)-\(date.timeIntervalSince1970)"
    }

    public func load(_ recipe: Recipe, key: String) -> FeatureSet? {
        let path = tables.derivedPath(name: "features", key: key) + ".json"
        guard let data = FileManager.default.contents(atPath: path),
              let sidecar = try? JSONDecoder().decode(Sidecar.self, from: data), sidecar.key == key,
              let table = tables.load(name: "features", key: key) else { return nil }
        return FeatureSet(recipe: recipe, table: table, lineage: sidecar.lineage, levels: sidecar.levels, warnings: sidecar.warnings)
    }

    /// Stores a build; a cache that cannot be written only costs the next build its speed, so
    /// the reason is returned for a warning rather than thrown.
    @discardableResult
    public func store(_ set: FeatureSet, key: String) -> String? {
        let sidecar = Sidecar(key: key, lineage: set.lineage, levels: set.levels, warnings: set.warnings)
        do {
            let json = try JSONEncoder().encode(sidecar)
            try tables.store(set.table, name: "features", key: key)
            try AtomicFile.write(Array(json), to: tables.derivedPath(name: "features", key: key) + ".json")
            return nil
        } catch {
            return "\(error)"
        }
    }
}
