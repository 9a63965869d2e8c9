import Explain
import Foundation
import Models
import Plots
import Tables

/// `compare <client> [similar K]`: the client among all clients and among the most similar.
extension Session {
    func compare(_ invocation: Invocation) throws(SessionError) -> String {
        let state = try currentModel(for: "compare")
        let (tableName, table, row) = try locateClient(invocation)
        let k = invocation.value("similar").flatMap { Int($0) } ?? 50
        guard k >= 1 else { throw invocation.error("similar takes at least 1 client", at: "similar") }
        let training = try trainingTable(state)
        let key = try importantColumns(state, training).filter { training[$0].map { $0.type != .category } ?? false && table[$0] != nil }.prefix(6)
        let space = similarity(training, columns: Array(key))
        let neighbours = space.nearest(k, to: space.point(of: table, row: row), excluding: tableName == state.source ? row : nil)
        let probabilities = populationProbabilities(state, training)
        let t = state.file.decisionThreshold

        let w = wording(invocation)
        let id = Int64(invocation.value("target") ?? "") ?? 0
        var lines = [w.pick("client \(id) (\(tableName)) against \(w.grouped(training.rowCount)) clients of \(state.source) and the \(neighbours.count) most similar "
            + "(distance on \(key.joined(separator: ", ")), each scaled by its standard deviation)",
            "client \(id) (\(tableName)) face aux \(w.grouped(training.rowCount)) clients de \(state.source) et aux \(neighbours.count) plus semblables "
            + "(distance sur \(key.joined(separator: ", ")), chacune rapportée à son écart-type)")]
        var names: [String] = [], client: [String] = [], allPct: [String] = [], similarPct: [String] = [], similarMedian: [Double?] = []
        for name in key {
            guard let values = training[name], let x = table[name]?.number(at: row) else { continue }
            let near = neighbours.compactMap { values.number(at: $0) }
            names.append(name)
            client.append(w.plain(NumberFormat.round(x, significant: 4)))
            allPct.append(Self.percentile(standings.share(of: values, below: x)))
            similarPct.append(Self.percentile(Standing.share(of: Column(doubles: near), below: x)))
            similarMedian.append(near.isEmpty ? nil : NumberFormat.round(near.sorted()[near.count / 2], significant: 4))
        }
        lines.append(w.renderer(from: renderer).listing(try! Table([
            (w.pick("column", "colonne"), Column(strings: names)), ("client", Column(strings: client)),
            (w.pick("percentile_all", "centile_tous"), Column(strings: allPct)), (w.pick("percentile_similar", "centile_semblables"), Column(strings: similarPct)),
            (w.pick("similar_median", "médiane_semblables"), Column(doubles: similarMedian)),
        ])))
        if let target = training[state.spec.target] {
            let similarDefaults = neighbours.compactMap { target.number(at: $0) }
            let allDefaults = (0..<target.count).compactMap { target.number(at: $0) }
            lines.append(w.pick("default rate: \(Self.percent(similarDefaults, w)) among the similar clients, \(Self.percent(allDefaults, w)) among all",
                                "taux de défaut : \(Self.percent(similarDefaults, w)) parmi les clients semblables, \(Self.percent(allDefaults, w)) parmi tous"))
        }
        if let t, probabilities.count == training.rowCount {
            let approved = neighbours.filter { probabilities[$0] < t }.count
            let all = probabilities.filter { $0 < t }.count
            let similarRate = w.fixed(100 * Double(approved) / Double(max(1, neighbours.count)), 1) + w.pick("%", " %")
            let allRate = w.fixed(100 * Double(all) / Double(max(1, probabilities.count)), 1) + w.pick("%", " %")
            lines.append(w.pick("approval rate at the threshold: \(similarRate) of the similar clients, \(allRate) of all",
                                "taux d'accord au seuil : \(similarRate) des clients semblables, \(allRate) de tous"))
        }
        // The distributions of the three most important columns, all clients and the similar
        // ones, with the client's value marked.
        if renderer.format == .aligned {
            for name in key.prefix(3) {
                guard let values = training[name], let x = table[name]?.number(at: row), let all = standings.sortedValues(values) else { continue }
                let near = neighbours.compactMap { values.number(at: $0) }
                let options = PlotOptions(width: renderer.width, height: 7, title: name, charset: unicode ? .unicode : .ascii, color: colorOutput)
                lines.append(BoxPlot(groups: [Series(w.pick("all clients", "tous les clients"), all), Series(w.pick("similar", "semblables"), near)],
                                     marker: (w.pick("the client", "le client"), x)).render(options).text)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The training clients' probabilities: those the threshold was chosen on (out-of-fold
    /// after `cv`), else the model's scoring of them, kept until the model changes (a model
    /// loaded from a file has no predictions of its own; 300,000 clients take seconds to score).
    func populationProbabilities(_ state: ModelState, _ training: Table) -> [Double] {
        let evaluated = state.evaluated.probabilities
        if evaluated.count == training.rowCount { return evaluated }
        return (try? preparedScores.probabilities(state.file, for: training)) ?? []
    }

    /// The model's columns by mean |contribution|, most important first, over 2,000 clients
    /// spread evenly over the training table (the ranking is stable well before every client
    /// is explained); kept until the model changes.
    func importantColumns(_ state: ModelState, _ training: Table) throws(SessionError) -> [String] {
        if let ranked = preparedRanking { return ranked }
        let sample = training.rowCount <= 2_000 ? training : training.gather((0..<2_000).map { $0 * training.rowCount / 2_000 })
        let matrix: FeatureMatrix
        do { matrix = try state.file.features(of: sample) } catch { throw SessionError(error.message) }
        var sources: [String] = []
        for feature in state.file.features where !sources.contains(feature.source) { sources.append(feature.source) }
        let weights = PortfolioImportance.meanAbsolute(state.file.model, matrix, columns: sources)
        let ranked = sources.indices.sorted { weights[$0] > weights[$1] }.map { sources[$0] }
        preparedRanking = ranked
        return ranked
    }

    /// The training clients scaled on `columns`, kept until the model changes.
    private func similarity(_ training: Table, columns: [String]) -> SimilarClients {
        if let space = preparedSimilarity, space.count == training.rowCount, space.requested == columns { return space }
        let space = SimilarClients(training, columns: columns)
        preparedSimilarity = space
        return space
    }

    private static func percentile(_ share: Double?) -> String {
        share.map { "\(Int(($0 * 100).rounded()))" } ?? ""
    }

    private static func percent(_ values: [Double], _ w: Wording) -> String {
        guard !values.isEmpty else { return "—" }
        return w.fixed(100 * values.reduce(0, +) / Double(values.count), 1) + w.pick("%", " %")
    }
}
