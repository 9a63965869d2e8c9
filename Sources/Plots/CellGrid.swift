/// A rectangle of character cells, each with an optional style: every kind draws its plot,
/// labels and axes into one, and only then turns it into lines.
///
/// Writes outside the rectangle are ignored, so nothing drawn can make a line too long.
struct CellGrid {
    struct Cell: Equatable {
        var character: Character = " "
        var style: Style?
    }

    let columns: Int
    let rows: Int
    private var cells: [Cell]

    init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        cells = Array(repeating: Cell(), count: self.columns * self.rows)
    }

    subscript(row: Int, column: Int) -> Cell {
        get { contains(row, column) ? cells[row * columns + column] : Cell() }
        set { if contains(row, column) { cells[row * columns + column] = newValue } }
    }

    func contains(_ row: Int, _ column: Int) -> Bool {
        row >= 0 && row < rows && column >= 0 && column < columns
    }

    /// Puts one character.
    mutating func put(_ character: Character, row: Int, column: Int, style: Style? = nil) {
        self[row, column] = Cell(character: character, style: style)
    }

    /// Writes `text` from `column` on, one cell per Unicode scalar, cut at the right edge.
    mutating func write(_ text: String, row: Int, column: Int, style: Style? = nil) {
        var at = column
        for scalar in TextCells.clean(text).unicodeScalars {
            put(Character(scalar), row: row, column: at, style: style)
            at += 1
        }
    }

    /// The rows as text, trailing blanks trimmed; with `color`, styled runs are wrapped in
    /// escapes (and a reset), otherwise styles are ignored.
    func lines(color: Bool) -> [String] {
        (0..<rows).map { row in
            var end = columns
            while end > 0 {
                let cell = self[row, end - 1]
                guard cell.character == " ", !(color && cell.style?.background != nil) else { break }
                end -= 1
            }
            var line = ""
            var current: Style?
            for column in 0..<end {
                let cell = self[row, column]
                if color, cell.style != current {
                    if current != nil { line += Style.reset }
                    if let style = cell.style { line += style.escape }
                    current = cell.style
                }
                line.append(cell.character)
            }
            if color, current != nil { line += Style.reset }
            return line
        }
    }
}
