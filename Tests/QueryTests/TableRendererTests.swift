import Testing
import Tables
@testable import Query

@Suite struct TableRendererTests {
    let table = try! Table([
        ("id", Column(ints: Array(1...30).map { Int64($0) })),
        ("amount", Column(doubles: Array(1...30).map { $0 == 3 ? nil : Double($0) * 1234.5 })),
        ("kind", Column(strings: Array(1...30).map { $0 % 2 == 0 ? "Cash loans" : "Revolving loans" })),
    ])

    @Test func showsTypesAlignsNumbersAndElidesTheMiddle() {
        let text = TableRenderer(width: 80, maxRows: 4).render(table)
        #expect(text == """
            id   amount    kind
            int  double    category
            ───  ────────  ───────────────
              1   1,234.5  Revolving loans
              2   2,469.0  Cash loans
              …         …  …
             29  35,800.5  Revolving loans
             30  37,035.0  Cash loans
            (4 of 30 rows, .maxrows 0 shows all)
            """)
    }

    /// Under `.charset ascii` cells are written in ASCII before widths are measured: the
    /// columns stay aligned when a sign becomes two characters.
    @Test func asciiCellsStayAligned() throws {
        let signs = try Table([
            ("band", Column(strings: ["≤ 0.5", "0.5 – 1", "> 1 — high"])),
            ("n", Column(ints: [1, 22, 333])),
        ])
        var renderer = TableRenderer(width: 80, maxRows: 0)
        renderer.ascii = true
        let text = renderer.render(signs)
        #expect(text == """
            band        n
            category    int
            ----------  ---
            <= 0.5        1
            0.5 - 1      22
            > 1 - high  333
            (3 rows)
            """)
        #expect(text.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test func asciiTextReplacesSignsButNotLetters() {
        #expect(ASCIIText.fallback("risk −0.3 → 0.2, 2 × 3 ≥ 5… — done") == "risk -0.3 -> 0.2, 2 x 3 >= 5... - done")
        #expect(ASCIIText.fallback("Écrit à la main") == "Écrit à la main")
        let plain = "already ASCII"
        #expect(ASCIIText.fallback(plain) == plain)
    }

    @Test func missingValuesAndAllRows() {
        let text = TableRenderer(width: 80, maxRows: 0).render(table)
        #expect(text.contains("  3        NA  Revolving loans"))
        #expect(text.hasSuffix("(30 rows)"))
    }

    @Test func narrowWidthSaysWhichColumnsAreShown() {
        let text = TableRenderer(width: 24, maxRows: 2).render(table)
        #expect(text.hasSuffix("(2 of 30 rows, .maxrows 0 shows all; 2 of 3 columns shown, hidden: amount; select columns to see the others)"))
        for line in text.split(separator: "\n").dropLast() { #expect(line.count <= 24) }
        // The newest column (the last) is kept: `id … kind`.
        #expect(text.hasPrefix("id   …  kind"))
    }

    @Test func theFirstAndTheNewestColumnsStayVisible() {
        #expect(TableRenderer.visibleColumns(widths: [10, 10, 10], width: 80) == [0, 1, 2])
        // 30 columns of 8 in 80 characters: the first ones, then the last three.
        let shown = TableRenderer.visibleColumns(widths: Array(repeating: 8, count: 30), width: 80)
        #expect(shown.suffix(3) == [27, 28, 29])
        #expect(shown.prefix(3) == [0, 1, 2])
        #expect(shown.count * 10 - 2 + 3 <= 80)
    }

    @Test func decimalsFollowTheValues() {
        #expect(TableRenderer.decimals(for: [1, 2, 3]) == 0)
        #expect(TableRenderer.decimals(for: [0.5, 0.25]) == 2)
        #expect(TableRenderer.decimals(for: [0.018801, 0.1]) == 4)
        #expect(TableRenderer.decimals(for: [406597.5, 1.125]) == 2)
    }

    /// Found by the query fuzzer: formatting 1e30 with separators trapped.
    @Test func hugeAndTinyNumbersRender() throws {
        let t = try Table([("x", Column(doubles: [1e30, -1e300, 1e-9, nil]))])
        let text = TableRenderer(width: 80, maxRows: 0).render(t)
        #expect(text.contains("1e+30") && text.contains("-1e+300"))
    }

    /// A coefficient per unit of currency is not shown as 0.0000.
    @Test func valuesTooSmallForTheDecimalsAreScientific() throws {
        let t = try Table([("coef", Column(doubles: [7.4404, 2.3149e-7, -0.000012345, 0, 0.00004999, 9.996e-5]))])
        let lines = TableRenderer(width: 80, maxRows: 0).render(t).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(Array(lines[3...8]) == ["7.4404", "2.31e-07", "-1.23e-05", "0.0000", "5.00e-05", "0.0001"])
        #expect(TableRenderer.scientific(9.999e-8) == "1.00e-07")
        #expect(TableRenderer.scientific(-3e-120) == "-3.00e-120")
    }
}
