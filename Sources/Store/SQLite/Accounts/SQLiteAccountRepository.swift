public import Host
internal import Synchronization

/// An ``AccountRepository`` and ``RevocationRepository`` in `<dataDirectory>/system.sqlite`,
/// apart from the graph databases.
///
/// The file contains password hashes, so the store creates the data directory with mode 0700
/// when it is missing and keeps the file and its `-wal` and `-shm` companions at 0600. It uses
/// the same durability settings as the graph store: WAL mode, `synchronous=FULL`, foreign keys
/// on. Calls are rare, so one connection behind a mutex serves them all, and each call is one
/// transaction, durable when the call returns.
public final class SQLiteAccountRepository: AccountRepository {
    /// The file name inside the data directory.
    public static let fileName = "system.sqlite"

    let connection: Mutex<SQLiteConnection>

    /// Opens, creating if needed, the account file and upgrades its schema.
    ///
    /// - Throws: `Neo.DatabaseError.General.UnknownError` if the directory or file cannot be
    ///   created or opened, or the file has a newer schema than this build supports.
    public init(
        dataDirectory: String,
        busyTimeoutMilliseconds: Int32 = 5000,
        logger: Logger = Logger(label: "nornicdb.accounts.sqlite")
    ) throws {
        try SecureFiles.createDirectory(dataDirectory)
        let path = dataDirectory + "/" + Self.fileName
        try SecureFiles.prepareDatabaseFile(path)
        let settings = SQLiteConnection.Settings(
            busyTimeoutMilliseconds: busyTimeoutMilliseconds,
            statementCacheCapacity: 16
        )
        let opened = try SQLiteConnection.open(path: path, databaseName: "system", settings: settings, logger: logger)
        try AccountSchema.migrator.migrate(opened)
        connection = Mutex(opened)
    }

    /// Returns every account, sorted by name.
    public func loadAccounts() throws -> [Account] {
        try connection.withLock { connection in
            var roles: [String: [String]] = [:]
            try connection.withStatement("SELECT account_name, role FROM account_roles ORDER BY account_name, position")
            {
                statement in
                while try statement.step() { roles[statement.text(at: 0), default: []].append(statement.text(at: 1)) }
            }
            let sql = """
                SELECT name, kind, password_hash, suspended, change_required, created_at, credentials_changed_at
                FROM accounts ORDER BY name
                """
            return try connection.withStatement(sql) { statement in
                var accounts: [Account] = []
                while try statement.step() {
                    let name = statement.text(at: 0)
                    guard let kind = Account.Kind(rawValue: statement.text(at: 1)) else {
                        throw SQLiteFault.corruptRecord(
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
                            passwordHash: statement.text(at: 2),
                            roles: roles[name] ?? [],
                            suspended: statement.int64(at: 3) != 0,
                            changeRequired: statement.int64(at: 4) != 0,
                            createdAt: statement.int64(at: 5),
                            credentialsChangedAt: statement.int64(at: 6)
                        )
                    )
                }
                return accounts
            }
        }
    }

    /// Inserts or replaces the account with the same name, roles included.
    public func saveAccount(_ account: Account) throws { try apply([.save(account)]) }

    /// Deletes the account and its roles; deleting a missing account does nothing.
    public func deleteAccount(named name: String) throws { try apply([.delete(name: name)]) }

    /// Applies `changes` in order in one SQLite transaction: all of them are durable when the
    /// call returns, or, when it throws, none.
    public func apply(_ changes: [AccountChange]) throws {
        try connection.withLock { connection in
            try Self.inTransaction(connection) {
                for change in changes {
                    switch change {
                    case .save(let account): try Self.write(account, on: connection)
                    case .delete(let name): try Self.delete(named: name, on: connection)
                    }
                }
            }
        }
    }

    private static func write(_ account: Account, on connection: SQLiteConnection) throws {
        try upsert(account, on: connection)
        try connection.withStatement("DELETE FROM account_roles WHERE account_name = ?1") {
            try $0.bind(account.name, at: 1)
            try $0.run()
        }
        for (position, role) in account.roles.enumerated() {
            let sql = "INSERT INTO account_roles (account_name, position, role) VALUES (?1, ?2, ?3)"
            try connection.withStatement(sql) {
                try $0.bind(account.name, at: 1)
                try $0.bind(Int64(position), at: 2)
                try $0.bind(role, at: 3)
                try $0.run()
            }
        }
    }

    private static func delete(named name: String, on connection: SQLiteConnection) throws {
        try connection.withStatement("DELETE FROM accounts WHERE name = ?1") {
            try $0.bind(name, at: 1)
            try $0.run()
        }
    }

    private static func upsert(_ account: Account, on connection: SQLiteConnection) throws {
        let sql = """
            INSERT INTO accounts (
                name, kind, password_hash, suspended, change_required, created_at, credentials_changed_at
            ) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, password_hash = excluded.password_hash,
                suspended = excluded.suspended, change_required = excluded.change_required,
                created_at = excluded.created_at, credentials_changed_at = excluded.credentials_changed_at
            """
        try connection.withStatement(sql) { statement in
            try statement.bind(account.name, at: 1)
            try statement.bind(account.kind.rawValue, at: 2)
            try statement.bind(account.passwordHash, at: 3)
            try statement.bind(account.suspended ? 1 : 0, at: 4)
            try statement.bind(account.changeRequired ? 1 : 0, at: 5)
            try statement.bind(account.createdAt, at: 6)
            try statement.bind(account.credentialsChangedAt, at: 7)
            try statement.run()
        }
    }

    static func inTransaction(_ connection: SQLiteConnection, _ body: () throws -> Void) throws {
        try connection.run("BEGIN IMMEDIATE")
        do {
            try body()
            try connection.run("COMMIT")
        } catch {
            if connection.isInTransaction { try? connection.run("ROLLBACK") }
            throw error
        }
    }
}
