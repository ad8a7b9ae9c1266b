internal import CSQLite
import Host

/// One SQLite database handle with its own cache of prepared statements.
///
/// The handle is opened with `SQLITE_OPEN_NOMUTEX`, so SQLite does not serialize calls on it.
/// Invariant: one thread uses a connection at a time. ``ConnectionPool`` hands each connection
/// to a single transaction and takes it back only when that transaction ends, and a
/// transaction is used by one caller at a time. That invariant is what makes the
/// `@unchecked Sendable` conformance sound: the connection moves between threads but is never
/// shared by two at once.
final class SQLiteConnection: @unchecked Sendable {
    /// Durability and concurrency settings applied to every connection.
    struct Settings: Sendable {
        /// How long a statement waits for another connection's lock before failing with
        /// `SQLITE_BUSY`, in milliseconds.
        var busyTimeoutMilliseconds: Int32
        /// The maximum number of prepared statements kept per connection.
        var statementCacheCapacity: Int
    }

    let handle: OpaquePointer
    /// The database name used in messages and logs; never the file path.
    let databaseName: String
    let logger: Logger
    private let statementCacheCapacity: Int
    private var statements: [String: OpaquePointer] = [:]
    private var statementsInUse: Set<String> = []
    private var isClosed = false

    private init(handle: OpaquePointer, databaseName: String, settings: Settings, logger: Logger) {
        self.handle = handle
        self.databaseName = databaseName
        self.statementCacheCapacity = settings.statementCacheCapacity
        self.logger = logger
    }

    deinit { close() }

    /// Opens (creating if needed) the file at `path` in WAL mode with `synchronous=FULL` and
    /// foreign keys on.
    ///
    /// - Throws: a transient ``ServerError`` if the file is locked past the busy timeout, or
    ///   `Neo.DatabaseError.General.UnknownError` if the file cannot be opened or WAL mode is
    ///   unavailable on its file system.
    static func open(path: String, databaseName: String, settings: Settings, logger: Logger) throws
        -> SQLiteConnection
    {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            // sqlite3_open_v2 returns a handle even on most failures; it must still be closed.
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw SQLiteFault.make(code: code, message: message, databaseName: databaseName, logger: logger)
        }
        let connection = SQLiteConnection(
            handle: handle,
            databaseName: databaseName,
            settings: settings,
            logger: logger
        )
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, settings.busyTimeoutMilliseconds)
        try connection.configure()
        return connection
    }

    private func configure() throws {
        let journalMode = try withStatement("PRAGMA journal_mode = WAL") { statement in
            try statement.step() ? statement.text(at: 0) : ""
        }
        guard journalMode.lowercased() == "wal" else {
            logger.error(
                "SQLite refused WAL journal mode",
                metadata: ["db.name": databaseName, "sqlite.journal_mode": journalMode]
            )
            throw SQLiteFault.storageError(databaseName: databaseName)
        }
        try execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;")
    }

    /// Runs one or more SQL statements that bind no parameters and return no rows needed.
    func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw fault(code) }
    }

    /// Runs `body` with the cached prepared statement for `sql`, then resets it.
    ///
    /// If the same SQL is already in use further up the stack, a fresh statement is prepared
    /// for this call and finalized after it, so nested calls never reset each other.
    func withStatement<T>(_ sql: String, _ body: (SQLiteStatement) throws -> T) throws -> T {
        precondition(!isClosed, "statement on a closed SQLite connection")
        if statementsInUse.contains(sql) {
            let pointer = try prepare(sql, persistent: false)
            defer { sqlite3_finalize(pointer) }
            return try body(SQLiteStatement(pointer: pointer, connection: self))
        }
        let pointer = try cachedStatement(sql)
        statementsInUse.insert(sql)
        defer {
            sqlite3_reset(pointer)
            sqlite3_clear_bindings(pointer)
            statementsInUse.remove(sql)
        }
        return try body(SQLiteStatement(pointer: pointer, connection: self))
    }

    /// The id SQLite assigned to the row most recently inserted on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// True while an explicit transaction is open on this connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Finalizes every cached statement and closes the handle; later calls are a programming error.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        for pointer in statements.values { sqlite3_finalize(pointer) }
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Builds the ``ServerError`` for a failed call, logging SQLite's message for operators.
    func fault(_ code: Int32) -> ServerError {
        let message = String(cString: sqlite3_errmsg(handle))
        return SQLiteFault.make(code: code, message: message, databaseName: databaseName, logger: logger)
    }

    private func cachedStatement(_ sql: String) throws -> OpaquePointer {
        if let pointer = statements[sql] { return pointer }
        if statements.count >= statementCacheCapacity {
            // Evict only idle statements; the ones in use are reset by their own callers.
            for (key, pointer) in statements where !statementsInUse.contains(key) {
                sqlite3_finalize(pointer)
                statements[key] = nil
            }
        }
        let pointer = try prepare(sql, persistent: true)
        statements[sql] = pointer
        return pointer
    }

    private func prepare(_ sql: String, persistent: Bool) throws -> OpaquePointer {
        var pointer: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(handle, sql, -1, flags, &pointer, nil)
        guard code == SQLITE_OK, let pointer else { throw fault(code) }
        return pointer
    }
}

extension SQLiteConnection {
    /// Runs a cached statement that binds no parameters, stepping it to completion.
    func run(_ sql: String) throws {
        try withStatement(sql) { try $0.run() }
    }
}
