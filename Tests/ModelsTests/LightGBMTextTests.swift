import Foundation
import Testing
import TestFixtures
import Tables
@testable import Models

/// LightGBM's text model format, both ways: what we write reads back to the same
/// predictions, a model written by hand from the format's rules scores as worked out by
/// hand, and damaged or unsupported files are refused with a reason.
@Suite struct LightGBMTextTests {
    /// Numeric features with missing values and a native categorical one with missing levels.
    static func mixedData(rows: Int) throws -> (FeatureMatrix, [Bool]) {
        let (columns, labels) = SyntheticData.creditLike(rows: rows, features: 6, seed: 8)
        var rng = SeededGenerator(seed: 9)
        let levels = ["a", "b", "c", "d", "e", "f"]
        var kinds: [String?] = [], y = labels
        for r in 0..<rows {
            let k = rng.next(below: 7)
            kinds.append(k == 6 ? nil : levels[k])
            if k == 1 || k == 6 { y[r] = y[r] || rng.nextUnit() < 0.3 }
        }
        var pairs = SyntheticData.names(6).enumerated().map { f, name in
            (name, Column(doubles: columns[f].map { $0.isNaN ? nil : $0 }))
        }
        pairs.append(("KIND two words", Column(strings: kinds)))
        let table = try Table(pairs)
        let x = try FeatureMatrix(table: table, features: table.names, options: .init(categorical: .native))
        return (x, y)
    }

    @Test func exportThenImportPredictsTheSame() throws {
        let (x, y) = try Self.mixedData(rows: 4000)
        var p = GBDTParameters()
        p.iterations = 30
        p.numLeaves = 8
        p.maxCategoriesOneVsRest = 2
        p.minDataPerCategory = 20
        let model = try GBDTModel.train(x, labels: y, parameters: p)
        let categorical = model.trees.flatMap(\.nodes).filter(\.isCategorical)
        // As in LightGBM, missing values never join a category set: they go right.
        #expect(!categorical.isEmpty && categorical.allSatisfy { !$0.defaultLeft })
        let text = model.lightGBMText()
        let back = try GBDTModel(lightGBMText: text)
        #expect(back.trees.count == model.trees.count)
        #expect(back.features.map(\.name).last == "KIND_two_words")
        let back2 = try GBDTModel(lightGBMText: back.lightGBMText())
        // Same numbers, not just close: the export is exact.
        let rows = (0..<x.rowCount).map { x.row($0) } + [[Double](repeating: .nan, count: 7)]
        for row in rows {
            #expect(back.rawScore(row: row) == model.rawScore(row: row))
            #expect(back2.rawScore(row: row) == model.rawScore(row: row))
        }
        #expect(try back.rawScores(FeatureMatrix(columns: x.columns, names: back.features.map(\.name))) == model.rawScores(x))
    }

    @Test func headerTreeSizesMatchTheBlocks() throws {
        let (x, y) = try Self.mixedData(rows: 1000)
        var p = GBDTParameters()
        p.iterations = 3
        let text = try GBDTModel.train(x, labels: y, parameters: p).lightGBMText()
        let sizes = text.split(separator: "\n").first { $0.hasPrefix("tree_sizes=") }!
            .dropFirst("tree_sizes=".count).split(separator: " ").map { Int($0)! }
        // LightGBM seeks to each tree by these sizes, so they must be exact.
        let blocks = text.components(separatedBy: "Tree=").dropFirst()
        var offset = text.utf8.count - text.components(separatedBy: "Tree=0\n")[1].utf8.count - "Tree=0\n".utf8.count
        for (k, size) in sizes.enumerated() {
            let block = String(decoding: Array(text.utf8)[offset..<(offset + size)], as: UTF8.self)
            #expect(block.hasPrefix("Tree=\(k)\n") && block.hasSuffix("\n\n\n"))
            offset += size
        }
        #expect(blocks.count == 3)
        #expect(String(decoding: Array(text.utf8)[offset...], as: UTF8.self).hasPrefix("end of trees\n"))
    }

