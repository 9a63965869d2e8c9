import Foundation

/// The list of a generated set's files and their sizes, written beside them, so that a set
/// whose files were replaced only in part (a `generate` killed between its renames) is
/// refused by the loader instead of loading as a mix of two sets.
///
/// `generate` writes the eight files under temporary names, then the manifest of the new set,
/// then renames the files into place: killed before the manifest, the old set stays whole and
/// matches its old manifest; killed after, the manifest names sizes some files do not have yet.
struct SetManifest: Equatable {
    static let fileName = ".credit-explorer-set"

    var sizes: [String: Int]

    var text: String {
        "credit-explorer data set: file and size in bytes, one per line\n"
            + sizes.keys.sorted().map { "\($0) \(sizes[$0]!)" }.joined(separator: "\n") + "\n"
    }

    init(sizes: [String: Int]) { self.sizes = sizes }

    init?(folder: String) {
        guard let text = try? String(contentsOfFile: folder + "/" + Self.fileName, encoding: .utf8) else { return nil }
        var sizes: [String: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let size = Int(parts[1]) else { return nil }
            sizes[String(parts[0])] = size
        }
        self.sizes = sizes
    }

    /// The files of `folder` whose size is not the manifest's (a missing one included).
    func mismatches(in folder: String) -> [String] {
        sizes.keys.sorted().filter { name in
            let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? -1
            return size != sizes[name]
        }
    }
}
