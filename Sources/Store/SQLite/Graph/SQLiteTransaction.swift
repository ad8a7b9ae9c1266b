import GraphValue
import Host
import Store
import StoreCodec

/// A ``StoreTransaction`` on one pooled SQLite connection.
///
/// Locking scheme. SQLite allows one writer per file at a time and, in WAL mode, readers that
/// neither block a writer nor wait for one. The SQLite transaction starts lazily, at the first call:
/// - a first call that writes, or ``reserveWrite()``, runs `BEGIN IMMEDIATE`, which takes the
///   write lock up front. Waiting writers queue on SQLite's busy handler for up to the busy
///   timeout, then fail with a transient error;
/// - a first call that reads runs `BEGIN DEFERRED` and reads a snapshot. If such a
///   transaction later writes, SQLite tries to upgrade it to a writer without waiting: the
///   upgrade fails at once with `SQLITE_BUSY` when another connection holds the write lock, or
///   with `SQLITE_BUSY_SNAPSHOT` when another writer committed after the snapshot was taken.
///
/// This never loses an update, because a transaction can write only on the newest snapshot
/// while holding the single write lock. It never deadlocks, because only a transaction that
/// holds no lock ever waits (in `BEGIN IMMEDIATE`), so no cycle of waiters can form. Lock
/// failures surface as `Neo.TransientError.Transaction.DeadlockDetected`, which drivers retry.
/// An executor that knows a statement writes should call ``reserveWrite()`` before its first
/// read, turning a likely retry into a wait.
///
/// Each writing call runs inside a savepoint, so a call that fails leaves no partial change
/// behind. Read-only transactions reject writes with `Neo.ClientError.Statement.AccessMode`.
///
/// Not thread-safe: one caller uses a transaction at a time, which keeps its connection to one
/// thread at a time. A transaction that is dropped without commit or rollback rolls back.
final class SQLiteTransaction: RowStoreTransaction {
    private enum State {
        /// No SQLite transaction has begun yet.
        case idle
        case active
        /// SQLite rolled the transaction back on its own after a storage fault.
        case aborted
        case finished
    }

    let databaseName: String
    let readOnly: Bool
    let logger: Logger
    private let pool: ConnectionPool
    private var connection: SQLiteConnection?
    private var state = State.idle
    /// The index definitions of this transaction's snapshot, loaded on first use.
    var indexCache: [IndexDescriptor]?

    init(connection: SQLiteConnection, pool: ConnectionPool, readOnly: Bool) {
        self.connection = connection
        self.pool = pool
        self.readOnly = readOnly
        self.databaseName = connection.databaseName
        self.logger = connection.logger
    }

    deinit { rollback() }

    // MARK: Running calls

    /// Runs a call that only reads, starting a deferred transaction if none has begun.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let connection = try usableConnection()
        try begin(on: connection, immediate: false)
        do {
            return try body(connection)
        } catch {
            noteAbortIfRolledBack(connection)
            throw error
        }
    }

    /// Runs a call that writes, inside a savepoint that is rolled back if the call fails.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let connection = try writableConnection()
        try connection.run("SAVEPOINT store_call")
        do {
            let result = try body(connection)
            try connection.run("RELEASE store_call")
            return result
        } catch {
            // The call may have changed the cached index list before it failed.
            indexCache = nil
            if connection.isInTransaction {
                try? connection.run("ROLLBACK TO store_call")
                try? connection.run("RELEASE store_call")
            }
            noteAbortIfRolledBack(connection)
            throw error
        }
    }

    /// Takes the write lock now if no call has run yet. After a read it changes nothing, and
    /// the first write upgrades the transaction as described on the type.
    func reserveWrite() throws {
        _ = try writableConnection()
    }

    private func writableConnection() throws -> SQLiteConnection {
        let connection = try usableConnection()
        guard !readOnly else {
            throw StoreErrors.writeInReadMode(database: databaseName)
        }
        try begin(on: connection, immediate: true)
        return connection
    }

    /// Marks the transaction aborted when SQLite rolled it back on its own, as it does after
    /// some I/O and memory faults. Later calls then fail instead of running outside it.
    private func noteAbortIfRolledBack(_ connection: SQLiteConnection) {
        if state == .active && !connection.isInTransaction { state = .aborted }
    }

    private func usableConnection() throws -> SQLiteConnection {
        switch state {
        case .finished:
            throw StoreErrors.transactionFinished()
        case .aborted:
            throw StoreErrors.transactionAborted()
        case .idle, .active:
            guard let connection else { preconditionFailure("an open transaction always holds a connection") }
            return connection
        }
    }

    private func begin(on connection: SQLiteConnection, immediate: Bool) throws {
        guard state == .idle else { return }
        try connection.run(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        state = .active
    }

    // MARK: Completion

    func commit() throws {
        let connection = try usableConnection()
        guard state == .active else {
            finish()
            return
        }
        do {
            try connection.run("COMMIT")
        } catch {
            if connection.isInTransaction { try? connection.run("ROLLBACK") }
            finish()
            throw error
        }
        finish()
    }

    func rollback() {
        guard state != .finished, let connection else { return }
        if connection.isInTransaction { try? connection.run("ROLLBACK") }
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
            throw SQLiteFault.corruptRecord(record(), databaseName: databaseName, logger: logger, reason: "\(error)")
        }
    }

    func decodeStrings(_ bytes: [UInt8], of record: @autoclosure () -> String) throws -> [String] {
        do {
            return try RecordCodec.decodeStrings(bytes)
        } catch {
            throw SQLiteFault.corruptRecord(record(), databaseName: databaseName, logger: logger, reason: "\(error)")
        }
    }
}
