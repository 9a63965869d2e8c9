import HomeCredit
import Models
import Query
import Tables

/// The exploration commands: describe, tab, corr and client.
extension Session {
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

    /// The table an argument of the invocation names (see `source(_:offset:)`).
    func source(_ invocation: Invocation, _ argument: String) throws(SessionError) -> Table {
        guard let word = invocation.word(argument) else { throw invocation.error("`\(invocation.command.name)` needs a table") }
        return try source(word.text, offset: word.start)
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

    func describe(_ invocation: Invocation) throws(SessionError) -> String {
        let table = try source(invocation, "table")
        let wanted = invocation.values("columns")
        let listing: String
        do {
            listing = renderer.listing(try Describe.summary(of: table, columns: wanted.isEmpty ? nil : wanted))
        } catch {
            throw invocation.error(error.description, at: "columns")
        }
        return ([listing] + Self.sentinelWarnings(table, columns: wanted.isEmpty ? table.names : wanted)).joined(separator: "\n")
    }

    /// A warning for each column that holds one of Home Credit's codes for "no such date"
    /// (365243 days), which statistics would otherwise read as a thousand years.
    static func sentinelWarnings(_ table: Table, columns: [String]) -> [String] {
        columns.compactMap { name in
            guard let code = ColumnRole.sentinelCodes[name], let values = table[name]?.doublesWithNaN() else { return nil }
            let n = values.filter { $0 == code }.count
            guard n > 0 else { return nil }
            return "warning: \(name) holds \(Int(code)) in \(n) rows (\(NumberFormat.fixed(100 * Double(n) / Double(max(1, values.count)), 1))%): "
                + "Home Credit's code for no such date, not a number of days; `fit` reads it as missing with a \(FeatureEncoding.sentinelFlag(name)) flag (`sentinels=keep` keeps it)"
        }
    }

    func tab(_ invocation: Invocation) throws(SessionError) -> String {
        let table = try source(invocation, "table")
        do {
            return renderer.listing(try Frequency.table(table, column: invocation.value("column") ?? "", by: invocation.value("by")))
        } catch {
            throw invocation.error(error.description, at: table[invocation.value("column") ?? ""] == nil ? "column" : "by")
        }
    }

    func corr(_ invocation: Invocation) throws(SessionError) -> String {
        let table = try source(invocation, "table")
        do {
            return renderer.listing(try Correlation.ranked(table, with: invocation.value("with") ?? "TARGET"))
        } catch {
            throw invocation.error(error.description, at: "with")
        }
    }

    /// One client's application and every related row of the other tables, table by table.
    func client(_ invocation: Invocation) throws(SessionError) -> String {
        let id = Int64(invocation.value("client") ?? "") ?? 0
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
            sections.append("\(file.tableName): client \(id) (\(listing.rowCount) values present, \(apps.columnCount - listing.rowCount) missing)\n" + renderer.listing(listing))
        }
        guard found else {
            throw invocation.error("no client \(id) in application_train or application_test", at: "client")
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
            sections.append("\(file.tableName): \(mine.rowCount) rows" + (mine.rowCount == 0 ? "" : "\n" + renderer.preview(mine, rows: 6)))
        }
        return sections.joined(separator: "\n\n")
    }

    private func idsOf(table name: String, key: String, client: Int64) -> [Int64] {
        guard let t = catalog[name], let keys = t[key], let clients = t["SK_ID_CURR"] else { return [] }
        return clients.rows(matching: [client]).compactMap { if case .int(let k) = keys[$0] { k } else { nil } }
    }
}

extension TableRenderer {
    /// A command's table: the session's row limit (`.maxrows`), and a footer that names hidden
    /// columns without suggesting `select` (commands are not pipelines).
    func listing(_ table: Table) -> String {
        var copy = self
        copy.hiddenColumnsHint = ".width widens the table"
        return copy.render(table)
    }

    /// A few rows of a table shown beside others (a client's rows, scores): at most `rows`,
    /// or all with `.maxrows 0`.
    func preview(_ table: Table, rows: Int) -> String {
        var copy = self
        copy.hiddenColumnsHint = nil
        copy.maxRows = maxRows == 0 ? 0 : min(maxRows, rows)
        return copy.render(table)
    }
}
