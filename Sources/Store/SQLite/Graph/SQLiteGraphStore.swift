internal import Foundation
public import Host
public import Store
internal import Synchronization

/// A ``GraphStore`` keeping each database in its own SQLite file,
/// `<dataDirectory>/databases/<name>.sqlite`.
///
/// Files are opened in WAL mode with `synchronous=FULL`, so a transaction whose `commit()`
/// returned survives a crash of the process or the machine. Each file stores a UUID, the
/// database identifier used in element ids, and a schema version that ``GraphSchema``
/// upgrades when the file is opened. Transactions and their locking are described on
/// ``SQLiteTransaction``. Directories the store creates have mode 0700 and database files
/// 0600.
///
/// Database names are case-insensitive and stored in lowercase. A valid name has 3 to 63
/// characters from `a-z`, `0-9`, `.` and `-`, starting with a letter. The rule also keeps
/// every name a plain file name.
public final class SQLiteGraphStore: GraphStore {
    /// Tuning settings. The defaults suit a small server and can be raised.
    public struct Configuration: Sendable {
        /// The maximum number of open SQLite connections across all databases, which is also
        /// the maximum number of transactions open at once.
        public var maximumConnections: Int
        /// How long a writer waits for another writer's lock before failing with a transient
        /// error, in milliseconds.
        public var busyTimeoutMilliseconds: Int32
        /// The maximum number of prepared statements cached per connection.
        public var statementCacheCapacity: Int

        public init(
            maximumConnections: Int = 16,
            busyTimeoutMilliseconds: Int32 = 5000,
            statementCacheCapacity: Int = 64
        ) {
            self.maximumConnections = maximumConnections
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.statementCacheCapacity = statementCacheCapacity
        }
    }

    public let dataDirectory: String
    public let defaultDatabase: String
    private let databasesDirectory: String
    private let pool: ConnectionPool
    private let logger: Logger
    /// Database name to identifier, for every database opened so far.
    private let identifiers = SleepingLock<[String: String]>([:])

    /// Opens the store, creating the directories and the default database if missing, and
    /// opens and upgrades every database file already present.
    ///
    /// - Throws: `Neo.ClientError.General.InvalidArguments` for an invalid default name,
    ///   `Neo.DatabaseError.General.UnknownError` if a directory or file cannot be created or
    ///   opened.
    public init(
        dataDirectory: String,
        defaultDatabase: String = "nornic",
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "nornicdb.store.sqlite")
    ) throws {
        let databasesDirectory = dataDirectory + "/databases"
        self.dataDirectory = dataDirectory
        self.defaultDatabase = try DatabaseName.normalized(defaultDatabase)
        self.databasesDirectory = databasesDirectory
        self.logger = logger
        let settings = SQLiteConnection.Settings(
            busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds,
            statementCacheCapacity: configuration.statementCacheCapacity
        )
        self.pool = ConnectionPool(
            maximumConnections: configuration.maximumConnections,
            settings: settings,
            logger: logger
        ) {
            databasesDirectory + "/" + $0 + ".sqlite"
        }
        try SecureFiles.createDirectory(databasesDirectory)
        var names = Set(try Self.existingDatabaseNames(in: databasesDirectory))
        names.insert(self.defaultDatabase)
        for name in names.sorted() {
            try openDatabase(name)
        }
    }

    deinit { pool.close() }

    public var databaseNames: [String] { identifiers.withLock { $0.keys.sorted() } }

    /// Creates the database `name` if it does not exist yet.
    ///
    /// - Throws: `Neo.ClientError.General.InvalidArguments` for an invalid name.
    public func createDatabase(named name: String) throws {
        let name = try DatabaseName.normalized(name)
        guard identifiers.withLock({ $0[name] }) == nil else { return }
        try openDatabase(name)
    }

    /// Begins a transaction. The SQLite transaction itself starts at the first call on it.
    ///
    /// - Throws: `Neo.ClientError.Database.DatabaseNotFound` for an unknown database,
    ///   `Neo.TransientError.Transaction.DeadlockDetected` when every connection is in use.
    public func beginTransaction(database: String, readOnly: Bool) throws -> any StoreTransaction {
        let name = try knownName(database)
        let connection = try pool.acquire(database: name)
        return SQLiteTransaction(connection: connection, pool: pool, readOnly: readOnly)
    }

    public func databaseIdentifier(_ database: String) throws -> String {
        let name = try knownName(database)
        guard let identifier = identifiers.withLock({ $0[name] }) else { throw StoreErrors.databaseNotFound(database) }
        return identifier
    }

    public func close() { pool.close() }

    // MARK: Opening databases

    private func openDatabase(_ name: String) throws {
        try SecureFiles.prepareDatabaseFile(databasesDirectory + "/" + name + ".sqlite")
        let connection = try pool.acquire(database: name)
        defer { pool.release(connection) }
        try GraphSchema.migrator.migrate(connection)
        let identifier = try Self.databaseIdentifier(on: connection)
        identifiers.withLock { $0[name] = identifier }
    }

    /// Reads the file's UUID, storing a fresh one first if the file has none.
    private static func databaseIdentifier(on connection: SQLiteConnection) throws -> String {
        try connection.withStatement("INSERT OR IGNORE INTO metadata (key, value) VALUES ('database_id', ?1)") {
            try $0.bind(UUID().uuidString.lowercased(), at: 1)
            try $0.run()
        }
        return try connection.withStatement("SELECT value FROM metadata WHERE key = 'database_id'") { statement in
            guard try statement.step() else { throw SQLiteFault.storageError(databaseName: connection.databaseName) }
            return statement.text(at: 0)
        }
    }

    private func knownName(_ database: String) throws -> String {
        let name = database.lowercased()
        guard identifiers.withLock({ $0[name] }) != nil else { throw StoreErrors.databaseNotFound(database) }
        return name
    }

    // MARK: Names

    private static func existingDatabaseNames(in directory: String) throws -> [String] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ServerError(.unknownError, "Cannot list the databases directory.")
        }
        return files.compactMap { file in
            guard file.hasSuffix(".sqlite") else { return nil }
            let name = String(file.dropLast(".sqlite".count))
            return (try? DatabaseName.normalized(name)) == name ? name : nil
        }
    }
}
