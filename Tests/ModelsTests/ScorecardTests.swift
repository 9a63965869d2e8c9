import Foundation
import Testing
import Tables
@testable import Models

/// Binning, WoE and IV by hand, monotone merging, and the points arithmetic of a scorecard.
@Suite struct ScorecardTests {
    /// A native categorical feature from per-level (goods, bads) counts.
    static func categorical(_ name: String, levels: [String], counts: [(goods: Int, bads: Int)]) -> (FeatureMatrix, [Bool]) {
        var codes: [Double] = [], labels: [Bool] = []
        for (code, c) in counts.enumerated() {
            codes += [Double](repeating: Double(code), count: c.goods + c.bads)
            labels += [Bool](repeating: false, count: c.goods) + [Bool](repeating: true, count: c.bads)
        }
        let info = FeatureInfo(name: name, source: name, kind: .categorical(levels: levels))
        return (FeatureMatrix(columns: [codes], features: [info], rowCount: codes.count, encoding: nil), labels)
    }

    static func binning(_ x: FeatureMatrix, _ y: [Bool], _ p: ScorecardParameters, feature: Int = 0) -> FeatureBinning {
        FeatureBinning.learn(x.columns[feature], info: x.features[feature], labels: y, parameters: p)
    }

    @Test func woeAndInformationValueByHand() {
        // 100 goods and 100 bads over three levels.
        let (x, y) = Self.categorical("KIND", levels: ["A", "B", "C"], counts: [(40, 10), (30, 20), (30, 70)])
        var p = ScorecardParameters()
        p.smoothing = 0
        let b = Self.binning(x, y, p)
        #expect(b.bins.map(\.label) == ["A", "B", "C"])
        let expectedWoE = [log(0.4 / 0.1), log(0.3 / 0.2), log(0.3 / 0.7)]
        let expectedIV = [0.3 * log(4.0), 0.1 * log(1.5), -0.4 * log(3.0 / 7)]
        for (bin, (woe, iv)) in zip(b.bins, zip(expectedWoE, expectedIV)) {
            #expect(abs(bin.woe - woe) < 1e-12 && abs(bin.informationValue - iv) < 1e-12)
        }
        #expect(abs(b.informationValue - expectedIV.reduce(0, +)) < 1e-12)
        #expect(b.bins.map(\.badRate) == [0.2, 0.4, 0.7])
        #expect(b.bins.map(\.goodShare) == [0.4, 0.3, 0.3] && b.bins.map(\.badShare) == [0.1, 0.2, 0.7])
        // Safer than average: positive WoE.
        #expect(b.bins[0].woe > 0 && b.bins[2].woe < 0)
    }

    @Test func smoothingKeepsAnEmptyClassFinite() {
        // Level B has no bads: without smoothing its WoE is infinite.
        let (x, y) = Self.categorical("KIND", levels: ["A", "B"], counts: [(50, 20), (30, 0)])
        let b = Self.binning(x, y, ScorecardParameters())  // smoothing 0.5
        let goods = 80 + 2 * 0.5, bads = 20 + 2 * 0.5
        #expect(abs(b.bins[1].woe - log((30.5 / goods) / (0.5 / bads))) < 1e-12)
        #expect(b.bins.allSatisfy { $0.woe.isFinite && $0.informationValue >= 0 })
    }

    @Test func rareLevelsPoolIntoOtherAndUnseenLevelsJoinIt() {
        let (x, y) = Self.categorical("KIND", levels: ["A", "B", "C", "D"], counts: [(300, 30), (200, 60), (3, 1), (1, 1)])
        let b = Self.binning(x, y, ScorecardParameters())  // rare: under 1% of 596 rows
        #expect(b.bins.map(\.label) == ["A", "B", "other (2 levels)"])
        #expect(b.bins[2].count == 6 && b.bins[2].bads == 2)
        #expect(b.woe(of: 3) == b.bins[2].woe)
        #expect(b.woe(of: 9) == b.bins[2].woe)  // a level the training rows never had
        #expect(b.woe(of: .nan) == 0)  // no missing in training: no evidence
    }

