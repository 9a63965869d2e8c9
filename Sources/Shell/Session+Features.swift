import Dispatch
import Features
import Foundation
import HomeCredit
import Query
import Tables

/// `features build | describe | export | client`: a recipe run into the table `features`.
extension Session {
    var joinKey: @Sendable (String, String) -> String? { engine.joinKey }

    func currentFeatures(_ invocation: Invocation) throws(SessionError) -> FeatureSet {
        guard let featureSet else {
            throw invocation.error("no features yet: `features build` runs the kernel recipe first", help: "features build")
        }
        return featureSet
    }

    /// `features build [recipe] [fresh]`: runs the recipe (or reads its cached result) and keeps
    /// the table as `features`.
    func buildFeatures(_ invocation: Invocation) throws(SessionError) -> String {
        let name = invocation.value("recipe") ?? "kernel"
        let recipe: Recipe
        do { recipe = try Recipe.locate(name) } catch { throw invocation.error(error.description, at: invocation.value("recipe") == nil ? nil : "recipe") }
        let started = DispatchTime.now()
        let inputs = engine.catalog
        let cache = cacheDirectory.map { FeatureCache(TableCache(directory: $0)) }
        // The key fingerprints every loaded value (seconds on a full-size set): only with a cache.
        let key = cache == nil ? "" : FeatureCache.key(recipe, catalog: inputs)
        var set: FeatureSet?
        var fromCache = false
        if let cache, invocation.text("cache") != "refresh", let cached = cache.load(recipe, key: key) {
            set = cached
            fromCache = true
        }
        if set == nil {
            do { set = try FeatureSet.build(recipe, catalog: inputs, joinKey: joinKey) } catch { throw SessionError(error.description) }
            if let problem = cache?.store(set!, key: key) { warnings.append("the build could not be cached (\(problem)): the next build will run again") }
        }
        let built = set!
        do { try engine.bind(Recipe.resultName, built.table, lineage: built.lineage) } catch { throw SessionError(error.message) }
        featureSet = built
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let names = built.featureNames
        var bySource: [String: Int] = [:]
        for n in names { bySource[source(of: n, in: built), default: 0] += 1 }
        let labelled = built.table["TARGET"].map { $0.count - $0.missingCount } ?? 0
        var lines = ["\(fromCache ? "read" : "built") \(NumberFormat.grouped(names.count)) features for \(NumberFormat.grouped(built.table.rowCount)) clients "
            + "(\(NumberFormat.grouped(labelled)) with TARGET) from recipe \(recipe.name) \(fromCache ? "from the cache " : "")in \(NumberFormat.fixed(seconds, 2)) s; kept as the table `features`"]
        lines.append("by source: " + Self.sourceOrder(bySource.keys).map { "\($0) \(bySource[$0]!)" }.joined(separator: ", "))
        warnings += built.warnings.prefix(5)
        if built.warnings.count > 5 { warnings.append("… and \(built.warnings.count - 5) more warnings") }
        return lines.joined(separator: "\n")
    }

    /// The block a feature belongs to (application, bureau, …).
    func source(of feature: String, in set: FeatureSet) -> String {
        guard let l = set.lineage[feature] else { return "application" }
        return FeatureMetadata.source(of: l)
    }

    /// Sources in the order of the data set's files, then any other.
    static func sourceOrder(_ sources: some Sequence<String>) -> [String] {
        let known = ["application", "bureau", "previous_application", "POS_CASH_balance", "installments_payments", "credit_card_balance"]
        let all = Set(sources)
        return known.filter(all.contains) + all.subtracting(known).sorted()
    }

    func metadata(_ set: FeatureSet, _ name: String) -> FeatureMetadata? {
        guard let l = set.lineage[name] else { return nil }
        return FeatureMetadata(name: name, lineage: l, english: dictionary, french: frenchDictionary)
    }

    /// `features describe [pattern | source] [lang=en|fr]`: by source, with coverage, information
    /// value against TARGET and the description; one feature in full when the pattern names one.
    func describeFeatures(_ invocation: Invocation) throws(SessionError) -> String {
        let set = try currentFeatures(invocation)
        let language: FeatureMetadata.Language = invocation.text("lang") == "fr" ? .fr : .en
        var names = set.featureNames
        if let pattern = invocation.value("pattern") {
            let sources = Set(names.map { source(of: $0, in: set) })
            if sources.contains(pattern) {
                names = names.filter { source(of: $0, in: set) == pattern }
            } else {
                names = names.filter { ColumnPattern.matches($0, pattern) }
                guard !names.isEmpty else {
                    throw invocation.error("no feature matches '\(pattern)'" + NameSuggester.didYouMean(NameSuggester.nearest(to: pattern, in: set.featureNames + Array(sources))), at: "pattern")
                }
                if names.count == 1, let m = metadata(set, names[0]) { return describeOne(m, set, language) }
            }
        }
        let target = set.table["TARGET"]
        let labels = target.map { t in (0..<t.count).map { t.number(at: $0) } }
        var rows: [(String, String, Double, Double?, String, String)] = []
        for name in names {
            guard let column = set.table[name] else { continue }
            let m = metadata(set, name)
            let coverage = 100 * Double(column.count - column.missingCount) / Double(max(1, column.count))
            let iv = labels.flatMap { InformationValue.of(column, labels: $0) }
            rows.append((source(of: name, in: set), name, coverage, iv, m?.unit ?? "", m?.description(language) ?? ""))
        }
        let order = Self.sourceOrder(rows.map(\.0))
        rows.sort { (order.firstIndex(of: $0.0)!, $0.3.map { -$0 } ?? 0) < (order.firstIndex(of: $1.0)!, $1.3.map { -$0 } ?? 0) }
        let table = try! Table([
            ("feature", Column(strings: rows.map(\.1))),
            ("source", Column(strings: rows.map(\.0))),
            ("coverage_pct", Column(doubles: rows.map { NumberFormat.round($0.2, 1) })),
            ("iv", Column(doubles: rows.map { $0.3.map { NumberFormat.round($0, 4) } })),
            ("unit", Column(strings: rows.map(\.4))),
            ("description", Column(strings: rows.map(\.5))),
        ])
        let prose = ["\(NumberFormat.grouped(rows.count)) features by source, most informative first (information value against TARGET, 10 quantile bins; coverage: share of clients with a value)"]
        return emit(prose, renderer.listing(table))
    }

