import Testing
@testable import Models

/// Same inputs and seed → the same model, bit for bit, whatever the number of threads.
@Suite struct DeterminismTests {
    static func train(threads: Int, seed: UInt64 = 42) throws -> (GBDTModel, [Double]) {
        let (columns, labels) = SyntheticData.creditLike(rows: 6000, features: 15, seed: 8)
        let x = FeatureMatrix(columns: columns, names: SyntheticData.names(15))
        var p = GBDTParameters()
        p.iterations = 15
        p.numLeaves = 15
        p.learningRate = 0.1
        p.baggingFraction = 0.7
        p.baggingFreq = 1
        p.featureFraction = 0.7
        p.lambdaL1 = 0.1
        p.seed = seed
        p.threads = threads
        p.binSampleSize = 4000  // exercise the bin sample too
        p.histogramChunkRows = 700  // several chunks per leaf: partial histograms are merged
        let model = try GBDTModel.train(x, labels: labels, parameters: p)
        return (model, try model.rawScores(x))
    }

    @Test func identicalForOneTwoAndThreeThreads() throws {
        let (one, scoresOne) = try Self.train(threads: 1)
        for threads in [2, 3] {
            let (many, scoresMany) = try Self.train(threads: threads)
            #expect(many.trees == one.trees)
            #expect(many.bins == one.bins)
            #expect(scoresMany == scoresOne)  // exact equality of every double
        }
    }

    @Test func sameSeedSameModelOtherSeedOtherModel() throws {
        let (a, scoresA) = try Self.train(threads: 2)
        let (b, scoresB) = try Self.train(threads: 2)
        #expect(a.trees == b.trees && scoresA == scoresB)
        let (c, _) = try Self.train(threads: 2, seed: 43)
        #expect(c.trees != a.trees)
    }

    @Test func predictingARowAloneGivesTheSameBits() throws {
        let (columns, _) = SyntheticData.creditLike(rows: 6000, features: 15, seed: 8)
        let (model, scores) = try Self.train(threads: 2)
        for r in stride(from: 0, to: 6000, by: 97) {
            #expect(model.rawScore(row: columns.map { $0[r] }) == scores[r])
        }
    }
}
