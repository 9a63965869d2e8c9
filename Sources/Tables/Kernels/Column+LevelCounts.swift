extension Column {
    /// Present rows per level of a categorical column, in level-code order (empty for any
    /// other column): one pass over the codes, no text per row.
    public func levelCounts() -> [Int] {
        guard case .category(let codes, let levels) = storage else { return [] }
        var counts = [Int](repeating: 0, count: levels.count)
        codes.withUnsafeBufferPointer { buffer in
            if validity == nil {
                for code in buffer { counts[Int(code)] += 1 }
            } else {
                for i in 0..<buffer.count where !isMissing(i) { counts[Int(buffer[i])] += 1 }
            }
        }
        return counts
    }
}
