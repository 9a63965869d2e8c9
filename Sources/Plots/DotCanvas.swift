/// A plot area in dots: Braille's 2×4 dots per cell in Unicode, one dot per cell in ASCII.
///
/// Points and lines are drawn in dot coordinates (x to the right, y down from the top), and the
/// canvas remembers per cell which dots are set, how many points fell in it (for density
/// shading), which series drew it last (for its colour or ASCII marker) and whether several did.
struct DotCanvas {
    let columns: Int
    let rows: Int
    /// Dots per cell across and down: 2 and 4 for Braille, 1 and 1 for ASCII.
    let across: Int
    let down: Int

    private var bits: [UInt8]
    private(set) var counts: [Int]
    private var owners: [Int]
    private var masks: [UInt64]

    /// The bit of each dot in a Braille cell, by dot row (0–3) and dot column (0–1): the left
    /// column is 0x01 0x02 0x04 0x40 from the top, the right 0x08 0x10 0x20 0x80.
    static let brailleBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    init(columns: Int, rows: Int, braille: Bool) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        across = braille ? 2 : 1
        down = braille ? 4 : 1
        bits = Array(repeating: 0, count: self.columns * self.rows)
        counts = Array(repeating: 0, count: self.columns * self.rows)
        owners = Array(repeating: -1, count: self.columns * self.rows)
        masks = Array(repeating: 0, count: self.columns * self.rows)
    }

    /// Dots across the whole canvas.
    var width: Int { columns * across }
    /// Dots down the whole canvas.
    var height: Int { rows * down }

    /// Sets the dot at (x, y) for `series`; dots outside are ignored. A `point` counts towards
    /// its cell's density; the dots of a line do not.
    mutating func set(x: Int, y: Int, series: Int, point: Bool = false) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let cell = (y / down) * columns + x / across
        bits[cell] |= across == 2 ? DotCanvas.brailleBits[y % 4][x % 2] : 1
        owners[cell] = series
        masks[cell] |= 1 << UInt64(min(max(series, 0), 63))
        if point { counts[cell] += 1 }
    }

    /// A straight line of dots from one point to another (Bresenham's algorithm).
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), series: Int) {
        var (x, y) = start
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            set(x: x, y: y, series: series)
            if x == end.x && y == end.y { return }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// Whether any dot of the cell is set.
    func isSet(row: Int, column: Int) -> Bool { bits[row * columns + column] != 0 }

    /// The Braille character of a cell (U+2800 plus its dot bits).
    func braille(row: Int, column: Int) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(bits[row * columns + column]))!)
    }

    /// The points counted in a cell.
    func count(row: Int, column: Int) -> Int { counts[row * columns + column] }

    /// Whether more than one series drew in a cell.
    func isShared(row: Int, column: Int) -> Bool {
        let mask = masks[row * columns + column]
        return mask & (mask - 1) != 0
    }

    /// The series that last drew in a cell, or nil.
    func owner(row: Int, column: Int) -> Int? {
        let owner = owners[row * columns + column]
        return owner >= 0 ? owner : nil
    }
}
