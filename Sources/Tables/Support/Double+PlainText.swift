extension Double {
    /// The number as a user would type it: whole numbers without `.0` (`608000`, `-22032`),
    /// others with every digit (`0.05`), for option values, labels and records.
    public var plainText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
