import Dispatch
import Features
import Foundation
import HomeCredit
import Query
import Tables
import Testing

/// The shipped kernel recipe on the bundled data set.
struct KernelRecipeTests {
    static let catalog = try! HomeCreditData.open(folder: BundledData.defaultDataDirectory, cache: nil)
    static let joinKey: @Sendable (String, String) -> String? = { left, right in
        guard let a = HomeCreditFile(tableName: left), let b = HomeCreditFile(tableName: right) else { return nil }
        return Relation.key(between: a, and: b)
    }
    static let built = try! FeatureSet.build(try! Recipe.locate("kernel"), catalog: catalog, joinKey: joinKey)

    @Test func buildsAboutTheKernelsColumnsForEveryClient() throws {
        let set = Self.built
        let clients = Self.catalog["application_train"]!.rowCount + Self.catalog["application_test"]!.rowCount
        #expect(set.table.rowCount == clients)
        #expect(set.featureNames.count > 700)
        // Every source table contributes, and nothing is infinite.
        let sources = Set(set.featureNames.compactMap { set.lineage[$0]?.tables.first })
        for table in ["application_train", "bureau", "bureau_balance", "previous_application", "POS_CASH_balance", "installments_payments", "credit_card_balance"] {
            #expect(sources.contains(table), "\(table)")
        }
        for column in set.table.columns {
            for row in 0..<column.count { if let x = column.number(at: row) { #expect(x.isFinite) } }
        }
        // The adaptations: the sentinel becomes missing with a flag; XNA clients are kept.
        let employed = set.table["DAYS_EMPLOYED"]!
        #expect((0..<employed.count).allSatisfy { employed.number(at: $0) != 365243 })
        #expect(set.table["DAYS_EMPLOYED_ANOM"] != nil)
    }

    /// One client rebuilt from their own rows equals the full build, for every client.
    @Test func everyClientRebuiltAloneEqualsTheFullBuild() throws {
        let set = Self.built
        let index = ClientIndex(Self.catalog)
        let ids = set.table["SK_ID_CURR"]!.int64Values!
        final class Failures: @unchecked Sendable {
            private let lock = NSLock()
            var items: [String] = []
            func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        }
        let failures = Failures()
        let chunks = 8
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for k in stride(from: c, to: ids.count, by: chunks) {
                do {
                    let one = try set.recompute(client: ids[k], index: index, joinKey: Self.joinKey)
                    let differing = FeatureComparison.differences(one, row: 0, set.table, row: k)
                    if !differing.isEmpty { failures.add("\(ids[k]): \(differing.prefix(3))") }
                } catch {
                    failures.add("\(ids[k]): \(error)")
                }
            }
        }
        #expect(failures.items.isEmpty, "\(failures.items.prefix(5))")
    }

    /// Every feature family (each source, filter, summary, level and expression) reads in French
    /// as fully as in English: no English words left in any French sentence, and the sentences
    /// differ wherever the English one has words of its own.
    @Test func frenchIsCompleteForEveryFeature() throws {
        let set = Self.built
        let english = ColumnDictionary.bundled(), french = ColumnDictionary.bundledFrench()
        let words = ["Mean", "Share", "Number of", " over ", " of:", " where ", "the client's", "not given", "Credit Bureau credits", "previous applications",
                     "monthly", "instalments", "Minimum, over", "Sum", "Variance, over", "distinct values"]
        var leaks: [String] = []
        for name in set.featureNames {
            let m = FeatureMetadata(name: name, lineage: set.lineage[name]!, english: english, french: french)
            if let word = words.first(where: { m.french.contains($0) }) { leaks.append("\(name): '\(word)' in \(m.french)") }
            if !set.lineage[name]!.isPlainColumn && m.french == m.english { leaks.append("\(name): French equals English") }
        }
        #expect(leaks.isEmpty, "\(leaks.count) French descriptions with English left: \(leaks.prefix(5))")
    }

    /// Names, sources, units and English descriptions of every feature: a golden file, so a
    /// change to the recipe, the lineage or the wording shows up in review.
    /// `CX_UPDATE_SNAPSHOTS=1 swift test --filter namesAndMetadataAreStable` rewrites it.
    @Test func namesAndMetadataAreStable() throws {
        let set = Self.built
        let english = ColumnDictionary.bundled(), french = ColumnDictionary.bundledFrench()
        var lines = ["feature\tsource\tunit\tdescription"]
        for name in set.featureNames {
            let m = FeatureMetadata(name: name, lineage: set.lineage[name]!, english: english, french: french)
            #expect(!m.french.isEmpty)
            lines.append([name, m.source, m.unit, m.english].joined(separator: "\t"))
        }
        let text = lines.joined(separator: "\n") + "\n"
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/kernel-features.tsv").path
        if ProcessInfo.processInfo.environment["CX_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected)
    }
}
