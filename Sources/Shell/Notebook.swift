import Tables

/// A session written as a Markdown notebook: a header saying which data and tool produced it,
/// then each statement as a code cell with its output below in a text block.
///
/// Everything but the date line depends only on the statements and the data, so re-running a
/// script on the same data gives the same file byte for byte (tests check it).
struct Notebook {
    var title: String
    var dataDirectory: String?
    var tables: [(name: String, table: Table)]
    var toolVersion: String
    /// The one line allowed to differ between runs.
    var date: String

    func markdown(_ transcript: Transcript) -> String {
        var out = ["# \(title)", ""]
        out.append("- data: `\(dataDirectory ?? "none")`")
        out.append("- tool: credit-explorer \(toolVersion)")
        out.append("- date: \(date)")
        out.append("")
        if !tables.isEmpty {
            out.append("| table | rows | columns | fingerprint |")
            out.append("| --- | ---: | ---: | --- |")
            for (name, table) in tables {
                out.append("| \(name) | \(table.rowCount) | \(table.columnCount) | `\(table.fingerprint)` |")
            }
            out.append("")
        }
        for entry in transcript.entries where !entry.isMeta {
            if let note = entry.note, !note.isEmpty { out += [note, ""] }
            out += [Self.fence("cx", entry.statement), ""]
            if let destination = entry.destination {
                out += ["_Output written to `\(destination)`._", ""]
            } else if !entry.output.isEmpty {
                out += [Self.fence("text", entry.output), ""]
            }
        }
        return out.joined(separator: "\n")
    }

    /// A fenced block, its fence longer than any run of backticks inside.
    static func fence(_ language: String, _ body: String) -> String {
        var longest = 0, run = 0
        for ch in body {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let ticks = String(repeating: "`", count: max(3, longest + 1))
        return "\(ticks)\(language)\n\(body)\n\(ticks)"
    }
}
