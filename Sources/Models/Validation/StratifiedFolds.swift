/// An assignment of every row to one of `k` folds, stratified by label: each fold holds
/// the same number of defaulters and of non-defaulters to within one row, so every fold's
/// default rate is the book's and fold metrics are comparable.
///
/// Rows of each class are shuffled with the seed and dealt to folds in turn; non-defaulters
/// continue the deal where defaulters stopped, so fold sizes also differ by at most one.
///
///     let folds = try StratifiedFolds(labels: y, k: 5, seed: 42)
///     let (train, valid) = (folds.trainRows(0), folds.validRows(0))
public struct StratifiedFolds: Sendable, Equatable, Codable {
    public let k: Int
    public let seed: UInt64
    /// `fold[row]`: the fold in `0..<k` in which the row is held out.
    public let fold: [Int]

    public init(labels: [Bool], k: Int = 5, seed: UInt64 = 0) throws(ValidationError) {
        guard k >= 2 else { throw .invalidParameter(name: "k", reason: "must be at least 2") }
        var positives: [Int] = [], negatives: [Int] = []
        for (row, y) in labels.enumerated() {
            if y { positives.append(row) } else { negatives.append(row) }
        }
        if positives.count < k { throw .tooFewInClass(positive: true, count: positives.count, folds: k) }
        if negatives.count < k { throw .tooFewInClass(positive: false, count: negatives.count, folds: k) }
        var rng = SeededGenerator(seed: seed, stream: RandomStream.folds)
        var fold = [Int](repeating: 0, count: labels.count)
        var next = 0
        for rows in [positives, negatives] {
            for row in rng.shuffled(rows) {
                fold[row] = next
                next = next + 1 == k ? 0 : next + 1
            }
        }
        self.k = k
        self.seed = seed
        self.fold = fold
    }

    public var rowCount: Int { fold.count }

    /// Rows held out in fold `f`, ascending.
    public func validRows(_ f: Int) -> [Int] { fold.indices.filter { fold[$0] == f } }

    /// Rows trained on when fold `f` is held out, ascending.
    public func trainRows(_ f: Int) -> [Int] { fold.indices.filter { fold[$0] != f } }
}

extension SeededGenerator {
    /// A seeded Fisher–Yates shuffle that draws only through `next(below:)`, so the order
    /// does not depend on the standard library's shuffling algorithm.
    mutating func shuffled(_ values: [Int]) -> [Int] {
        var out = values
        var i = out.count
        while i > 1 {
            out.swapAt(i - 1, next(below: i))
            i -= 1
        }
        return out
    }
}
