import Foundation
import Tables

/// Opens a folder of Home Credit files into a catalog of tables.
///
/// Each of the eight known files present is read with its schema (keys as integers even
/// when written `100004.0`, categorical columns as categories); any other CSV in the
/// folder is read as a plain table with types inferred.
public enum HomeCreditData {
    public enum OpenError: Error, CustomStringConvertible {
        case notAFolder(String)
        case noCSVFiles(String)
        case ambiguous(folder: String, String, String)
        case mixedSet(folder: String, files: [String])
        case csv(CSVError)

        public var description: String {
            switch self {
            case .notAFolder(let path): "\(path): no such folder"
            case .noCSVFiles(let path): "\(path): the folder holds no .csv file"
            case .mixedSet(let folder, let files):
                "\(folder): \(files.joined(separator: ", ")) \(files.count == 1 ? "is" : "are") not the size the set's manifest (\(SetManifest.fileName)) records: "
                    + "a `generate` was interrupted (run it again), or the files were edited since (delete \(SetManifest.fileName) to load them as they are)"
            case .ambiguous(let folder, let a, let b):
                "\(folder): both \(a) and \(b) would be the table '\(Self.tableName(a))': rename or move one of them"
            case .csv(let error): error.description
            }
        }

        static func tableName(_ file: String) -> String {
            HomeCreditFile(fileName: file)?.tableName ?? String(file.dropLast(4))
        }
    }

    /// Read options for a file: the Home Credit schema's hints when the name is known.
    public static func readOptions(for fileName: String, skipBadRows: Bool = false) -> CSVReadOptions {
        var options = CSVReadOptions(skipBadRows: skipBadRows)
        if let file = HomeCreditFile(fileName: fileName) {
            for field in file.fields { options.hints[field.name] = hint(for: field.kind) }
        }
        return options
    }

    static func hint(for kind: Field.Kind) -> ColumnHint {
        switch kind {
        case .key, .target: .integer
        case .category: .category
        case .integer, .real: .number
        }
    }

    /// Loads every CSV in `folder`: the Home Credit files first, in their usual order, then
    /// the others alphabetically. `cache` nil reads the CSVs every time.
    public static func open(folder: String, cache: TableCache?, skipBadRows: Bool = false) throws(OpenError) -> Catalog {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notAFolder(folder)
        }
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.lowercased().hasSuffix(".csv") }.sorted()
        // Only regular files (or links to them) are tables: opening a FIFO blocks for ever.
        var skipped: [String] = []
        let names = candidates.filter { name in
            // `_` and `_N` name the last results: a file `_.csv` cannot take them.
            if Catalog.isReserved(String(name.dropLast(4))) {
                skipped.append("\(name): _ and _N name the last results; rename the file to load it")
                return false
            }
            guard let kind = fileKind(folder + "/" + name), kind != "a regular file" else { return true }
            skipped.append("\(name): \(kind), not a regular file")
            return false
        }
        guard !names.isEmpty else { throw .noCSVFiles(folder) }
        if let manifest = SetManifest(folder: folder) {
            let wrong = manifest.mismatches(in: folder)
            guard wrong.isEmpty else { throw .mixedSet(folder: folder, files: wrong) }
        }
        // Two files that would give one table name (x.csv and x.CSV, bureau.csv and BUREAU.csv).
        var byTable: [String: String] = [:]
        for name in names {
            let table = OpenError.tableName(name).lowercased()
            if let other = byTable[table] { throw .ambiguous(folder: folder, other, name) }
            byTable[table] = name
        }
        let known = HomeCreditFile.allCases.compactMap { file in names.first { HomeCreditFile(fileName: $0) == file } }
        let others = names.filter { HomeCreditFile(fileName: $0) == nil }.sorted()

        var catalog = Catalog()
        catalog.skipped = skipped
        for name in known + others {
            let path = folder + "/" + name
            let options = readOptions(for: name, skipBadRows: skipBadRows)
            let started = DispatchTime.now()
            do {
                let (table, report, source): (Table, CSVReport, TableCache.Source)
                if let cache {
                    (table, report, source) = try cache.read(csv: path, options: options)
                } else {
                    (table, report) = try CSVReader.read(path: path, options: options)
                    source = .csv
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                let tableName = OpenError.tableName(name)
                catalog.add(.init(name: tableName, table: table, path: path, seconds: seconds, source: source, report: report))
            } catch {
                throw .csv(error)
            }
        }
        return catalog
    }

    /// What kind of file `path` is, following links ("a regular file", "a FIFO", …), or nil
    /// when it cannot be examined (the read then reports why).
    static func fileKind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFIFO: return "a FIFO"
        case S_IFDIR: return "a folder"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "a special file"
        }
    }
}
