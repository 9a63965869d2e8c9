#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A manually managed, growable buffer of trivial values for the parser's hot loop.
///
/// Swift arrays check uniqueness on every append; the parser appends hundreds of
/// millions of values, so builders own raw memory and copy it into arrays at the end.
/// Large buffers are mapped pages rather than malloc blocks: glibc keeps freed blocks
/// below its self-raising mmap threshold in the heap, which would leave a file's worth
/// of parse buffers counted against the process; unmapped pages go back at once.
/// The owner must call `free()` exactly once.
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    /// Buffers from this size up are mapped pages.
    private static var mappedBytes: Int { 1 << 20 }

    init(capacity: Int = 1024) {
        self.capacity = max(16, capacity)
        base = Self.allocate(self.capacity)
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: capacity * 2) }
        base[count] = value
        count += 1
    }

    mutating func grow(to newCapacity: Int) {
        let bigger = Self.allocate(newCapacity)
        bigger.update(from: base, count: count)
        Self.deallocate(base, capacity)
        base = bigger
        capacity = newCapacity
    }

    mutating func truncate(to newCount: Int) { count = min(count, newCount) }

    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    func free() { Self.deallocate(base, capacity) }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        let bytes = capacity * MemoryLayout<Element>.stride
        guard bytes >= mappedBytes else { return .allocate(capacity: capacity) }
        guard let map = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), map != MAP_FAILED else {
            fatalError("out of memory allocating a parse buffer of \(bytes) bytes")
        }
        // Huge pages where the system allows them: a fault per 2 MiB instead of per 4 KiB.
        madvise(map, bytes, MADV_HUGEPAGE)
        return map.assumingMemoryBound(to: Element.self)
    }

    private static func deallocate(_ base: UnsafeMutablePointer<Element>, _ capacity: Int) {
        let bytes = capacity * MemoryLayout<Element>.stride
        if bytes >= mappedBytes { munmap(base, bytes) } else { base.deallocate() }
    }
}
