import Foundation
import Testing
import Tables
@testable import Models

/// The saved model file: reproducible bytes, versions, damage and tables that do not fit.
@Suite struct ModelFileTests {
    static func table(rows: Int, seed: UInt64) throws -> Table {
        var rng = SeededGenerator(seed: seed)
        var credit: [Double?] = [], children: [Int64?] = [], contract: [String?] = [], target: [Int64?] = []
        for _ in 0..<rows {
            let c = rng.nextUnit() < 0.1 ? nil : 100_000 + 900_000 * rng.nextUnit()
            let kind = rng.nextUnit() < 0.3 ? "Revolving loans" : "Cash loans"
            credit.append(c)
            children.append(Int64(rng.next(below: 4)))
            contract.append(rng.nextUnit() < 0.05 ? nil : kind)
            target.append(rng.nextUnit() < ((c ?? 900_000) > 600_000 ? 0.3 : 0.05) ? 1 : 0)
        }
        return try Table([
            ("AMT_CREDIT", Column(doubles: credit)), ("CNT_CHILDREN", Column(ints: children)),
            ("NAME_CONTRACT_TYPE", Column(strings: contract)), ("TARGET", Column(ints: target)),
        ])
    }

    static func file() throws -> ModelFile {
        let table = try table(rows: 2000, seed: 1)
        let x = try FeatureMatrix(table: table, features: ["AMT_CREDIT", "CNT_CHILDREN", "NAME_CONTRACT_TYPE"])
        let y = try BinaryTarget.labels(from: table, column: "TARGET")
        var p = GBDTParameters()
        p.iterations = 20
        p.numLeaves = 6
        let model = try GBDTModel.train(x, labels: y, parameters: p)
        let auc = Metrics.rocAUC(labels: y, scores: try model.rawScores(x))!
        let training = TrainingFingerprint(
            dataFingerprint: "application_train:2000:seed1", seed: p.seed,
            parameters: ["iterations": "20", "numLeaves": "6"], metrics: ["auc": auc, "log_loss": 0.31],
            rowCount: y.count, positiveCount: y.filter { $0 }.count)
        return ModelFile(
            gbdt: model, training: training, threshold: 0.2,
            costs: DecisionCosts(falseNegative: 5, falsePositive: 1),
            calibration: try! Calibrator.fit(.isotonic, labels: [false, true, false, true], probabilities: [0.1, 0.2, 0.3, 0.6]))
    }

    static func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("modelfile-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    @Test func roundTripIsByteIdenticalAndScoresTheSame() throws {
        let file = try Self.file()
        let path = Self.temporaryPath("model.json")
        try file.save(to: path)
        let loaded = try ModelFile.load(from: path)
        #expect(try loaded.encoded() == file.encoded())
        #expect(Array(FileManager.default.contents(atPath: path)!) == (try file.encoded()))
        let table = try Self.table(rows: 300, seed: 2)
        let x = try file.gbdt!.encoding!.matrix(from: table)
        #expect(try loaded.gbdt!.rawScores(x) == file.gbdt!.rawScores(x))
        #expect(loaded.training == file.training && loaded.calibration == file.calibration && loaded.threshold == 0.2)
        #expect(loaded.features == file.features)
        // Nothing left beside it: the temporary file was renamed.
        let dir = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.json"])
        let text = String(decoding: try file.encoded(), as: UTF8.self)
        #expect(text.contains("\"formatVersion\" : 1") && text.contains("\"kind\" : \"gbdt\"") && text.contains("\"+inf\""))
    }

    @Test func newerVersionIsRefusedNamingBothVersions() throws {
        var text = String(decoding: try Self.file().encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 3")
        #expect(throws: ModelFileError.newerVersion(path: "m.json", file: 3, supported: 1, tool: "credit-explorer")) {
            try ModelFile.decode(Array(text.utf8), path: "m.json")
        }
        let message = ModelFileError.newerVersion(path: "m.json", file: 3, supported: 1, tool: "credit-explorer").description
        #expect(message.contains("format version 3") && message.contains("up to 1"))
    }

