import Dispatch
import Tables

/// `corr … with TARGET`: Pearson correlation of every numeric column with a target, on the
/// rows where both are present, ranked by strength.
public enum Correlation {
    public static func ranked(_ table: Table, with targetName: String) throws(TableError) -> Table {
        let target = try table.column(targetName)
        guard let y = target.doublesWithNaN() else {
            throw .typeMismatch(column: targetName, expected: "a numeric column to correlate with", found: target.type)
        }
        var candidates: [(name: String, column: Column)] = []
        for (name, column) in zip(table.names, table.columns) where name != targetName && column.type != .category && !name.hasPrefix("SK_ID_") {
            candidates.append((name, column))
        }
        // One column per task over both cores, each read straight from its storage.
        let results = UnsafeMutablePointer<(Double, Int)?>.allocate(capacity: candidates.count)
        results.initialize(repeating: nil, count: candidates.count)
        defer { results.deinitialize(count: candidates.count); results.deallocate() }
        let slots = Slots(base: results)
        let work = candidates.map(\.column)
        y.withUnsafeBufferPointer { yb in
            let target = TargetBuffer(y: yb)
            DispatchQueue.concurrentPerform(iterations: candidates.count) { k in
                slots.base[k] = pearson(work[k], target.y)
            }
        }
        var rows: [(name: String, r: Double, n: Int)] = []
        for k in candidates.indices {
            if let (r, n) = results[k] { rows.append((candidates[k].name, r, n)) }
        }
        rows.sort { abs($0.r) != abs($1.r) ? abs($0.r) > abs($1.r) : $0.name < $1.name }
        return try Table([
            ("column", Column(strings: rows.map(\.name))),
            ("r", Column(doubles: rows.map(\.r))),
            ("abs_r", Column(doubles: rows.map { abs($0.r) })),
            ("rows", Column(ints: rows.map { Int64($0.n) })),
        ])
    }

    /// Pearson's r of two equal-length columns (NaN = missing), over the rows where both are present.
    public static func pearsonR(_ x: [Double], _ y: [Double]) -> Double? { pearson(x, y)?.0 }

    /// r over the pairs where both values are present; nil if fewer than 3 pairs or no variance.
    static func pearson(_ x: [Double], _ y: [Double]) -> (Double, Int)? {
        var n = 0
        var mx = 0.0, my = 0.0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN { n += 1; mx += x[i]; my += y[i] }
        guard n >= 3 else { return nil }
        mx /= Double(n); my /= Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0 && syy > 0 else { return nil }
        return (sxy / (sxx * syy).squareRoot(), n)
    }

    /// `pearson(x, y)` for a column read in place: the same two passes, the same order of
    /// additions, so the same bits, without a converted copy of the column.
    static func pearson(_ column: Column, _ y: UnsafeBufferPointer<Double>) -> (Double, Int)? {
        let validity = column.validity
        switch column.storage {
        case .int(let v): return v.withUnsafeBufferPointer { b in pearson(b.count, y, validity) { Double(b[$0]) } }
        case .int32(let v): return v.withUnsafeBufferPointer { b in pearson(b.count, y, validity) { Double(b[$0]) } }
        case .int8(let v): return v.withUnsafeBufferPointer { b in pearson(b.count, y, validity) { Double(b[$0]) } }
        case .double(let v): return v.withUnsafeBufferPointer { b in pearson(b.count, y, validity) { b[$0] } }
        case .bool(let v): return v.withUnsafeBufferPointer { b in pearson(b.count, y, validity) { b[$0] ? 1 : 0 } }
        case .category: return nil
        }
    }

    @inline(__always)
    private static func pearson(_ count: Int, _ y: UnsafeBufferPointer<Double>, _ validity: Bitmap?, _ x: (Int) -> Double) -> (Double, Int)? {
        guard let validity else { return pearsonOverWords(count, y, nil, x) }
        return validity.words.withUnsafeBufferPointer { words in pearsonOverWords(count, y, words.baseAddress, x) }
    }

    @inline(__always)
    private static func pearsonOverWords(_ count: Int, _ y: UnsafeBufferPointer<Double>, _ words: UnsafePointer<UInt64>?, _ x: (Int) -> Double) -> (Double, Int)? {
        var n = 0
        var mx = 0.0, my = 0.0
        // Missing x reads as NaN, as in `doublesWithNaN`; the validity words are read in
        // place (the Bitmap subscript is not inlined across modules).
        @inline(__always) func xs(_ i: Int) -> Double {
            if let words, words[i >> 6] & (1 << UInt64(i & 63)) == 0 { return .nan }
            return x(i)
        }
        for i in 0..<count {
            let a = xs(i), b = y[i]
            if a.isNaN || b.isNaN { continue }
            n += 1; mx += a; my += b
        }
        guard n >= 3 else { return nil }
        mx /= Double(n); my /= Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<count {
            let a = xs(i), b = y[i]
            if a.isNaN || b.isNaN { continue }
            let dx = a - mx, dy = b - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0 && syy > 0 else { return nil }
        return (sxy / (sxx * syy).squareRoot(), n)
    }
}

/// Workers write disjoint slots of a buffer that outlives `concurrentPerform`.
private struct Slots: @unchecked Sendable {
    let base: UnsafeMutablePointer<(Double, Int)?>
}

/// The target read by every worker; read-only while they run, alive for the whole call.
private struct TargetBuffer: @unchecked Sendable {
    let y: UnsafeBufferPointer<Double>
}
