extension Double {
    /// The double as an unsigned integer in the same order (NaN excluded): negative values
    /// flipped whole, others with the sign bit set. −0 sorts just below +0.
    var orderKey: UInt64 {
        let b = bitPattern
        return b >> 63 == 1 ? ~b : b | (1 << 63)
    }

    /// The double whose `orderKey` is `key`.
    init(orderKey key: UInt64) {
        self.init(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
    }
}
