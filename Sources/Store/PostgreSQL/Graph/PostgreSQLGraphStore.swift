internal import Foundation
public import Host
public import Store
internal import Synchronization

/// A ``GraphStore`` keeping every graph database in one PostgreSQL database, each in its own
/// schema (namespace), so several servers can share the same data.
///
/// The `nornicdb.databases` table lists the graph databases with their identifiers, the UUIDs
/// used in element ids; ``GraphSchema`` creates and migrates each database's tables.
/// Transactions and their locking are described on ``PostgreSQLTransaction``. A transaction's
/// `commit()` returns after PostgreSQL's COMMIT, which is durable under the server's
/// `synchronous_commit` setting (on by default).
///
/// Database names follow the SQLite store's rule: 3 to 63 characters from `a-z`, `0-9`, `.`
/// and `-`, starting with a letter, case-insensitive and stored in lowercase.
public final class PostgreSQLGraphStore: GraphStore {
    private struct Database: Sendable {
        var identifier: String
        var schema: String
    }

    public let defaultDatabase: String
    private let pool: PostgreSQLConnectionPool
    private let logger: Logger
    private let databases = Mutex<[String: Database]>([:])

    /// Connects, migrates the catalogue, creates the default database if missing, and migrates
    /// every graph database already listed.
    ///
    /// - Parameter maximumConnections: the maximum number of PostgreSQL connections, which is
    ///   also the maximum number of transactions open at once.
    /// - Throws: `Neo.ClientError.General.InvalidArguments` for an invalid default name,
    ///   `Neo.TransientError.General.DatabaseUnavailable` if PostgreSQL cannot be reached,
    ///   `Neo.DatabaseError.General.UnknownError` if a migration fails.
    public init(
        url: PostgreSQLURL,
        defaultDatabase: String = "nornic",
        maximumConnections: Int = 16,
        logger: Logger = Logger(label: "nornicdb.store.postgres")
    ) throws {
        self.defaultDatabase = try DatabaseName.normalized(defaultDatabase)
        self.logger = logger
        self.pool = PostgreSQLConnectionPool(
            maximumConnections: maximumConnections,
            connectionString: url.connectionString(defaults: Self.connectionDefaults),
            redactedURL: url.redacted,
            logger: logger
        )
        try pool.withConnection(databaseName: "system") { connection in
            try CatalogueSchema.migrator.migrate(schema: CatalogueSchema.name, on: connection)
            try register(self.defaultDatabase, on: connection)
            for (name, database) in try Self.listedDatabases(on: connection) {
                try GraphSchema.migrator.migrate(schema: database.schema, on: connection)
                databases.withLock { $0[name] = database }
            }
        }
        logger.info("Opened PostgreSQL storage", metadata: ["db.url": url.redacted])
    }

    /// The connection settings used unless the URL gives them: a 10 s connect timeout and the
    /// application name shown in `pg_stat_activity`.
    static let connectionDefaults = [
        (key: "connect_timeout", value: "10"), (key: "application_name", value: "nornicdb"),
    ]

    deinit { pool.close() }

    public var databaseNames: [String] { databases.withLock { $0.keys.sorted() } }

    /// Creates the database `name` if it does not exist yet.
    ///
    /// - Throws: `Neo.ClientError.General.InvalidArguments` for an invalid name.
    public func createDatabase(named name: String) throws {
        let name = try DatabaseName.normalized(name)
        guard databases.withLock({ $0[name] }) == nil else { return }
        try pool.withConnection(databaseName: name) { connection in
            try register(name, on: connection)
            for (listed, database) in try Self.listedDatabases(on: connection) where listed == name {
                try GraphSchema.migrator.migrate(schema: database.schema, on: connection)
                databases.withLock { $0[name] = database }
            }
        }
    }

    /// Begins a transaction. The PostgreSQL transaction itself starts at the first call on it.
    ///
    /// - Throws: `Neo.ClientError.Database.DatabaseNotFound` for an unknown database,
    ///   `Neo.TransientError.Transaction.DeadlockDetected` when every connection is in use,
    ///   `Neo.TransientError.General.DatabaseUnavailable` when PostgreSQL cannot be reached.
    public func beginTransaction(database: String, readOnly: Bool) throws -> any StoreTransaction {
        let name = database.lowercased()
        guard let found = databases.withLock({ $0[name] }) else { throw StoreErrors.databaseNotFound(database) }
        let connection = try pool.acquire(databaseName: name)
        return PostgreSQLTransaction(connection: connection, pool: pool, schema: found.schema, readOnly: readOnly)
    }

    public func databaseIdentifier(_ database: String) throws -> String {
        guard let found = databases.withLock({ $0[database.lowercased()] }) else {
            throw StoreErrors.databaseNotFound(database)
        }
        return found.identifier
    }

    public func close() { pool.close() }

    // MARK: Catalogue

    /// Lists `name` in `nornicdb.databases` unless it is there; a server starting at the same
    /// time may win the insert, and then its row is kept.
    private func register(_ name: String, on connection: PostgreSQLConnection) throws {
        let identifier = UUID().uuidString.lowercased()
        let schema = "graph_" + identifier.replacingOccurrences(of: "-", with: "")
        try connection.query(
            "INSERT INTO nornicdb.databases (name, identifier, schema_name) VALUES ($1, $2, $3) "
                + "ON CONFLICT (name) DO NOTHING",
            [.text(name), .text(identifier), .text(schema)]
        )
    }

    private static func listedDatabases(on connection: PostgreSQLConnection) throws -> [(String, Database)] {
        let rows = try connection.query("SELECT name, identifier, schema_name FROM nornicdb.databases ORDER BY name")
        var listed: [(String, Database)] = []
        for row in 0..<rows.rowCount {
            let schema = rows.text(row, 2)
            guard PostgreSQLMigrator.isPlainIdentifier(schema) else {
                connection.logger.error(
                    "Skipping a graph database with an invalid schema name",
                    metadata: ["db.schema": schema]
                )
                continue
            }
            listed.append((rows.text(row, 0), Database(identifier: rows.text(row, 1), schema: schema)))
        }
        return listed
    }
}
