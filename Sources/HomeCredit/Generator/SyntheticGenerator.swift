import Dispatch
import Foundation

/// A deterministic generator of a synthetic Home Credit data set: the eight real files, with
/// their exact columns, labels and number formats, realistic distributions and missing values,
/// and a hidden default mechanism (see RiskModel.swift) part of whose signal lives only in the
/// child tables.
///
///     let report = try SyntheticGenerator(clients: 356_255, seed: 42).write(to: "datasets/generated")
///     print(report)
///
/// The same `clients` and `seed` always give byte-identical files, whatever the number of
/// threads (on one platform: draws go through libm's `log`, `exp` and `erfc`, whose last bits
/// may differ between C libraries). With the real data set's 356,255 clients the files hold
/// about as many rows as the real ones (bureau 1.7M, bureau_balance 28M, previous 1.67M,
/// POS 10M, installments 13.2M, credit card 4.0M: 2.7 GB). Lines end with LF; the real files
/// end them with CRLF.
public struct SyntheticGenerator: Sendable {
    /// Total clients: about 86% go to application_train, the rest to application_test.
    public let clients: Int
    public let seed: UInt64

    public init(clients: Int, seed: UInt64) {
        self.clients = clients
        self.seed = seed
    }

    /// Writes the eight files into `directory` (created if needed). Each file is written under a
    /// temporary name in the same directory and renamed at the end, so a failure never leaves a
    /// half-written file.
    public func write(to directory: String) throws -> GeneratorReport {
        guard clients >= 1 else { throw GeneratorError.invalidClientCount(clients) }
        let began = ContinuousClock.now
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), !isFolder.boolValue {
            throw GeneratorError.notAFolder(directory)
        }
        try Self.checkRoom(clients: clients, directory: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        OutputFile.sweepStaleTemporaries(in: directory)

        let starts = blockStarts()
        var files: [OutputFile] = []
        do {
            for file in HomeCreditFile.allCases {
                var output = try OutputFile(path: directory + "/" + file.fileName)
                var header = CSVLineWriter(capacity: 4_096)
                header.header(for: file)
                try output.write(header.copyBytes())
                files.append(output)
            }
            var rows = [Int](repeating: 0, count: files.count)
            try generateBlocks(starts) { block in
                for k in files.indices {
                    try files[k].write(block.fragments[k])
                    rows[k] += block.rows[k]
                }
            }
            // The new set's manifest first, then the files: a run killed between two renames
            // leaves a set the loader refuses, never a silent mix (see SetManifest).
            var sizes: [String: Int] = [:]
            for (k, file) in HomeCreditFile.allCases.enumerated() { sizes[file.fileName] = files[k].bytesWritten }
            let manifest = SetManifest(sizes: sizes)
            try Data(manifest.text.utf8).write(to: URL(fileURLWithPath: directory + "/" + SetManifest.fileName), options: .atomic)
            for k in files.indices { try files[k].commit() }

            let summaries = HomeCreditFile.allCases.enumerated().map { k, file in
                GeneratorReport.FileSummary(file: file, rows: rows[k], bytes: files[k].bytesWritten)
            }
            let elapsed = (ContinuousClock.now - began).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
            return GeneratorReport(files: summaries, seconds: seconds)
        } catch {
            for k in files.indices { files[k].discard() }
            throw error
        }
    }

    /// CSV bytes per client of the real set (2,777 MB for 356,255 clients), and the memory the
    /// plan of blocks takes per client, for the checks before writing.
    static let bytesPerClient = 7_800
    static let planBytesPerClient = 1

    /// Refuses, with the figures, a set larger than the free disk or the plan larger than
    /// the memory: better than filling the disk, or aborting on an allocation.
    static func checkRoom(clients: Int, directory: String) throws {
        let (needed, overflow) = clients.multipliedReportingOverflow(by: bytesPerClient)
        // The folder may not exist yet: its nearest existing ancestor holds the disk.
        var existing = URL(fileURLWithPath: directory)
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" { existing.deleteLastPathComponent() }
        var disk = statvfs()
        if statvfs(existing.path, &disk) == 0 {
            let free = Double(disk.f_bavail) * Double(disk.f_frsize)
            if overflow || Double(needed) > free * 0.95 {
                throw GeneratorError.noRoom(clients: clients, needed: overflow ? Double.infinity : Double(needed), free: free, what: "disk space in \(directory)")
            }
        }
        let memory = Double(ProcessInfo.processInfo.physicalMemory)
        if Double(clients) * Double(planBytesPerClient) > memory / 2 {
            throw GeneratorError.noRoom(clients: clients, needed: Double(clients) * Double(planBytesPerClient), free: memory, what: "memory")
        }
    }

    /// Splits the clients into blocks and gives each block its first bureau and previous id,
    /// from the child counts of the blocks before it (counted in parallel).
    private func blockStarts() -> [BlockGenerator.Start] {
        let size = BlockGenerator.clientsPerBlock
        let blockCount = (clients + size - 1) / size
        let seed = self.seed
        let clients = self.clients
        let counts = ParallelSlots<(bureau: Int, previous: Int)>(count: blockCount)
        DispatchQueue.concurrentPerform(iterations: blockCount) { block in
            let n = min(size, clients - block * size)
            counts.store(BlockGenerator.childCounts(seed: seed, block: block, clients: n), at: block)
        }
        // Bureau ids from 5,000,000 and previous-application ids from 1,000,000, as in the real data.
        var bureauID = 5_000_000
        var previousID = 1_000_000
        var starts: [BlockGenerator.Start] = []
        for (block, count) in counts.values().enumerated() {
            starts.append(BlockGenerator.Start(
                block: block, firstClient: block * size, clients: min(size, clients - block * size),
                firstBureauID: bureauID, firstPreviousID: previousID))
            bureauID += count.bureau
            previousID += count.previous
        }
        return starts
    }

    /// Generates the blocks in parallel, a wave at a time, and hands them to `consume` in block
    /// order. Waves bound the memory to a few dozen blocks (a few hundred MB) at any moment.
    private func generateBlocks(_ starts: [BlockGenerator.Start], consume: (BlockGenerator.Output) throws -> Void) throws {
        let wave = max(8, 4 * ProcessInfo.processInfo.activeProcessorCount)
        let seed = self.seed
        var first = 0
        while first < starts.count {
            let batch = Array(starts[first..<min(first + wave, starts.count)])
            let outputs = ParallelSlots<BlockGenerator.Output>(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { i in
                outputs.store(BlockGenerator.generate(seed: seed, start: batch[i]), at: i)
            }
            for output in outputs.values() { try consume(output) }
            first += batch.count
        }
    }
}

/// Result slots that parallel iterations fill, one slot per iteration.
///
/// It is `@unchecked Sendable` because `concurrentPerform` iterations write through one shared
/// buffer: safe here, since every iteration writes a different index and the values are read
/// only after `concurrentPerform` has returned.
private final class ParallelSlots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func store(_ value: Value, at index: Int) { buffer[index] = value }

    /// The stored values, in index order.
    func values() -> [Value] { buffer.map { $0! } }
}
