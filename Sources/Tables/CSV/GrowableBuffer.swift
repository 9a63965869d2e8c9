/// A manually managed, growable buffer of trivial values for the parser's hot loop.
///
/// Swift arrays check uniqueness on every append; the parser appends hundreds of
/// millions of values, so builders own raw memory and hand it over to arrays at the end.
/// The owner must call `free()` exactly once.
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: capacity * 2) }
        base[count] = value
        count += 1
    }

    mutating func grow(to newCapacity: Int) {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    mutating func truncate(to newCount: Int) { count = min(count, newCount) }

    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    func toArray() -> [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func free() { base.deallocate() }
}