    private func describeOne(_ m: FeatureMetadata, _ set: FeatureSet, _ language: FeatureMetadata.Language) -> String {
        let column = set.table[m.name]!
        let coverage = 100 * Double(column.count - column.missingCount) / Double(max(1, column.count))
        var lines = [m.name, "  " + m.description(language)]
        if language == .en { lines.append("  fr: " + m.french) } else { lines.append("  en: " + m.english) }
        lines.append("  source: \(m.source) (tables \(m.tables.joined(separator: ", ")))")
        lines.append("  raw columns: " + (m.rawColumns.isEmpty ? "none (a count of rows)" : m.rawColumns.joined(separator: ", ")))
        if !m.filters.isEmpty { lines.append("  rows: " + m.filters.joined(separator: " and ")) }
        if !m.aggregations.isEmpty { lines.append("  aggregation: " + m.aggregations.joined(separator: " of ")) }
        lines.append("  unit: \(m.unit)")
        lines.append("  coverage: \(NumberFormat.fixed(coverage, 1))% of \(NumberFormat.grouped(column.count)) clients")
        return lines.joined(separator: "\n")
    }

    /// `features export FILE.csv`: the table as CSV, written atomically.
    func exportFeatures(_ invocation: Invocation) throws(SessionError) -> String {
        let set = try currentFeatures(invocation)
        let path = invocation.value("file") ?? ""
        do { try CSVWriter.write(set.table, to: path) } catch { throw invocation.error("cannot write '\(path)': \(AtomicFile.reason(error))", at: "file") }
        return "wrote \(path): \(NumberFormat.grouped(set.table.rowCount)) rows × \(set.table.names.count) columns"
    }

    /// Whether the model reads a recipe's features, so that a client's raw application row must
    /// go through the recipe before the model sees it.
    func readsFeatures(_ state: ModelState) -> Bool {
        featureSet != nil && state.source == Recipe.resultName
    }

    /// The row the model scores for a client given as a raw application row (`client`, one row
    /// of `table`, perhaps edited): itself, or — for a model on `features` — the client's
    /// features recomputed from that row and the client's other rows, as the build made them.
    func scoringRow(_ state: ModelState, _ client: Table, from table: String) throws(SessionError) -> Table {
        guard readsFeatures(state), let set = featureSet, let id = client["SK_ID_CURR"]?.int64Values?.first,
              catalog[table] != nil else { return client }
        do {
            return try set.recompute(client: id, index: clientIndex, joinKey: joinKey) { catalog in
                catalog.add(.init(name: table, table: client))
            }
        } catch { throw SessionError(error.description) }
    }

    /// The raw fields a model on features reads through its features (AMT_CREDIT through
    /// PAYMENT_RATE, NAME_CONTRACT_TYPE through its one-hot columns).
    func rawFieldsUsed(_ state: ModelState) -> Set<String> {
        let sources = Set(state.file.features.map(\.source))
        guard readsFeatures(state), let set = featureSet else { return sources }
        var fields = Set<String>()
        for name in sources { fields.formUnion(set.lineage[name]?.columns ?? [name]) }
        return fields
    }

    /// One client's features recomputed from their rows alone, checked against the build.
    func recomputeClient(_ invocation: Invocation) throws(SessionError) -> String {
        let set = try currentFeatures(invocation)
        guard let text = invocation.value("client"), let id = Int64(text) else { throw invocation.error("a client is a whole number (SK_ID_CURR)", at: "client") }
        guard let row = set.row(of: id) else { throw invocation.error("no client \(id) in `features`", at: "client") }
        let index = clientIndex
        let started = DispatchTime.now()
        let one: Table
        do { one = try set.recompute(client: id, index: index, joinKey: joinKey) } catch { throw SessionError(error.description) }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e6
        let differing = FeatureComparison.differences(one, row: 0, set.table, row: row)
        var lines = ["client \(id): \(one.names.count) columns recomputed from the client's own rows in \(NumberFormat.fixed(ms, 1)) ms"]
        lines.append(differing.isEmpty ? "every value equals the full build's, exactly"
                     : "\(differing.count) values differ from the full build: " + differing.prefix(5).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
