import Foundation

/// What is decided about a client before anything is written: train or test, the latent factors
/// of the hidden default mechanism (see RiskModel.swift), and how many bureau credits and
/// previous applications the client has.
///
/// Plans come from their own random stream. The generator first makes the plans of every block
/// to count its bureau credits and previous applications, which gives each block its own range
/// of SK_ID_BUREAU and SK_ID_PREV; it later makes the same plans again while writing the block.
/// So blocks are written in parallel, yet every id is the same whatever the thread count.
struct ClientPlan {
    var isTrain: Bool
    /// Latent standard normals: position in the age distribution (older is higher).
    var age: Double
    /// General creditworthiness (higher is safer), seen by the three EXT_SOURCE scores.
    var quality: Double
    /// The parts of risk that only EXT_SOURCE_1, _2 and _3 see (higher is safer).
    var ownFactors: (Double, Double, Double)
    /// Settledness (higher is safer), seen through employment and document dates.
    var stability: Double
    /// Credit behaviour (higher is riskier), seen only in the child tables.
    var behaviour: Double
    var bureauCount: Int
    var previousCount: Int

    /// The share of clients in application_train (307,511 of 356,255).
    static let trainShare = 0.8632

    /// The plans of the clients of one block, in client order.
    static func plans(seed: UInt64, block: Int, count: Int) -> [ClientPlan] {
        var random = RandomSource(seed: seed, stream: 1, block: UInt64(block))
        return (0..<count).map { _ in ClientPlan(random: &random) }
    }

    private init(random: inout RandomSource) {
        isTrain = random.chance(Self.trainShare)
        age = random.normal()
        quality = random.normal()
        ownFactors = (random.normal(), random.normal(), random.normal())
        stability = random.normal()
        behaviour = random.normal()
        // 85.8% of clients have bureau credits, 5.61 on average when they have any;
        // 95.1% have previous applications, 4.93 on average. Clients with worse behaviour
        // apply a little more often.
        bureauCount = random.chance(0.858) ? 1 + random.negativeBinomial(mean: 4.61, shape: 1.6) : 0
        let previousMean = 3.93 * exp(0.08 * behaviour - 0.0032)
        previousCount = random.chance(0.951) ? 1 + random.negativeBinomial(mean: previousMean, shape: 1.3) : 0
    }
}