    @Test func damagedFilesAreRefused() throws {
        let bytes = try Self.file().encoded()
        // Cut anywhere: never loads, never crashes.
        for cut in stride(from: 0, to: bytes.count - 2, by: max(1, bytes.count / 200)) {
            #expect(throws: ModelFileError.self) { try ModelFile.decode(Array(bytes[..<cut])) }
        }
        #expect(throws: ModelFileError.corrupted(path: "x", reason: "not valid JSON (truncated or damaged)")) {
            try ModelFile.decode(Array(bytes[..<(bytes.count / 2)]), path: "x")
        }
        #expect(throws: ModelFileError.corrupted(path: "x", reason: "no formatVersion: not a credit-explorer model file")) {
            try ModelFile.decode(Array("{\"name\": 1}".utf8), path: "x")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"kind\" : \"gbdt\"", with: "\"kind\" : \"neuralnet\"")
        #expect(throws: ModelFileError.unknownModelKind(path: "x", kind: "neuralnet")) { try ModelFile.decode(Array(text.utf8), path: "x") }
        let path = Self.temporaryPath("missing.json")
        #expect(throws: ModelFileError.io(path: path, reason: "no such file")) { try ModelFile.load(from: path) }
    }

    @Test func failedSaveLeavesTheOldFile() throws {
        let file = try Self.file()
        let path = Self.temporaryPath("model.json")
        try file.save(to: path)
        let before = FileManager.default.contents(atPath: path)
        #expect(throws: ModelFileError.self) { try file.save(to: path + "/not-a-folder/model.json") }
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test func mismatchedTableIsReportedWithTheFeatureNames() throws {
        let file = try Self.file()
        #expect(file.checkColumns(of: try Self.table(rows: 10, seed: 3)) == [])
        let table = try Table([
            ("AMT_CREDITS", Column(doubles: [1, 2])),
            ("CNT_CHILDREN", Column(strings: ["1", "2"])),
            ("NAME_CONTRACT_TYPE", Column(ints: [0, 1])),
        ])
        let problems = file.checkColumns(of: table)
        #expect(problems == [
            .missing(column: "AMT_CREDIT", features: ["AMT_CREDIT"], suggestions: ["AMT_CREDITS"]),
            .mistyped(column: "CNT_CHILDREN", expected: "numeric", found: .category, features: ["CNT_CHILDREN"]),
            .mistyped(
                column: "NAME_CONTRACT_TYPE", expected: "categorical", found: .int,
                features: ["NAME_CONTRACT_TYPE_Cash loans", "NAME_CONTRACT_TYPE_Revolving loans"]),
        ])
        #expect(problems[2].description.contains("NAME_CONTRACT_TYPE_Cash loans"))
    }

    @Test func damagedCalibratorsAreRefused() throws {
        let file = try Self.file()
        #expect(file.calibration?.problem == nil)
        #expect(Calibrator.platt(PlattScaling(a: .nan, b: 0)).problem != nil)
        // A file whose Platt parameter is not finite is refused on load.
        var damaged = file
        damaged.calibration = .platt(PlattScaling(a: .infinity, b: 0))
        let bytes = try damaged.encoded()
        #expect(throws: ModelFileError.self) { try ModelFile.decode(bytes) }
    }

    /// A tree whose child points back at its root (a loop) is refused on load with the same
    /// words the LightGBM reader uses, instead of making `score` spin for ever.
    @Test func treesThatLoopOrShareNodesAreRefused() throws {
        let bytes = try Self.file().encoded()
        func damaged(_ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
            var root = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            var model = try #require(root["model"] as? [String: Any])
            var gbdt = try #require(model["gbdt"] as? [String: Any])
            var trees = try #require(gbdt["trees"] as? [[String: Any]])
            var tree = trees[0]
            var nodes = try #require(tree["nodes"] as? [[String: Any]])
            var node = nodes[0]
            edit(&node)
            nodes[0] = node
            tree["nodes"] = nodes
            trees[0] = tree
            gbdt["trees"] = trees
            model["gbdt"] = gbdt
            root["model"] = model
            return Array(try JSONSerialization.data(withJSONObject: root))
        }
        let loop = try damaged { $0["right"] = 0 }
        #expect(throws: ModelFileError.corrupted(path: "x", reason: "tree 0 is not a valid tree: node 0 is reached twice")) {
            try ModelFile.decode(loop, path: "x")
        }
        let missing = try damaged { $0["left"] = 999 }
        #expect(throws: ModelFileError.corrupted(path: "x", reason: "tree 0 is not a valid tree: child node 999 does not exist")) {
            try ModelFile.decode(missing, path: "x")
        }
    }

    /// A logistic model or a scorecard whose arrays disagree (found by the model-file fuzzer:
    /// a coefficient list shorter than the terms trapped on an index while scoring) is refused
    /// on load with the reason; the undamaged files still load.
    @Test func logisticAndScorecardFilesWithInconsistentArraysAreRefused() throws {
        let table = try Self.table(rows: 2000, seed: 2)
        let x = try FeatureMatrix(table: table, features: ["AMT_CREDIT", "CNT_CHILDREN", "NAME_CONTRACT_TYPE"])
        let y = try BinaryTarget.labels(from: table, column: "TARGET")
        let training = TrainingFingerprint(dataFingerprint: "t", seed: 1, rowCount: y.count, positiveCount: y.filter { $0 }.count)
        let logistic = ModelFile(model: .logistic(try LogisticModel.fit(x, labels: y)), features: x.features, training: training)
        let native = try FeatureMatrix(table: table, features: ["AMT_CREDIT", "CNT_CHILDREN", "NAME_CONTRACT_TYPE"], options: .init(categorical: .native))
        let card = ModelFile(model: .scorecard(try Scorecard.fit(native, labels: y)), features: native.features, training: training)

        func edited(_ file: ModelFile, _ edit: (inout [String: Any]) throws -> Void) throws -> [UInt8] {
            var root = try #require(try JSONSerialization.jsonObject(with: Data(try file.encoded())) as? [String: Any])
            var model = try #require(root["model"] as? [String: Any])
            let kind = try #require(model["kind"] as? String)
            var payload = try #require(model[kind] as? [String: Any])
            try edit(&payload)
            model[kind] = payload
            root["model"] = model
            return Array(try JSONSerialization.data(withJSONObject: root))
        }
        func reason(_ bytes: [UInt8]) -> String? {
            do { _ = try ModelFile.decode(bytes, path: "m.json"); return nil } catch {
                if case .corrupted(_, let reason) = error { return reason }
                return "\(error)"
            }
        }
        #expect(reason(try edited(logistic) { _ in }) == nil)
        #expect(reason(try edited(card) { _ in }) == nil)
        #expect(reason(try edited(logistic) { $0["coefficients"] = ($0["coefficients"] as! [Any]).dropLast() as [Any] })?.contains("coefficients for") == true)
        #expect(reason(try edited(logistic) { $0["imputed"] = [] as [Any] })?.contains("imputed values for \(x.features.count) features") == true)
        #expect(reason(try edited(logistic) { p in
            var terms = p["terms"] as! [[String: Any]]
            terms[0]["feature"] = 7
            p["terms"] = terms
        }) == "term 0 reads feature 7, which does not exist")
        #expect(reason(try edited(card) { p in
            var points = p["points"] as! [[String: Any]]
            var bins = points[0]["bins"] as! [Any]
            bins.removeLast()
            points[0]["bins"] = bins
            p["points"] = points
        })?.contains("bins of points for") == true)
        #expect(reason(try edited(card) { p in
            var binnings = p["binnings"] as! [[String: Any]]
            binnings[0]["missingBin"] = 40
            p["binnings"] = binnings
        })?.contains("names bin 40, which does not exist") == true)
    }
}
