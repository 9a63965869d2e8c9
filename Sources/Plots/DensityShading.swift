/// How the number of points in a cell maps to four shades (░▒▓█, or `.` `:` `*` `#`).
///
/// Counts up to `unshaded` are left alone (Unicode keeps their Braille dots); the counts above
/// are cut into four levels growing geometrically up to the densest cell, so that a few very
/// dense cells do not wash out the rest.
struct DensityShading {
    let unshaded: Int
    /// The largest count of each level 1…4, strictly increasing, reaching the densest cell.
    let bounds: [Int]

    init(densest: Int, unshaded: Int) {
        self.unshaded = unshaded
        let base = Double(max(unshaded, 1))
        var bounds: [Int] = []
        for k in 1...4 {
            let geometric = Int((base * Math.pow(Double(max(densest, 1)) / base, Double(k) / 4)).rounded(.down))
            bounds.append(max(geometric, (bounds.last ?? unshaded) + 1))
        }
        self.bounds = bounds
    }

    /// 0 for a count left unshaded, else its level 1…4.
    func level(_ count: Int) -> Int {
        guard count > unshaded else { return 0 }
        return (bounds.firstIndex { count <= $0 } ?? 3) + 1
    }

    /// The levels the densest cell needs, with the counts each covers.
    func levels(upTo densest: Int) -> [(level: Int, from: Int, to: Int)] {
        var levels: [(level: Int, from: Int, to: Int)] = []
        var from = unshaded + 1
        for (index, bound) in bounds.enumerated() where from <= densest {
            levels.append((index + 1, from, bound))
            from = bound + 1
        }
        return levels
    }
}