    /// Cuts move to the roundest number between the last value below and the cut, so bins
    /// read simply and hold the same training rows.
    @Test func cutsAreRoundedWithinTheGapBelowThem() {
        #expect(FeatureBinning.readableCut(608681.5, above: 608526) == 608600)
        #expect(FeatureBinning.readableCut(27, above: 12) == 20)
        #expect(FeatureBinning.readableCut(5, above: 3) == 5)
        #expect(FeatureBinning.readableCut(-15745, above: -15746) == -15745)
        #expect(FeatureBinning.readableCut(-0.5, above: -3) == -0.5 || FeatureBinning.readableCut(-0.5, above: -3) == -1)
        #expect(FeatureBinning.readableCut(0.44158568044197644, above: 0.4415) == 0.44158)
        #expect(FeatureBinning.readableCut(1.234e-7, above: 1.2e-7) == 1.23e-7)
        var random = SplitMix64(state: 7)
        for _ in 0..<2000 {
            let a = Double.random(in: -1e7..<1e7, using: &random)
            let gap = Double.random(in: 0..<1, using: &random) * pow(10, Double(Int.random(in: -6...2, using: &random)))
            let b = a + gap
            guard b > a else { continue }
            let c = FeatureBinning.readableCut(b, above: a)
            #expect(c > a && c <= b, "\(a) < \(c) <= \(b)")
        }
    }