    /// Written by hand from the format: tree 0 splits AGE ≤ 30.5 (NaN type, default left),
    /// then KIND ∈ {1, 3} (bitset 0b1010 = 10); tree 1 is a constant; tree 2 splits AGE ≤ 50
    /// with missing type None, where NaN is read as 0 and so goes left.
    static let handWritten = """
        tree
        version=v4
        num_class=1
        num_tree_per_iteration=1
        label_index=0
        max_feature_idx=1
        objective=binary sigmoid:1
        feature_names=AGE KIND
        feature_infos=[18:70] 0:1:2:3

        Tree=0
        num_leaves=3
        num_cat=1
        split_feature=0 1
        split_gain=10 5
        threshold=30.5 0
        decision_type=10 9
        left_child=-1 -2
        right_child=1 -3
        leaf_value=-2 0.5 -1
        leaf_weight=10 5 5
        leaf_count=100 50 50
        internal_value=0 0
        internal_weight=20 10
        internal_count=200 100
        cat_boundaries=0 1
        cat_threshold=10
        is_linear=0
        shrinkage=1


        Tree=1
        num_leaves=1
        num_cat=0
        split_feature=
        split_gain=
        threshold=
        decision_type=
        left_child=
        right_child=
        leaf_value=0.25
        leaf_weight=
        leaf_count=
        internal_value=
        internal_weight=
        internal_count=
        is_linear=0
        shrinkage=0.05


        Tree=2
        num_leaves=2
        num_cat=0
        split_feature=0
        split_gain=1
        threshold=50
        decision_type=0
        left_child=-1
        right_child=-2
        leaf_value=0.125 -0.125
        leaf_weight=1 1
        leaf_count=10 10
        internal_value=0
        internal_weight=2
        internal_count=20
        is_linear=0
        shrinkage=0.05


        end of trees

        feature_importances:
        AGE=2
        KIND=1

        parameters:
        [learning_rate: 0.05]
        [num_leaves: 3]
        end of parameters

        pandas_categorical:null

        """

