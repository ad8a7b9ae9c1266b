import GraphValue
import Host
import Store
import StoreCodec

/// A ``StoreTransaction`` on one pooled PostgreSQL connection.
///
/// Locking scheme. Writers to one graph database take turns on a single writer lock, the row
/// lock on `metadata`'s `write_lock` row, which every writing transaction updates before its
/// first change; readers never take it. This reproduces the SQLite store's one-writer model
/// across every server that shares the PostgreSQL database:
/// - a transaction whose first call writes, or calls ``reserveWrite()``, runs at READ COMMITTED
///   and takes the lock first, waiting up to the connection's `lock_timeout` (5 s). Because no
///   other writer can commit while it holds the lock, each of its statements sees the newest data
///   and the data stays put, so `SET n.x = n.x + 1` loses no update and MERGE's match-then-create
///   cannot race another MERGE;
/// - a transaction whose first call reads runs at REPEATABLE READ, one snapshot for all its reads.
///   If it later writes, updating the lock row fails with SQLSTATE 40001 when another writer
///   committed after the snapshot was taken, exactly the case in which its reads may be stale.
///
/// Row locks beyond the one lock row, or SERIALIZABLE with retries, would allow writers on
/// disjoint data to run at once, but every conflict would then surface as a retry (MERGE on a
/// label scan conflicts with every insert of that label); one writer at a time waits instead.
/// Lock timeouts and conflicts are `Neo.TransientError.*`, which drivers retry. The executor
/// calls ``reserveWrite()`` before a writing statement's first read, turning a likely retry into
/// a wait.
///
/// Each writing call runs inside a savepoint, so a call that fails leaves no partial change.
/// A failed read, or a lost connection, aborts the PostgreSQL transaction, and later calls fail.
/// Read-only transactions reject writes with `Neo.ClientError.Statement.AccessMode`.
///
/// Not thread-safe: one caller uses a transaction at a time. A transaction that is dropped
/// without commit or rollback rolls back.
final class PostgreSQLTransaction: RowStoreTransaction {
    private enum State {
        /// No PostgreSQL transaction has begun yet.
        case idle
        case reading
        /// The transaction holds the writer lock.
        case writing
        /// PostgreSQL aborted the transaction after an error.
        case aborted
        case finished
    }

    let databaseName: String
    let readOnly: Bool
    let logger: Logger
    private let schema: String
    private let pool: PostgreSQLConnectionPool
    private var connection: PostgreSQLConnection?
    private var state = State.idle
    /// The index definitions, loaded on first use: other writers cannot change them while this
    /// transaction holds its snapshot or the writer lock, and its own changes update the cache.
    var indexCache: [IndexDescriptor]?

    init(connection: PostgreSQLConnection, pool: PostgreSQLConnectionPool, schema: String, readOnly: Bool) {
        self.connection = connection
        self.pool = pool
        self.schema = schema
        self.readOnly = readOnly
        self.databaseName = connection.databaseName
        self.logger = connection.logger
    }

    deinit { rollback() }

    // MARK: Running calls

    /// Runs a call that only reads, starting a snapshot transaction if none has begun.
    func read<T>(_ body: (PostgreSQLConnection) throws -> T) throws -> T {
        let connection = try usableConnection()
        if state == .idle {
            let mode = readOnly ? " READ ONLY" : ""
            try run("BEGIN ISOLATION LEVEL REPEATABLE READ\(mode); SET LOCAL search_path TO \(schema)", on: connection)
            state = .reading
        }
        do {
            return try body(connection)
        } catch {
            noteAbort(connection)
            throw error
        }
    }

    /// Runs a call that writes, inside a savepoint that is rolled back if the call fails.
    func write<T>(_ body: (PostgreSQLConnection) throws -> T) throws -> T {
        let connection = try writableConnection()
        try run("SAVEPOINT store_call", on: connection)
        do {
            let result = try body(connection)
            try run("RELEASE SAVEPOINT store_call", on: connection)
            return result
        } catch {
            // The call may have changed the cached index list before it failed.
            indexCache = nil
            if connection.isUsable {
                try? connection.execute("ROLLBACK TO SAVEPOINT store_call; RELEASE SAVEPOINT store_call")
            }
            noteAbort(connection)
            throw error
        }
    }

    /// Takes the writer lock now, so that the reads that follow see the newest data.
    func reserveWrite() throws {
        _ = try writableConnection()
    }

    private func writableConnection() throws -> PostgreSQLConnection {
        let connection = try usableConnection()
        guard !readOnly else {
            throw StoreErrors.writeInReadMode(database: databaseName)
        }
        switch state {
        case .writing:
            return connection
        case .idle:
            try run(
                "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL search_path TO \(schema); " + Self.takeWriterLock,
                on: connection
            )
        default:
            try run(Self.takeWriterLock, on: connection)
        }
        state = .writing
        return connection
    }

    private static let takeWriterLock =
        "UPDATE metadata SET value = (value::bigint + 1)::text WHERE key = 'write_lock'"

    /// Runs statements that open or steer the transaction; an error there aborts it.
    private func run(_ sql: String, on connection: PostgreSQLConnection) throws {
        do {
            try connection.execute(sql)
        } catch {
            noteAbort(connection)
            throw error
        }
    }

    /// Marks the transaction aborted when PostgreSQL aborted it or the connection broke, so
    /// later calls fail instead of running outside it.
    private func noteAbort(_ connection: PostgreSQLConnection) {
        guard state != .finished else { return }
        if !connection.isUsable || connection.isInFailedTransaction { state = .aborted }
    }

    private func usableConnection() throws -> PostgreSQLConnection {
        switch state {
        case .finished:
            throw StoreErrors.transactionFinished()
        case .aborted:
            throw StoreErrors.transactionAborted()
        case .idle, .reading, .writing:
            guard let connection else { preconditionFailure("an open transaction always holds a connection") }
            return connection
        }
    }

    // MARK: Completion

    func commit() throws {
        let connection = try usableConnection()
        guard state != .idle else {
            finish()
            return
        }
        defer { finish() }
        do {
            try connection.execute("COMMIT")
        } catch {
            if connection.isUsable { try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    func rollback() {
        guard state != .finished, let connection else { return }
        if state != .idle && connection.isUsable { try? connection.execute("ROLLBACK") }
        finish()
    }

    private func finish() {
        state = .finished
        if let connection { pool.release(connection) }
        connection = nil
        indexCache = nil
    }

    // MARK: Decoding

    func decodeProperties(_ bytes: [UInt8], of record: @autoclosure () -> String) throws -> [String: Value] {
        do {
            return try RecordCodec.decodeProperties(bytes)
        } catch {
            throw PostgreSQLFault.corruptRecord(
                record(),
                databaseName: databaseName,
                logger: logger,
                reason: "\(error)"
            )
        }
    }

    func decodeStrings(_ bytes: [UInt8], of record: @autoclosure () -> String) throws -> [String] {
        do {
            return try RecordCodec.decodeStrings(bytes)
        } catch {
            throw PostgreSQLFault.corruptRecord(
                record(),
                databaseName: databaseName,
                logger: logger,
                reason: "\(error)"
            )
        }
    }
}
