import Host
internal import Synchronization

/// A bounded set of connections to one PostgreSQL database.
///
/// Each transaction or repository call leases one connection and hands it back when it ends.
/// At most `maximumConnections` are open. When every connection is leased, ``acquire()`` throws
/// a transient error instead of waiting, so no blocking-pool thread sleeps on the pool and
/// drivers retry. A connection handed back broken, or still inside a transaction, is closed;
/// a broken one also closes the idle ones, which a PostgreSQL restart broke as well.
final class PostgreSQLConnectionPool: Sendable {
    private struct State {
        var idle: [PostgreSQLConnection] = []
        /// Open connections, idle or leased, plus slots reserved by connects in progress.
        var openCount = 0
        var isClosed = false
    }

    let maximumConnections: Int
    /// The URL without its password, for logs and messages.
    let redactedURL: String
    private let connectionString: String
    private let logger: Logger
    private let state = Mutex(State())

    /// - Parameter connectionString: libpq's connection string; it contains the password and is
    ///   never logged.
    init(maximumConnections: Int, connectionString: String, redactedURL: String, logger: Logger) {
        precondition(maximumConnections > 0, "a connection pool needs at least one connection")
        self.maximumConnections = maximumConnections
        self.connectionString = connectionString
        self.redactedURL = redactedURL
        self.logger = logger
    }

    /// Takes an idle connection, or connects a new one.
    ///
    /// - Throws: `Neo.TransientError.Transaction.DeadlockDetected` when all connections are in
    ///   use, `Neo.TransientError.General.DatabaseUnavailable` when PostgreSQL cannot be reached,
    ///   `Neo.DatabaseError.General.UnknownError` when the pool is closed.
    func acquire(databaseName: String) throws -> PostgreSQLConnection {
        enum Decision {
            case reuse(PostgreSQLConnection)
            case connect
            case exhausted
            case closed
        }
        let decision = state.withLock { state -> Decision in
            if state.isClosed { return .closed }
            if let connection = state.idle.popLast() { return .reuse(connection) }
            guard state.openCount < maximumConnections else { return .exhausted }
            state.openCount += 1
            return .connect
        }
        let connection: PostgreSQLConnection
        switch decision {
        case .reuse(let idle):
            connection = idle
        case .closed:
            throw ServerError(.unknownError, "The PostgreSQL store is closed.")
        case .exhausted:
            throw ServerError(
                .transientTransactionFailure,
                "All \(maximumConnections) PostgreSQL connections are in use by open transactions; "
                    + "retry the transaction."
            )
        case .connect:
            do {
                connection = try PostgreSQLConnection.connect(
                    connectionString: connectionString,
                    redactedURL: redactedURL,
                    logger: logger
                )
            } catch {
                state.withLock { $0.openCount -= 1 }
                throw error
            }
        }
        connection.databaseName = databaseName
        return connection
    }

    /// Returns a connection whose transaction has ended.
    func release(_ connection: PostgreSQLConnection) {
        let broken = !connection.isUsable
        let keep = !broken && connection.isIdle
        let closing = state.withLock { state -> [PostgreSQLConnection] in
            guard keep && !state.isClosed else {
                state.openCount -= 1
                guard broken else { return [connection] }
                let idle = state.idle
                state.idle.removeAll()
                state.openCount -= idle.count
                return [connection] + idle
            }
            state.idle.append(connection)
            return []
        }
        if broken && closing.count > 1 {
            logger.info(
                "Closing idle PostgreSQL connections after one broke",
                metadata: ["db.url": redactedURL, "connections": String(closing.count - 1)]
            )
        }
        for connection in closing { connection.close() }
    }

    /// Leases a connection for `body` and hands it back afterwards.
    func withConnection<T>(databaseName: String, _ body: (PostgreSQLConnection) throws -> T) throws -> T {
        let connection = try acquire(databaseName: databaseName)
        defer { release(connection) }
        return try body(connection)
    }

    /// Closes the idle connections and makes later ``acquire(databaseName:)`` calls fail; leased
    /// connections close when they are handed back.
    func close() {
        let idle = state.withLock { state -> [PostgreSQLConnection] in
            state.isClosed = true
            let connections = state.idle
            state.idle.removeAll()
            state.openCount -= connections.count
            return connections
        }
        for connection in idle { connection.close() }
    }

    /// The number of open connections, idle or leased.
    var openCount: Int { state.withLock { $0.openCount } }
}
