public import Host

/// An ``AccountRepository`` and ``RevocationRepository`` in the `nornicdb` schema of a
/// PostgreSQL database, which every server sharing the database sees.
///
/// Each call is one transaction on a pooled connection, durable when the call returns. Calls
/// are rare, so the pool is small; a call that finds every connection busy fails with a
/// transient error. The default of 6 covers the server's 4 auth threads, which make the
/// login-count and account calls, plus the security listener's reloads.
public final class PostgreSQLAccountRepository: AccountRepository {
    let pool: PostgreSQLConnectionPool

    /// Connects and migrates the `nornicdb` schema.
    ///
    /// - Throws: `Neo.TransientError.General.DatabaseUnavailable` if PostgreSQL cannot be
    ///   reached, `Neo.DatabaseError.General.UnknownError` if the schema is newer than this
    ///   build supports or a migration fails.
    public init(
        url: PostgreSQLURL,
        maximumConnections: Int = 6,
        logger: Logger = Logger(label: "nornicdb.accounts.postgres")
    ) throws {
        pool = PostgreSQLConnectionPool(
            maximumConnections: maximumConnections,
            connectionString: url.connectionString(defaults: PostgreSQLGraphStore.connectionDefaults),
            redactedURL: url.redacted,
            logger: logger
        )
        try pool.withConnection(databaseName: "system") { connection in
            try CatalogueSchema.migrator.migrate(schema: CatalogueSchema.name, on: connection)
        }
    }

    deinit { pool.close() }

    /// Returns every account, sorted by name.
    public func loadAccounts() throws -> [Account] { try loadAccounts(named: nil) }

    /// Returns the account named `name`, or nil.
    public func loadAccount(named name: String) throws -> Account? { try loadAccounts(named: name).first }

    /// Returns the account named `name`, or every account when `name` is nil.
    private func loadAccounts(named name: String?) throws -> [Account] {
        let parameters: [PostgreSQLParameter] = name.map { [.text($0)] } ?? []
        let roleFilter = name == nil ? "" : "WHERE account_name = $1"
        let accountFilter = name == nil ? "" : "WHERE name = $1"
        return try inTransaction { connection in
            var roles: [String: [String]] = [:]
            let roleRows = try connection.query(
                "SELECT account_name, role FROM nornicdb.account_roles \(roleFilter) ORDER BY account_name, position",
                parameters
            )
            for row in 0..<roleRows.rowCount {
                roles[roleRows.text(row, 0), default: []].append(roleRows.text(row, 1))
            }
            let rows = try connection.query(
                """
                SELECT name, kind, password_hash, suspended, change_required, created_at, credentials_changed_at
                FROM nornicdb.accounts \(accountFilter) ORDER BY name
                """,
                parameters
            )
            var accounts: [Account] = []
            for row in 0..<rows.rowCount {
                let name = rows.text(row, 0)
                guard let kind = Account.Kind(rawValue: rows.text(row, 1)) else {
                    throw PostgreSQLFault.corruptRecord(
                        "account \(name)",
                        databaseName: "system",
                        logger: connection.logger,
                        reason: "unknown kind"
                    )
                }
                accounts.append(
                    Account(
                        name: name,
                        kind: kind,
                        passwordHash: rows.text(row, 2),
                        roles: roles[name] ?? [],
                        suspended: rows.boolean(row, 3),
                        changeRequired: rows.boolean(row, 4),
                        createdAt: rows.int64(row, 5),
                        credentialsChangedAt: rows.int64(row, 6)
                    )
                )
            }
            return accounts
        }
    }

    /// Inserts or replaces the account with the same name, roles included.
    public func saveAccount(_ account: Account) throws { try apply([.save(account)]) }

    /// Deletes the account and its roles; deleting a missing account does nothing.
    public func deleteAccount(named name: String) throws { try apply([.delete(name: name)]) }

    /// Applies `changes` in order in one transaction: all of them are durable when the call
    /// returns, or, when it throws, none. The same transaction notifies the other servers of each
    /// changed account, so they hear of it only once it is committed.
    public func apply(_ changes: [AccountChange]) throws {
        try inTransaction { connection in
            for change in changes {
                switch change {
                case .save(let account):
                    try Self.write(account, on: connection)
                    try Self.notify(.account(name: account.name), on: connection)
                case .delete(let name):
                    try connection.query("DELETE FROM nornicdb.accounts WHERE name = $1", [.text(name)])
                    try Self.notify(.account(name: name), on: connection)
                }
            }
        }
    }

    private static func write(_ account: Account, on connection: PostgreSQLConnection) throws {
        try connection.query(
            """
            INSERT INTO nornicdb.accounts (
                name, kind, password_hash, suspended, change_required, created_at, credentials_changed_at
            ) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, password_hash = excluded.password_hash,
                suspended = excluded.suspended, change_required = excluded.change_required,
                created_at = excluded.created_at, credentials_changed_at = excluded.credentials_changed_at
            """,
            [
                .text(account.name), .text(account.kind.rawValue), .text(account.passwordHash),
                .boolean(account.suspended), .boolean(account.changeRequired), .int64(account.createdAt),
                .int64(account.credentialsChangedAt),
            ]
        )
        try connection.query("DELETE FROM nornicdb.account_roles WHERE account_name = $1", [.text(account.name)])
        for (position, role) in account.roles.enumerated() {
            try connection.query(
                "INSERT INTO nornicdb.account_roles (account_name, position, role) VALUES ($1, $2::integer, $3)",
                [.text(account.name), .int64(Int64(position)), .text(role)]
            )
        }
    }

    /// Runs `body` in one READ COMMITTED transaction on a pooled connection.
    func inTransaction<T>(_ body: (PostgreSQLConnection) throws -> T) throws -> T {
        try pool.withConnection(databaseName: "system") { connection in
            try connection.execute("BEGIN")
            do {
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                if connection.isUsable { try? connection.execute("ROLLBACK") }
                throw error
            }
        }
    }
}
