import HomeCredit
import Query
import Tables

/// The exploration commands: describe, tab, corr and client.
extension Session {
    /// Splits `command … if condition` at the first ` if ` outside quotes: the statement
    /// without the condition, and the condition with its offset in the statement.
    static func splitCondition(_ statement: String) -> (String, (text: String, offset: Int))? {
        let chars = Array(statement)
        var quote: Character?
        for i in chars.indices where i + 4 <= chars.count {
            let ch = chars[i]
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch.isWhitespace, chars[i + 1] == "i", chars[i + 2] == "f", chars[i + 3].isWhitespace {
                var start = i + 4
                while start < chars.count, chars[start].isWhitespace { start += 1 }
                let condition = String(chars[start...]).trimmingCharacters(in: .whitespaces)
                return (String(chars[..<i]), (condition, start))
            }
        }
        return nil
    }

    /// The table a command names: a table, a saved result, `_`, or a pipeline (`from … | …`),
    /// restricted to the rows of the command's `if` condition when it has one.
    func source(_ text: String, offset: Int) throws(SessionError) -> Table {
        let table = try unrestricted(text, offset: offset)
        guard let (condition, at) = rowFilter else { return table }
        let rows: Table
        do { rows = try engine.rows(of: table, where: condition) } catch {
            throw SessionError(error.message, column: at + 1 + (error.span?.start ?? 0), length: error.span.map { $0.end - $0.start } ?? condition.count, help: error.help)
        }
        guard rows.rowCount > 0 else {
            throw SessionError("no row satisfies the condition", column: at + 1, length: condition.count)
        }
        return rows
    }

    private func unrestricted(_ text: String, offset: Int) throws(SessionError) -> Table {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("from ") || trimmed.contains("|") {
            do { return try engine.run(trimmed).table } catch {
                throw SessionError(error.message, column: error.span.map { $0.start + offset + 1 }, length: error.span.map { $0.end - $0.start } ?? 1, help: error.help)
            }
        }
        do { return try engine.table(named: trimmed) } catch {
            throw SessionError(error.message, column: offset + 1, length: trimmed.count, help: error.help)
        }
    }

    func describe(_ arguments: String, offset: Int) throws(SessionError) -> String {
        guard !arguments.isEmpty else { throw SessionError("usage: describe <table> [columns…] or describe from … | …", column: 1, length: 8) }
        var table: Table
        var wanted: [String]?
        let words = arguments.split(separator: " ").map(String.init)
        if arguments.lowercased().hasPrefix("from ") || arguments.contains("|") || words.count == 1 {
            table = try source(arguments, offset: offset)
        } else {
            table = try source(words[0], offset: offset)
            wanted = Array(words.dropFirst())
        }
        do {
            return renderer.render(try Describe.summary(of: table, columns: wanted), maxRows: 0)
        } catch {
            throw SessionError(error.description, column: offset + words[0].count + 2)
        }
    }

    func tab(_ words: [String], offset: Int) throws(SessionError) -> String {
        guard words.count == 2 || (words.count == 4 && words[2] == "by") else {
            throw SessionError("usage: tab <table> <column> [by <column>]", column: 1, length: 3, help: "tab application_train NAME_INCOME_TYPE")
        }
        let table = try source(words[0], offset: offset)
        do {
            return renderer.render(try Frequency.table(table, column: words[1], by: words.count == 4 ? words[3] : nil), maxRows: 0)
        } catch {
            throw SessionError(error.description, column: offset + words[0].count + 2, length: words[1].count)
        }
    }

    func corr(_ words: [String], offset: Int) throws(SessionError) -> String {
        guard words.count == 1 || (words.count == 3 && words[1] == "with") else {
            throw SessionError("usage: corr <table> with <column>", column: 1, length: 4, help: "corr application_train with TARGET")
        }
        let table = try source(words[0], offset: offset)
        do {
            return renderer.render(try Correlation.ranked(table, with: words.count == 3 ? words[2] : "TARGET"))
        } catch {
            throw SessionError(error.description, column: offset + 1)
        }
    }

    /// One client's application and every related row of the other tables, table by table.
    func client(_ words: [String], offset: Int) throws(SessionError) -> String {
        guard words.count == 1, let id = Int64(words[0]) else {
            throw SessionError("usage: client <SK_ID_CURR>", column: 1, length: 6, help: "client 100002")
        }
        var sections: [String] = []
        var found = false
        for file in [HomeCreditFile.applicationTrain, .applicationTest] {
            guard let apps = catalog[file.tableName], let row = apps["SK_ID_CURR"]?.rows(matching: [id]).first else { continue }
            found = true
            var listing = try! Table([
                ("column", Column(strings: apps.names)),
                ("value", Column(strings: apps.row(row).map { $0.isMissing ? nil : $0.description })),
                ("role", Column(strings: apps.names.map { ColumnRole.of($0, in: file.tableName).rawValue })),
            ])
            listing = listing.filter((0..<listing.rowCount).map { !listing.columns[1].isMissing($0) })
            sections.append("\(file.tableName): client \(id) (\(listing.rowCount) values present, \(apps.columnCount - listing.rowCount) missing)\n" + renderer.render(listing, maxRows: 0))
        }
        guard found else {
            throw SessionError("no client \(id) in application_train or application_test", column: offset + 1, length: words[0].count)
        }
        let bureauIDs = idsOf(table: "bureau", key: "SK_ID_BUREAU", client: id)
        for file in [HomeCreditFile.bureau, .bureauBalance, .previousApplication, .posCashBalance, .installmentsPayments, .creditCardBalance] {
            guard let table = catalog[file.tableName] else { continue }
            let rows: [Int]
            if file == .bureauBalance, let keys = table["SK_ID_BUREAU"] {
                rows = keys.rows(matching: bureauIDs)
            } else if let keys = table["SK_ID_CURR"] {
                rows = keys.rows(matching: [id])
            } else { continue }
            let mine = table.gather(rows)
            sections.append("\(file.tableName): \(mine.rowCount) rows" + (mine.rowCount == 0 ? "" : "\n" + renderer.render(mine, maxRows: 6)))
        }
        return sections.joined(separator: "\n\n")
    }

    private func idsOf(table name: String, key: String, client: Int64) -> [Int64] {
        guard let t = catalog[name], let keys = t[key], let clients = t["SK_ID_CURR"] else { return [] }
        return clients.rows(matching: [client]).compactMap { if case .int(let k) = keys[$0] { k } else { nil } }
    }
}

extension TableRenderer {
    /// The same renderer with another row limit.
    func render(_ table: Table, maxRows: Int) -> String {
        var copy = self
        copy.maxRows = maxRows
        return copy.render(table)
    }
}
