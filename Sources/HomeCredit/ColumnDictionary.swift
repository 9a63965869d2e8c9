import Foundation
import Tables

/// The official descriptions of the Home Credit columns.
///
/// Read from the competition's `HomeCredit_columns_description.csv` (columns Table, Row,
/// Description, Special). Its quirks are absorbed here: the application files are listed
/// once as `application_{train|test}.csv`, some names carry a trailing space, SK_ID_BUREAU
/// is written SK_BUREAU_ID, and the file may be cp1252.
public struct ColumnDictionary: Sendable {
    public struct Entry: Sendable, Equatable {
        public var description: String
        /// Notes such as "normalized", "rounded", "hashed".
        public var special: String?
    }

    private var entries: [String: Entry] = [:]

    public init(path: String) throws(CSVError) {
        let options = CSVReadOptions(defaultHint: .category, threads: 1)
        let table = try CSVReader.read(path: path, options: options).table
        guard let tables = table["Table"], let rows = table["Row"], let descriptions = table["Description"] else {
            throw CSVError(file: path, line: 1, problem: .badValue(column: "header", text: table.names.joined(separator: ","), expected: "a Table, Row, Description header"))
        }
        let special = table["Special"]
        for i in 0..<table.rowCount {
            guard case .string(let file) = tables[i], case .string(let row) = rows[i], case .string(let text) = descriptions[i] else { continue }
            let column = Self.columnName(fromRowField: row)
            var note: String?
            if let special, case .string(let s) = special[i] { note = s }
            for name in Self.tableNames(fromFileField: file) {
                // Trimmed once here: explanations read descriptions many times per client.
                entries[Self.key(name, column)] = Entry(description: text.trimmingCharacters(in: .whitespacesAndNewlines), special: note)
            }
        }
    }

    /// The dictionary shipped in `datasets/`, or nil if it is missing.
    public static func bundled() -> ColumnDictionary? {
        try? ColumnDictionary(path: BundledData.dictionaryPath)
    }

    /// The French translation shipped beside it, or nil if it is missing.
    public static func bundledFrench() -> ColumnDictionary? {
        try? ColumnDictionary(path: BundledData.frenchDictionaryPath)
    }

    public var count: Int { entries.count }

    /// The entry for a column of a table (`bureau`, `AMT_CREDIT_SUM`).
    public func entry(table: String, column: String) -> Entry? { entries[Self.key(table, column)] }

    /// The entry for a column in whichever Home Credit table has it first.
    public func entry(column: String) -> Entry? {
        for file in HomeCreditFile.allCases { if let e = entry(table: file.tableName, column: column) { return e } }
        return nil
    }

    private static func key(_ table: String, _ column: String) -> String { table + "." + column }

    /// The column a dictionary row describes, with the original's misspellings mended.
    static func columnName(fromRowField field: String) -> String {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        return trimmed == "SK_BUREAU_ID" ? "SK_ID_BUREAU" : trimmed
    }

    /// `application_{train|test}.csv` → both application tables; `bureau.csv` → bureau.
    static func tableNames(fromFileField field: String) -> [String] {
        let stem = field.hasSuffix(".csv") ? String(field.dropLast(4)) : field
        if let open = stem.firstIndex(of: "{"), let close = stem.firstIndex(of: "}") {
            let prefix = stem[..<open], suffix = stem[stem.index(after: close)...]
            return stem[stem.index(after: open)..<close].split(separator: "|").map { String(prefix + $0 + suffix) }
        }
        return [stem]
    }
}