    @Test func nonMonotoneNeighboursAreMergedByHand() {
        // Values 0, 1, 2, 3 with 100 rows each and bad rates 10%, 30%, 20%, 40%: risk rises
        // with the value except between 1 and 2, which merge into one bin of 25%.
        var x: [Double] = [], y: [Bool] = []
        for (v, bads) in [(0.0, 10), (1, 30), (2, 20), (3, 40)] {
            for i in 0..<100 {
                x.append(v)
                y.append(i < bads)
            }
        }
        var p = ScorecardParameters()
        p.fineClasses = 4
        p.minBinShare = 0
        p.smoothing = 0
        let b = Self.binning(FeatureMatrix(columns: [x], names: ["v"]), y, p)
        #expect(b.cuts == [1, 3])
        #expect(b.bins.map(\.count) == [100, 200, 100])
        #expect(b.bins.map(\.badRate) == [0.1, 0.25, 0.4])
        #expect(b.bins.map(\.label) == ["[-inf, 1)", "[1, 3)", "[3, inf)"])
        // Without the monotone rule the fine classes stay.
        p.monotone = false
        #expect(Self.binning(FeatureMatrix(columns: [x], names: ["v"]), y, p).bins.count == 4)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func mergedBinsAreMonotoneLargeEnoughAndCountTheirRows(seed: UInt64) {
        // A U-shaped risk with noise and missing values: fine classes are far from monotone.
        var rng = SeededGenerator(seed: seed)
        var x: [Double] = [], y: [Bool] = []
        for _ in 0..<5000 {
            let v = (rng.nextUnit() * 100).rounded()
            let missing = rng.nextUnit() < 0.1
            x.append(missing ? .nan : v)
            y.append(rng.nextUnit() < (missing ? 0.3 : 0.05 + 0.002 * abs(v - 30)))
        }
        let b = Self.binning(FeatureMatrix(columns: [x], names: ["v"]), y, ScorecardParameters())
        let value = b.bins.filter { if case .missing = $0.content { false } else { true } }
        let woes = value.map(\.woe)
        let rising = zip(woes, woes.dropFirst()).allSatisfy { $0 <= $1 }
        let falling = zip(woes, woes.dropFirst()).allSatisfy { $0 >= $1 }
        #expect(rising || falling)
        #expect(value.allSatisfy { Double($0.count) >= 0.05 * 5000 })
        #expect(b.bins.last!.content == .missing && b.bins.last!.count == x.filter(\.isNaN).count)
        // Every bin's counts are those of the rows its interval (or missing) holds.
        for bin in b.bins {
            let rows = x.indices.filter { bin.contains(x[$0]) }
            #expect(rows.count == bin.count && rows.filter { y[$0] }.count == bin.bads)
            for r in rows { #expect(b.woe(of: x[r]) == bin.woe) }
        }
    }

    static func creditCard(_ p: ScorecardParameters = ScorecardParameters()) throws -> (Scorecard, FeatureMatrix, [Bool]) {
        let (columns, labels) = SyntheticData.creditLike(rows: 6000, features: 12, seed: 31)
        let x = FeatureMatrix(columns: columns, names: SyntheticData.names(12))
        return (try Scorecard.fit(x, labels: labels, parameters: p), x, labels)
    }

    @Test func aScoreIsTheSumOfItsBinsPointsAndTheModelsLogOdds() throws {
        let (card, x, y) = try Self.creditCard()
        let scores = try card.scores(x)
        let breakdown = try card.pointsBreakdown(x)
        let logits = try card.model.logits(card.woeMatrix(x))
        for r in stride(from: 0, to: x.rowCount, by: 7) {
            // Sum of points, found bin by bin from the points table.
            var total = 0.0
            for (j, fp) in card.points.enumerated() {
                let binning = card.binnings.first { $0.feature == fp.feature }!
                let f = x.names.firstIndex(of: fp.feature)!
                let points = binning.bin(of: x[r, f]).map { fp.bins[$0].points } ?? fp.neutralPoints
                #expect(points == breakdown[j][r])
                total += points
            }
            #expect(abs(total - scores[r]) < 1e-9)
            #expect(abs(scores[r] - (card.offset - card.factor * logits[r])) < 1e-9)
        }
        // The model separates: higher scores default less.
        #expect(Metrics.rocAUC(labels: y, scores: scores.map { -$0 })! > 0.65)
    }

    @Test func pointsToDoubleOddsAndBaseOdds() throws {
        let (card, x, _) = try Self.creditCard()
        #expect(abs(card.factor - 20 / log(2.0)) < 1e-12)
        #expect(abs(card.offset - (600 - card.factor * log(50.0))) < 1e-12)
        let scores = try card.scores(x), p = try card.probabilities(x)
        let odds = p.map { (1 - $0) / $0 }  // good:bad
        // A difference of 20 points is a doubling of the odds, wherever it is measured.
        for (a, b) in [(0, 1), (5, 99), (17, 4000)] {
            #expect(abs((scores[a] - scores[b]) - 20 * log2(odds[a] / odds[b])) < 1e-8)
        }
        // 600 points are odds of 50:1, and 620 of 100:1.
        let at = { (score: Double) in 1 / (1 + exp(-(card.offset - score) / card.factor)) }
        #expect(abs((1 - at(600)) / at(600) - 50) < 1e-9)
        #expect(abs((1 - at(620)) / at(620) - 100) < 1e-9)
    }

    @Test func weakFeaturesAreLeftOutByInformationValue() throws {
        let (card, _, _) = try Self.creditCard()
        for binning in card.binnings {
            #expect(card.selectedFeatures.contains(binning.feature) == (binning.informationValue >= 0.02))
        }
        // x7, x8 carry no signal; x0 carries the most.
        #expect(!card.selectedFeatures.contains("x7") && !card.selectedFeatures.contains("x8"))
        #expect(card.binnings.max { $0.informationValue < $1.informationValue }!.feature == "x0")
        var p = ScorecardParameters()
        p.minInformationValue = nil
        #expect(try Self.creditCard(p).0.selectedFeatures.count == 12)
        p.minInformationValue = 100
        #expect(throws: ScorecardError.noFeatureSelected(threshold: 100)) { try Self.creditCard(p) }
    }

    @Test func survivesACodableRoundTrip() throws {
        let (card, x, _) = try Self.creditCard()
        let decoded = try JSONDecoder().decode(Scorecard.self, from: JSONEncoder().encode(card))
        #expect(try decoded.scores(x) == card.scores(x))
        #expect(decoded.binnings == card.binnings && decoded.points == card.points)
    }
}
