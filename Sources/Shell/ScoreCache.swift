import Models
import Tables

/// The current model's probabilities for whole tables, kept while the model lasts: `compare`,
/// `fairness`, `drift` and the client report ask again and again about the same 300,000
/// training clients, which take seconds to score with a large model.
///
/// A table is known by the buffers of its columns (a window or a rebound table has new
/// ones), and each entry holds its table so that those buffers stay its own.
final class ScoreCache {
    private struct Key: Hashable {
        let columns: [String]
        let buffers: [Column.Identity]
    }

    private var entries: [(key: Key, table: Table, probabilities: [Double])] = []
    /// Training and test tables, or two windows: a few are enough.
    private let limit = 4

    /// The model's probabilities for every row of `table`, scored on first need.
    func probabilities(_ file: ModelFile, for table: Table) throws(ModelError) -> [Double] {
        let key = Key(columns: table.names, buffers: table.columns.map(\.identity))
        if let hit = entries.first(where: { $0.key == key }) { return hit.probabilities }
        let probabilities = try file.probabilities(for: table)
        if entries.count >= limit { entries.removeFirst() }
        entries.append((key, table, probabilities))
        return probabilities
    }
}
