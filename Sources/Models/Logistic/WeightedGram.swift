import Tables
/// Xᵀ·diag(w)·X for a design with an implicit leading column of ones: the Hessian of the
/// logistic log-loss, where nearly all of Newton's time goes (n·d²/2 multiply-adds).
///
/// A plain loop per entry streams two whole columns from memory for each of the d²/2
/// entries and sums them one after another, which cannot use vector units. Here rows are
/// cut into tiles small enough that every column of a tile stays in the core's cache, each
/// entry's share of a tile is summed in vector lanes, and tiles are grouped into a fixed
/// number of chunks summed in order. The partition never depends on the thread count, so
/// the result is the same, bit for bit, on one core or two.
enum WeightedGram {
    /// Rows per tile: a tile of 200 columns (both copies) is 400 KB, inside a 1 MB L2.
    static let tileRows = 128
    /// Chunks of tiles whose partial sums are added in order (more than any thread count).
    static let chunkCount = 16

    /// The full symmetric d×d matrix, row-major, d = `columns.count + 1`.
    static func compute(columns: [[Double]], weights: [Double], threads: Int) -> [Double] {
        let n = weights.count, d = columns.count + 1
        let tiles = (n + tileRows - 1) / tileRows
        let partials = RawBuffer<Double>(count: chunkCount * d * d, repeating: 0)
        let shared = partials.shared
        Parallel.forEach(chunkCount, threads: threads) { chunk in
            let first = chunk * tiles / chunkCount, last = (chunk + 1) * tiles / chunkCount
            guard first < last else { return }
            let tile = Tile(size: d)
            defer { tile.deallocate() }
            let out = shared.base + chunk * d * d
            for t in first..<last {
                let start = t * tileRows
                tile.load(columns: columns, weights: weights, rows: start..<min(n, start + tileRows))
                tile.accumulate(into: out)
            }
        }
        var gram = [Double](repeating: 0, count: d * d)
        for chunk in 0..<chunkCount {
            let part = partials.base + chunk * d * d
            for j in 0..<d {
                for k in j..<d { gram[j * d + k] += part[j * d + k] }
            }
        }
        for j in 0..<d {
            for k in 0..<j { gram[j * d + k] = gram[k * d + j] }
        }
        return gram
    }

    /// One tile of rows, column by column: `x` holds the design (ones first), `wx` the same
    /// times the weights. Rows past the end of the data stay zero in both, so every sum
    /// runs over the whole tile.
    private struct Tile {
        let size: Int
        let x: UnsafeMutablePointer<Double>
        let wx: UnsafeMutablePointer<Double>

        init(size: Int) {
            self.size = size
            let bytes = size * WeightedGram.tileRows * MemoryLayout<Double>.stride
            x = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
                .bindMemory(to: Double.self, capacity: bytes / 8)
            wx = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
                .bindMemory(to: Double.self, capacity: bytes / 8)
        }

        func deallocate() {
            UnsafeMutableRawPointer(x).deallocate()
            UnsafeMutableRawPointer(wx).deallocate()
        }

        func load(columns: [[Double]], weights: [Double], rows: Range<Int>) {
            let width = WeightedGram.tileRows, used = rows.count
            x.update(repeating: 0, count: size * width)
            wx.update(repeating: 0, count: size * width)
            for i in 0..<used {
                x[i] = 1
                wx[i] = weights[rows.lowerBound + i]
            }
            for (c, column) in columns.enumerated() {
                let xc = x + (c + 1) * width, wxc = wx + (c + 1) * width
                column.withUnsafeBufferPointer { values in
                    for i in 0..<used {
                        let v = values[rows.lowerBound + i]
                        xc[i] = v
                        wxc[i] = v * wx[i]
                    }
                }
            }
        }

        /// Adds this tile's share of every upper-triangle entry (j ≤ k) to `out`.
        func accumulate(into out: UnsafeMutablePointer<Double>) {
            let width = WeightedGram.tileRows
            for j in 0..<size {
                let a = UnsafeRawPointer(wx + j * width)
                var k = j
                // Four entries at a time: each load of row j's weighted values feeds four sums.
                while k + 4 <= size {
                    let b0 = UnsafeRawPointer(x + k * width), b1 = b0 + width * 8
                    let b2 = b1 + width * 8, b3 = b2 + width * 8
                    var s0 = SIMD4<Double>(), s1 = s0, s2 = s0, s3 = s0
                    var offset = 0
                    while offset < width * 8 {
                        let w = a.load(fromByteOffset: offset, as: SIMD4<Double>.self)
                        s0 += w * b0.load(fromByteOffset: offset, as: SIMD4<Double>.self)
                        s1 += w * b1.load(fromByteOffset: offset, as: SIMD4<Double>.self)
                        s2 += w * b2.load(fromByteOffset: offset, as: SIMD4<Double>.self)
                        s3 += w * b3.load(fromByteOffset: offset, as: SIMD4<Double>.self)
                        offset += 32
                    }
                    out[j * size + k] += s0.sum()
                    out[j * size + k + 1] += s1.sum()
                    out[j * size + k + 2] += s2.sum()
                    out[j * size + k + 3] += s3.sum()
                    k += 4
                }
                while k < size {
                    let b = UnsafeRawPointer(x + k * width)
                    var s0 = SIMD4<Double>(), s1 = s0
                    var offset = 0
                    while offset < width * 8 {
                        s0 += a.load(fromByteOffset: offset, as: SIMD4<Double>.self)
                            * b.load(fromByteOffset: offset, as: SIMD4<Double>.self)
                        s1 += a.load(fromByteOffset: offset + 32, as: SIMD4<Double>.self)
                            * b.load(fromByteOffset: offset + 32, as: SIMD4<Double>.self)
                        offset += 64
                    }
                    out[j * size + k] += (s0 + s1).sum()
                    k += 1
                }
            }
        }
    }
}
