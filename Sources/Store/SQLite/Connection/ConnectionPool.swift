import Host
internal import Synchronization

/// The open SQLite connections of a store, keyed by database name.
///
/// Each open transaction holds one connection; a transaction that ends hands its connection
/// back for reuse. At most `maximumConnections` are open across all databases. When the cap is
/// reached, an idle connection of another database is closed to make room; when every
/// connection is busy, ``acquire(database:)`` throws a transient error instead of waiting, so
/// no blocking-pool thread sleeps on the pool and drivers retry.
final class ConnectionPool: Sendable {
    private struct State {
        var idle: [String: [SQLiteConnection]] = [:]
        /// Open connections, idle or leased, plus slots reserved by opens still in progress.
        var openCount = 0
        var isClosed = false
    }

    private enum Decision {
        case reuse(SQLiteConnection)
        case open(evicting: SQLiteConnection?)
        case exhausted
        case closed
    }

    let maximumConnections: Int
    private let settings: SQLiteConnection.Settings
    private let logger: Logger
    private let pathForDatabase: @Sendable (String) -> String
    private let state = SleepingLock(State())

    init(
        maximumConnections: Int,
        settings: SQLiteConnection.Settings,
        logger: Logger,
        pathForDatabase: @escaping @Sendable (String) -> String
    ) {
        precondition(maximumConnections > 0, "a connection pool needs at least one connection")
        self.maximumConnections = maximumConnections
        self.settings = settings
        self.logger = logger
        self.pathForDatabase = pathForDatabase
    }

    /// Takes an idle connection to `database`, or opens one.
    ///
    /// - Throws: `Neo.TransientError.Transaction.DeadlockDetected` when all connections are in
    ///   use, `Neo.DatabaseError.General.UnknownError` when the pool is closed or the file
    ///   cannot be opened.
    func acquire(database: String) throws -> SQLiteConnection {
        let decision = state.withLock { state -> Decision in
            if state.isClosed { return .closed }
            if let connection = state.idle[database]?.popLast() { return .reuse(connection) }
            if state.openCount < maximumConnections {
                state.openCount += 1
                return .open(evicting: nil)
            }
            // Reuse the slot of an idle connection to another database.
            for (name, var connections) in state.idle {
                guard let victim = connections.popLast() else { continue }
                state.idle[name] = connections
                return .open(evicting: victim)
            }
            return .exhausted
        }
        switch decision {
        case .reuse(let connection):
            return connection
        case .closed:
            throw ServerError(.unknownError, "The graph store is closed.")
        case .exhausted:
            throw ServerError(
                .transientTransactionFailure,
                "All \(maximumConnections) store connections are in use by open transactions; retry the transaction."
            )
        case .open(let victim):
            victim?.close()
            do {
                let path = pathForDatabase(database)
                return try SQLiteConnection.open(path: path, databaseName: database, settings: settings, logger: logger)
            } catch {
                state.withLock { $0.openCount -= 1 }
                throw error
            }
        }
    }

    /// Returns a connection whose transaction has ended; a connection still inside a
    /// transaction, or one returned after ``close()``, is closed instead.
    func release(_ connection: SQLiteConnection) {
        let keep = !connection.isInTransaction
        let kept = state.withLock { state -> Bool in
            guard keep && !state.isClosed else {
                state.openCount -= 1
                return false
            }
            state.idle[connection.databaseName, default: []].append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Closes the idle connections and makes later ``acquire(database:)`` calls fail; leased
    /// connections close when their transactions end.
    func close() {
        let idle = state.withLock { state -> [SQLiteConnection] in
            state.isClosed = true
            let connections = state.idle.values.flatMap { $0 }
            state.idle.removeAll()
            state.openCount -= connections.count
            return connections
        }
        for connection in idle { connection.close() }
    }

    /// The number of open connections, idle or leased.
    var openCount: Int { state.withLock { $0.openCount } }
}
