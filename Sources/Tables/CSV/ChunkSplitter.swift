import Dispatch
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Cuts a CSV body into byte ranges that each start at a row boundary.
///
/// A newline inside a quoted field is no row boundary, so a cut point must lie where
/// an even number of quotes precedes it. Quotes are counted per piece in parallel, then
/// each tentative cut moves forward to the next newline outside quotes.
enum ChunkSplitter {
    static func split(_ base: UnsafePointer<UInt8>, range: Range<Int>, pieces: Int) -> [Range<Int>] {
        guard pieces > 1, range.count > pieces * 64 else { return [range] }
        let step = range.count / pieces
        let cuts = (0...pieces).map { k in k == pieces ? range.upperBound : range.lowerBound + k * step }

        let quoteCounts = UnsafeMutableBufferPointer<Int>.allocate(capacity: pieces)
        defer { quoteCounts.deallocate() }
        let box = Box(counts: quoteCounts, base: base)
        DispatchQueue.concurrentPerform(iterations: pieces) { k in
            // memchr skips the long quote-free stretches at memory speed.
            var n = 0
            var p = UnsafeRawPointer(box.base + cuts[k])
            let end = UnsafeRawPointer(box.base + cuts[k + 1])
            while p < end, let hit = memchr(p, 0x22, end - p) {
                n += 1
                p = UnsafeRawPointer(hit) + 1
            }
            box.counts[k] = n
        }

        var boundaries = [range.lowerBound]
        var quotesBefore = 0
        for k in 1..<pieces {
            quotesBefore += quoteCounts[k - 1]
            var inQuotes = quotesBefore % 2 == 1
            var p = cuts[k]
            while p < range.upperBound {
                let c = base[p]
                p += 1
                if c == 0x22 { inQuotes.toggle() } else if c == 0x0A && !inQuotes { break }
            }
            if p > boundaries.last! && p < range.upperBound { boundaries.append(p) }
        }
        boundaries.append(range.upperBound)
        return zip(boundaries, boundaries.dropFirst()).map { $0..<$1 }
    }

    /// Safe to share: each iteration writes only its own count and reads immutable input.
    private struct Box: @unchecked Sendable {
        let counts: UnsafeMutableBufferPointer<Int>
        let base: UnsafePointer<UInt8>
    }
}
