extension KeyedDecodingContainer {
    /// The value under `key`, or `fallback` when a file written before the key existed lacks
    /// it: how settings added over time stay readable in older model files.
    func decode<T: Decodable>(_ key: Key, or fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}
