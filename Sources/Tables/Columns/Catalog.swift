/// The tables a session has loaded, by name, in load order.
public struct Catalog: Sendable {
    /// A table and how it was loaded.
    public struct Entry: Sendable {
        public var name: String
        public var table: Table
        /// The file it came from, if any.
        public var path: String?
        public var seconds: Double
        public var source: TableCache.Source?
        public var report: CSVReport?

        public init(name: String, table: Table, path: String? = nil, seconds: Double = 0,
                    source: TableCache.Source? = nil, report: CSVReport? = nil) {
            self.name = name
            self.table = table
            self.path = path
            self.seconds = seconds
            self.source = source
            self.report = report
        }
    }

    public private(set) var entries: [Entry] = []
    /// Files of the data folder that were passed over, each with why ("x.csv: a FIFO, not a
    /// regular file"), so that the banner can say so.
    public var skipped: [String] = []

    public init(_ entries: [Entry] = []) {
        for e in entries { add(e) }
    }

    public var names: [String] { entries.map(\.name) }

    /// `_` and `_N` always mean the last results of the query language: no table or saved
    /// result may take them.
    public static func isReserved(_ name: String) -> Bool {
        name == "_" || (name.hasPrefix("_") && name.count > 1 && name.dropFirst().allSatisfy(\.isNumber))
    }

    public subscript(name: String) -> Table? { entries.first { $0.name == name }?.table }

    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The table called `name`, or an error suggesting the nearest names.
    public func table(_ name: String) throws(CatalogError) -> Table {
        guard let t = self[name] else {
            throw .unknownTable(name, suggestions: NameSuggester.nearest(to: name, in: names))
        }
        return t
    }

    /// Adds a table, replacing one of the same name.
    public mutating func add(_ entry: Entry) {
        if let i = entries.firstIndex(where: { $0.name == entry.name }) { entries[i] = entry } else { entries.append(entry) }
    }
}

public enum CatalogError: Error, Equatable, CustomStringConvertible {
    case unknownTable(String, suggestions: [String])

    public var description: String {
        switch self {
        case .unknownTable(let name, let suggestions): "unknown table '\(name)'" + NameSuggester.didYouMean(suggestions)
        }
    }
}
