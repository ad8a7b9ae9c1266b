import JSON

/// The output of `nornicdb service-account list`: an aligned table, or JSON with `--json`.
enum ServiceAccountListing {
    /// Returns a JSON array of `{"id", "role", "roles", "kind", "suspended", "created_at"}` objects,
    /// with the members the HTTP API uses. `role` is the first role, or null for none.
    static func json(_ accounts: [ServiceAccountSummary]) -> String {
        let entries: [JSONValue] = accounts.map { account in
            [
                "id": .string(account.id),
                "role": account.roles.first.map(JSONValue.string) ?? .null,
                "roles": .array(account.roles.map(JSONValue.string)),
                "kind": "service",
                "suspended": .bool(account.suspended),
                "created_at": account.createdAt.map(JSONValue.string) ?? .null,
            ]
        }
        return JSONValue.array(entries).text
    }

    /// Returns a table with the columns ID, ROLES, SUSPENDED and CREATED, one account a line, with
    /// the columns separated by at least two spaces.
    static func table(_ accounts: [ServiceAccountSummary]) -> String {
        let header = ["ID", "ROLES", "SUSPENDED", "CREATED"]
        let rows = accounts.map { account in
            [
                account.id,
                account.roles.isEmpty ? "-" : account.roles.joined(separator: ","),
                account.suspended ? "yes" : "no",
                account.createdAt ?? "-",
            ]
        }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            return line
        }.joined(separator: "\n")
    }
}
