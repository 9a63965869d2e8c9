import Tables

extension Column {
    /// Where the column's values live and how many there are: the same for two columns only
    /// when they share one buffer. Caches keyed by it hold the column too, so that the buffer
    /// cannot be freed and its address reused by another column while an entry exists.
    struct Identity: Hashable {
        let address: UInt
        let count: Int
    }

    var identity: Identity {
        func of<T>(_ values: [T]) -> Identity {
            Identity(address: values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }, count: values.count)
        }
        switch storage {
        case .double(let v): return of(v)
        case .int(let v): return of(v)
        case .int32(let v): return of(v)
        case .int8(let v): return of(v)
        case .bool(let v): return of(v)
        case .category(let codes, _): return of(codes)
        }
    }
}