    @Test func handWrittenModelScoresAsWorkedOutByHand() throws {
        let model = try GBDTModel(lightGBMText: Self.handWritten)
        #expect(model.features.map(\.name) == ["AGE", "KIND"])
        #expect(model.features[1].kind == .categorical(levels: ["0", "1", "2", "3"]))
        #expect(model.parameters.learningRate == 0.05 && model.parameters.numLeaves == 3)
        let nan = Double.nan
        let cases: [([Double], Double)] = [
            ([25, 0], -2 + 0.25 + 0.125),  // young: left at once
            ([30.5, 3], -2 + 0.25 + 0.125),  // the threshold itself goes left
            ([nan, 1], -2 + 0.25 + 0.125),  // missing age: default left; in tree 2 read as 0
            ([40, 1], 0.5 + 0.25 + 0.125),  // KIND 1 is in the set
            ([40, 3], 0.5 + 0.25 + 0.125),
            ([40, 2], -1 + 0.25 + 0.125),  // KIND 2 is not
            ([40, nan], -1 + 0.25 + 0.125),  // a missing category goes right
            ([40, -1], -1 + 0.25 + 0.125),  // so does a negative code
            ([60, 1], 0.5 + 0.25 - 0.125),  // old: right in tree 2
        ]
        for (row, expected) in cases { #expect(model.rawScore(row: row) == expected, "row \(row)") }
        // And it writes back to a model that scores the same.
        let again = try GBDTModel(lightGBMText: model.lightGBMText())
        for (row, expected) in cases { #expect(again.rawScore(row: row) == expected) }
    }

    @Test func zeroAsMissingSplitsKeepZeroOnTheDefaultSide() throws {
        typealias T = ParsedTree
        let z = LightGBMTextFormat.zeroThreshold
        // Zero already on the default side: unchanged.
        #expect(T.numericSplit(threshold: 5, defaultLeft: true, missing: .zero)! == (5, true))
        #expect(T.numericSplit(threshold: -5, defaultLeft: false, missing: .zero)! == (-5, false))
        // The threshold LightGBM writes for "zero against the rest": the band moves whole.
        #expect(T.numericSplit(threshold: z, defaultLeft: false, missing: .zero)! == ((-z).nextDown, false))
        #expect(T.numericSplit(threshold: 0, defaultLeft: true, missing: .zero)! == (z, true))
        // Zero sent across values on the other side: no single threshold does that.
        #expect(T.numericSplit(threshold: 5, defaultLeft: false, missing: .zero) == nil)
        // None: NaN goes where 0 goes.
        #expect(T.numericSplit(threshold: -1, defaultLeft: true, missing: .none)! == (-1, false))
    }

    /// A zero-as-missing split with threshold 5 sending 0 and NaN right: x < 0 and 0 < x ≤ 5
    /// go left, 0, NaN and x > 5 go right; it takes three of our splits.
    @Test func zeroBandAcrossTheThresholdIsExpanded() throws {
        let text = Self.handWritten
            .replacingOccurrences(of: "threshold=50\ndecision_type=0", with: "threshold=5\ndecision_type=4")
        let model = try GBDTModel(lightGBMText: text)
        #expect(model.trees[2].nodes.count == 3 && model.trees[2].leafCount == 4)
        func tree2(_ age: Double) -> Double { model.trees[2].value(for: [age, 0]) }
        for age in [-3, -1e-30, 1e-30, 4, 5] { #expect(tree2(age) == 0.125, "age \(age)") }
        for age in [0, 1e-36, -1e-36, .nan, 5.5, 70] { #expect(tree2(age) == -0.125, "age \(age)") }
        let again = try GBDTModel(lightGBMText: model.lightGBMText())
        for age in [-3, 0, 1e-36, .nan, 4, 5.5] { #expect(again.trees[2].value(for: [age, 0]) == tree2(age)) }
    }

    @Test func malformedTextIsRefusedWithAReason() throws {
        let good = Self.handWritten
        func error(_ text: String) -> LightGBMTextError? {
            do { _ = try GBDTModel(lightGBMText: text); return nil } catch { return error }
        }
        #expect(error("") == .notAModel("the text is empty"))
        #expect(error("{\"format\": 1}")?.description.hasPrefix("not a LightGBM text model") == true)
        // Truncated in the middle of a tree.
        let cut = String(good.prefix(good.count / 2))
        #expect(error(cut) == .notAModel("no 'end of trees' line (a truncated file?)"))
        // Every prefix is refused or read, never a crash.
        for n in stride(from: 0, to: good.count, by: 7) { _ = error(String(good.prefix(n))) }
        #expect(error(good.replacingOccurrences(of: "left_child=-1 -2", with: "left_child=0 -2"))
            == .invalidStructure(tree: 0, reason: "node 0 is reached twice"))
        #expect(error(good.replacingOccurrences(of: "right_child=1 -3", with: "right_child=7 -3"))
            == .invalidStructure(tree: 0, reason: "child node 7 does not exist"))
        #expect(error(good.replacingOccurrences(of: "leaf_value=-2 0.5 -1", with: "leaf_value=-2 zero -1"))
            == .invalidValue(field: "leaf_value", tree: 0, value: "zero"))
        #expect(error(good.replacingOccurrences(of: "split_feature=0 1", with: "split_feature=0 5"))
            == .invalidValue(field: "split_feature", tree: 0, value: "5"))
        #expect(error(good.replacingOccurrences(of: "cat_threshold=10", with: "cat_threshold=10 3"))
            == .invalidValue(field: "cat_boundaries", tree: 0, value: "0 1"))
        #expect(error(good.replacingOccurrences(of: "leaf_value=0.25\n", with: "")) == .missingField("leaf_value", tree: 1))
        #expect(error(good.replacingOccurrences(of: "num_class=1", with: "num_class=3"))
            == .unsupported("num_class=3: only binary models"))
        #expect(error(good.replacingOccurrences(of: "binary sigmoid:1", with: "regression"))
            == .unsupported("objective 'regression': only binary log-loss models"))
        #expect(error(good.replacingOccurrences(of: "sigmoid:1", with: "sigmoid:2"))?.description
            == "LightGBM model not supported: objective 'binary sigmoid:2': only sigmoid:1 (raw scores are log-odds)")
        // A feature's info that is neither a range nor level codes (found by the model fuzzer:
        // it made a categorical feature with no level, which the export could not read back).
        let mixed = LightGBMFixtures.mixedModel
        #expect(error(mixed.replacingOccurrences(of: " -1:3:4:5:0:2:1 ", with: " -1:tree "))
            == .invalidValue(field: "feature_infos (feature 2: neither a [min:max] range nor level codes)", tree: nil, value: "-1:tree"))
    }

    /// A file with trees cut out (but `end of trees` intact) once loaded as a smaller model;
    /// LightGBM refuses it, and so do we. A CRLF file reads as the LF one.
    @Test func removedTreesAreRefusedAndCRLFIsRead() throws {
        let text = LightGBMFixtures.mixedModel
        let full = try GBDTModel(lightGBMText: text)
        let start = try #require(text.range(of: "Tree=10\n"))
        let end = try #require(text.range(of: "end of trees"))
        let cut = String(text[..<start.lowerBound]) + String(text[end.lowerBound...])
        do {
            _ = try GBDTModel(lightGBMText: cut)
            Issue.record("a file missing trees loaded")
        } catch {
            #expect("\(error)".contains("tree_sizes lists 12 trees but the file holds 10"))
        }
        let crlf = try GBDTModel(lightGBMText: text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.trees == full.trees)
    }
}

