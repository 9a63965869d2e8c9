import Tables
/// A fixed-size, fixed-address buffer of plain values, freed with its owner.
///
/// The trainer's hot loops work on raw pointers (see the hot-loop rules in
/// `shared/notes/swift-on-this-machine.md`); an array's storage may move or be copied on
/// write, so buffers that kernels and worker threads point into are allocated here.
/// `@unchecked Sendable`: parallel users write disjoint ranges, as `SharedPointer` explains.
final class RawBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
    }

    init(_ values: [Element]) {
        count = values.count
        base = .allocate(capacity: max(1, count))
        values.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { base.initialize(from: from, count: count) }
        }
    }

    deinit { base.deallocate() }

    var shared: SharedPointer<Element> { SharedPointer(base) }
}
