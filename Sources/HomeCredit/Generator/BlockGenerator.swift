/// Generates one block of consecutive clients into eight in-memory CSV fragments, one per file.
///
/// A block is the unit of parallel work and of randomness: its random streams are derived from
/// (seed, block index) alone, and its first SK_ID_BUREAU and SK_ID_PREV are given by the caller
/// (from the counts of the blocks before it), so its bytes never depend on the thread count.
/// Every child row is generated right after its client, from the same stream, so each bureau,
/// previous-application and monthly row refers to a client and loan that exist.
enum BlockGenerator {
    /// The clients of a block (the last block of a run may be smaller).
    static let clientsPerBlock = 1_000

    /// The first SK_ID_CURR; client `i` of the run gets `firstClientID + i`.
    static let firstClientID = 100_002

    /// Where each block starts.
    struct Start: Sendable {
        var block: Int
        var firstClient: Int
        var clients: Int
        var firstBureauID: Int
        var firstPreviousID: Int
    }

    /// The generated text of one block: one fragment per file, in `HomeCreditFile.allCases` order.
    struct Output: Sendable {
        var fragments: [[UInt8]]
        var rows: [Int]
    }

    /// Bureau credits and previous applications of a block, to assign id ranges before writing.
    static func childCounts(seed: UInt64, block: Int, clients: Int) -> (bureau: Int, previous: Int) {
        let plans = ClientPlan.plans(seed: seed, block: block, count: clients)
        return (plans.reduce(0) { $0 + $1.bureauCount }, plans.reduce(0) { $0 + $1.previousCount })
    }

    static func generate(seed: UInt64, start: Start) -> Output {
        let plans = ClientPlan.plans(seed: seed, block: start.block, count: start.clients)
        var random = RandomSource(seed: seed, stream: 2, block: UInt64(start.block))
        let n = start.clients
        // Capacities from the bytes per client of the real files, to avoid regrowing.
        var train = CSVLineWriter(capacity: n * 560)
        var test = CSVLineWriter(capacity: n * 100)
        var bureau = CSVLineWriter(capacity: n * 560)
        var balance = CSVLineWriter(capacity: n * 1_200)
        var previous = PreviousApplicationWriter.Outputs(
            previous: CSVLineWriter(capacity: n * 1_300),
            pos: CSVLineWriter(capacity: n * 1_200),
            installments: CSVLineWriter(capacity: n * 2_200),
            card: CSVLineWriter(capacity: n * 1_300))

        var bureauID = start.firstBureauID
        var previousID = start.firstPreviousID
        for (i, plan) in plans.enumerated() {
            let client = ClientProfile(id: firstClientID + start.firstClient + i, plan: plan, random: &random)
            if plan.isTrain {
                ApplicationWriter.write(client, to: &train, random: &random)
            } else {
                ApplicationWriter.write(client, to: &test, random: &random)
            }
            BureauWriter.write(client, firstID: bureauID, count: plan.bureauCount, bureau: &bureau, balance: &balance, random: &random)
            bureauID += plan.bureauCount
            PreviousApplicationWriter.write(client, firstID: previousID, count: plan.previousCount, to: &previous, random: &random)
            previousID += plan.previousCount
        }

        // In HomeCreditFile.allCases order.
        return Output(
            fragments: [
                train.copyBytes(), test.copyBytes(), bureau.copyBytes(), balance.copyBytes(),
                previous.previous.copyBytes(), previous.pos.copyBytes(), previous.installments.copyBytes(),
                previous.card.copyBytes(),
            ],
            rows: [
                train.rows, test.rows, bureau.rows, balance.rows,
                previous.previous.rows, previous.pos.rows, previous.installments.rows, previous.card.rows,
            ])
    }
}