/// Models that Python LightGBM trained (`LightGBMFixtures`, regenerated by
/// scripts/fixtures/lightgbm-models.py): imported, they score as LightGBM scored them.
@Suite struct LightGBMFixtureTests {
    static func check(_ text: String, _ expected: [Double]) throws {
        let model = try GBDTModel(lightGBMText: text)
        #expect(model.features.map(\.name) == ["f0", "f1", "f2", "f3"])
        #expect(model.features[2].isCategorical)
        for (row, want) in zip(LightGBMFixtures.inputs, expected) {
            #expect(abs(model.rawScore(row: row) - want) <= 1e-12, "row \(row)")
        }
        // Written back out and read again: still LightGBM's scores.
        let again = try GBDTModel(lightGBMText: model.lightGBMText())
        for (row, want) in zip(LightGBMFixtures.inputs, expected) { #expect(abs(again.rawScore(row: row) - want) <= 1e-12) }
    }

    @Test func nanAndNoneMissingTypesAndCategoricalSplits() throws {
        let text = LightGBMFixtures.mixedModel
        #expect(text.contains("decision_type=") && text.contains("cat_threshold="))
        try Self.check(text, LightGBMFixtures.mixedPredictions)
    }

    @Test func zeroAsMissingModel() throws {
        try Self.check(LightGBMFixtures.zeroAsMissingModel, LightGBMFixtures.zeroAsMissingPredictions)
    }
}

/// A model trained in Python scores the tool's tables by feature name: numbers as they are,
/// categories through the file's `pandas_categorical` labels (or as codes without them).
@Suite struct ImportedModelScoringTests {
    static let labels = ["alpha", "beta", "gamma", "delta", "eps", "zeta"]

    func table(codes: Bool) throws -> (Table, [[Double]]) {
        var rows: [[Double]] = []
        for i in 0..<40 {
            rows.append([Double(i % 7) - 3, Double(i % 5) - 2, Double(i % 6), Double(i % 9) * 0.8])
        }
        let f2: Column = codes ? Column(ints: rows.map { Int64($0[2]) }) : Column(strings: rows.map { Self.labels[Int($0[2])] })
        let table = try Table([
            ("f0", Column(doubles: rows.map { $0[0] })), ("f1", Column(doubles: rows.map { $0[1] })),
            ("f2", f2), ("f3", Column(doubles: rows.map { $0[3] })),
        ])
        return (table, rows)
    }

    @Test func pandasLabelsAndPlainCodesBothScoreAsTheTrees() throws {
        let labelled = LightGBMFixtures.mixedModel.replacingOccurrences(
            of: "pandas_categorical:null", with: #"pandas_categorical:[["alpha","beta","gamma","delta","eps","zeta"]]"#)
        for (text, codes) in [(labelled, false), (LightGBMFixtures.mixedModel, true)] {
            let model = try GBDTModel(lightGBMText: text)
            var file = ModelFile(gbdt: model, training: TrainingFingerprint(dataFingerprint: "imported", seed: 0, rowCount: 0, positiveCount: 0))
            file.encoding = model.encoding
            let (table, rows) = try table(codes: codes)
            let scored = try file.probabilities(for: table)
            for (p, row) in zip(scored, rows) {
                #expect(abs(p - 1 / (1 + (-model.rawScore(row: row)).exponential)) < 1e-12)
            }
        }
        // Too few labels for the codes the trees use is refused.
        let short = LightGBMFixtures.mixedModel.replacingOccurrences(of: "pandas_categorical:null", with: #"pandas_categorical:[["a"]]"#)
        #expect(throws: LightGBMTextError.self) { try GBDTModel(lightGBMText: short) }
    }
}

private extension Double {
    var exponential: Double { Foundation.exp(self) }
}

/// An exported model carries its categories' labels (`pandas_categorical`), in code order, so
/// that Python scores a pandas frame as the tool does, and the file reads back by label.
@Suite struct PandasCategoricalExportTests {
    @Test func exportedLevelsReadBackAsLabels() throws {
        let (x, y) = try LightGBMTextTests.mixedData(rows: 600)
        var p = GBDTParameters()
        p.iterations = 8
        p.numLeaves = 6
        let model = try GBDTModel.train(x, labels: y, parameters: p)
        let text = model.lightGBMText()
        let levels = model.features.compactMap { if case .categorical(let l) = $0.kind { l } else { nil } }
        #expect(!levels.isEmpty)
        #expect(text.contains("pandas_categorical:[[\"" + levels[0].joined(separator: "\",\"") + "\"]"))
        let back = try GBDTModel(lightGBMText: text)
        #expect(back.features.map(\.kind) == model.features.map(\.kind))
        for r in 0..<x.rowCount { #expect(back.rawScore(row: x.row(r)) == model.rawScore(row: x.row(r))) }
        #expect(LightGBMTextWriter.pandasCategorical([FeatureInfo(name: "a", source: "a", kind: .categorical(levels: ["say \"hi\"", "back\\slash"]))])
                == #"[["say \"hi\"","back\\slash"]]"#)
    }
}
