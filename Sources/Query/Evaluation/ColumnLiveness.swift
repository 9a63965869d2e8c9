/// Which columns each step of a pipeline still needs, so earlier steps can drop the others
/// before they gather rows (a filter on a 122-column table then moves 2 columns, not 122).
///
/// Computed backwards from the last step, as a compiler computes live variables: a step
/// needs what it reads plus what the steps after it need, minus what it creates itself.
/// `nil` stands for "every column", when the rest of the pipeline can show them all (no step
/// fixes the columns, or a `select` pattern may match any name). Joins are followed through:
/// a name `X_right` after a join needs `X` before it (the suffix only appears when both sides
/// have `X`), and a join whose key is inferred needs every column the right table has, since
/// any shared one may be the key.
struct ColumnLiveness {
    /// `needed[i]`: the columns steps `i...` read from the table they receive; one entry more
    /// than there are steps, the last nil (the result shows every column).
    let needed: [Set<String>?]

    /// `rightColumns(table)`: the columns of a table that a join brings in, nil if unknown.
    init(_ steps: [Step], rightColumns: (String) -> [String]?) {
        var needed = [Set<String>?](repeating: nil, count: steps.count + 1)
        for i in steps.indices.reversed() {
            needed[i] = Self.needed(by: steps[i], after: needed[i + 1], rightColumns: rightColumns)
        }
        self.needed = needed
    }

    /// The columns a step needs from its input, given those its output must provide.
    static func needed(by step: Step, after later: Set<String>?, rightColumns: (String) -> [String]?) -> Set<String>? {
        switch step {
        case .from: return nil
        case .take: return later
        case .filter(let e): return later?.union(e.columnNames)
        case .sort(let items): return later?.union(items.map(\.name))
        case .derive(let assignments):
            // Assignments run in order, each seeing the ones before it.
            guard var names = later else { return nil }
            for a in assignments.reversed() {
                names.remove(a.name)
                names.formUnion(a.expr.columnNames)
            }
            return names
        case .group(let keys, let aggregates):
            return reads(aggregates).map { $0.union(keys.map(\.name)) }
        case .aggregate(let aggregates): return reads(aggregates)
        case .onehot, .prefix, .append: return nil
        case .distinct(let keys): return keys.isEmpty ? nil : Set(keys.map(\.name))
        case .plot(_, let arguments, _): return Set(arguments.compactMap(\.identifier))
        case .select(let items):
            // Every name a select names must be there when it runs, exclusions included.
            var names = Set<String>()
            var excluded = Set<String>()
            var onlyExclusions = true
            for item in items {
                switch item {
                case .column(let name, _, _):
                    onlyExclusions = false
                    guard !name.contains("*") else { return nil }
                    names.insert(name)
                case .exclude(let name, _):
                    guard !name.contains("*") else { return nil }
                    excluded.insert(name)
                }
            }
            if onlyExclusions { return later?.union(excluded) }
            return names.union(excluded)
        case .join(let table, _, let key):
            guard var names = later else { return nil }
            for name in names where name.hasSuffix(Self.rightSuffix) { names.insert(String(name.dropLast(Self.rightSuffix.count))) }
            if let key {
                names.insert(key.name)
            } else {
                guard let right = rightColumns(table.name) else { return nil }
                names.formUnion(right)
            }
            return names
        }
    }

    /// The columns aggregates read; nil when an `across` pattern may read any.
    private static func reads(_ items: [AggregateItem]) -> Set<String>? {
        var names = Set<String>()
        for item in items {
            switch item {
            case .named(let a): names.formUnion(a.expr.columnNames)
            case .across(let across):
                for ref in across.columns {
                    guard !ref.name.contains("*") else { return nil }
                    names.insert(ref.name)
                }
            }
        }
        return names
    }

    /// The suffix a join gives a right column whose name the left table already has.
    static let rightSuffix = "_right"
}
