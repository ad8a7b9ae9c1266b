internal import CPostgreSQL
import Host

/// One libpq connection to the PostgreSQL server.
///
/// Every call blocks on the network, so callers run on the server's blocking pool, as they do
/// for the SQLite store. Invariant: one thread uses a connection at a time, because
/// ``PostgreSQLConnectionPool`` hands each connection to one transaction or repository call and
/// takes it back only when that ends. That invariant makes the `@unchecked Sendable`
/// conformance sound.
final class PostgreSQLConnection: @unchecked Sendable {
    /// The name used in messages and logs: a graph database name, or `system` for accounts.
    var databaseName: String
    let logger: Logger
    private var handle: OpaquePointer?

    private init(handle: OpaquePointer, databaseName: String, logger: Logger) {
        self.handle = handle
        self.databaseName = databaseName
        self.logger = logger
    }

    deinit { close() }

    /// Connects with libpq's `key=value` connection string.
    ///
    /// - Parameter redactedURL: the URL without its password, for the log.
    /// - Throws: `Neo.TransientError.General.DatabaseUnavailable` if the server cannot be
    ///   reached or rejects the login; libpq's reason goes to the log.
    static func connect(connectionString: String, redactedURL: String, logger: Logger) throws -> PostgreSQLConnection {
        guard let handle = PQconnectdb(connectionString) else {
            throw ServerError(.unknownError, "libpq could not allocate a PostgreSQL connection.")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines()
            PQfinish(handle)
            logger.warning(
                "Cannot connect to PostgreSQL",
                metadata: ["db.url": redactedURL, "postgres.message": message]
            )
            throw PostgreSQLFault.unavailable(databaseName: "system")
        }
        let connection = PostgreSQLConnection(handle: handle, databaseName: "system", logger: logger)
        // Writers wait at most 5 s for the database's writer lock, as SQLite's busy timeout does,
        // then fail with a transient error. Notices such as "already exists, skipping" stay out
        // of standard error.
        try connection.execute("SET client_min_messages = warning; SET lock_timeout = '5s'")
        return connection
    }

    /// True while the connection works; a connection that broke stays broken.
    var isUsable: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// True when no transaction is open and no command is running.
    var isIdle: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// True inside a transaction that a failed statement aborted.
    var isInFailedTransaction: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) == PQTRANS_INERROR
    }

    /// Runs one or more statements without parameters, such as `BEGIN` or a migration script.
    func execute(_ sql: String) throws {
        let handle = try openHandle()
        try check(PQexec(handle, sql)).map { _ in () }
    }

    /// Runs one statement with binary parameters (`$1`, `$2`, …) and returns its rows in binary
    /// format.
    @discardableResult
    func query(_ sql: String, _ parameters: [PostgreSQLParameter] = []) throws -> PostgreSQLResult {
        let handle = try openHandle()
        let types = parameters.map(\.typeOID)
        let values = parameters.map(\.binaryValue)
        let lengths = values.map { Int32($0?.count ?? 0) }
        let formats = [Int32](repeating: 1, count: parameters.count)
        // libpq reads each value through a C pointer during the call. Copies in allocated
        // buffers keep them alive, and an empty value still gets a non-null pointer.
        let pointers = values.map { value -> UnsafeMutablePointer<CChar>? in
            guard let value else { return nil }
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(value.count, 1))
            value.withUnsafeBytes { raw in
                buffer.withMemoryRebound(to: UInt8.self, capacity: max(value.count, 1)) { target in
                    for (offset, byte) in raw.enumerated() { target[offset] = byte }
                }
            }
            return buffer
        }
        defer { for pointer in pointers { pointer?.deallocate() } }
        let constPointers = pointers.map { $0.map { UnsafePointer($0) } }
        let result = constPointers.withUnsafeBufferPointer { valuePointers in
            PQexecParams(handle, sql, Int32(parameters.count), types, valuePointers.baseAddress, lengths, formats, 1)
        }
        guard let rows = try check(result) else {
            throw ServerError(.unknownError, "PostgreSQL returned no result for a query.")
        }
        return rows
    }

    /// Closes the connection; later calls fail.
    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    private func openHandle() throws -> OpaquePointer {
        guard let handle else { throw PostgreSQLFault.unavailable(databaseName: databaseName) }
        return handle
    }

    /// Returns the result if the command succeeded, or throws the mapped error.
    private func check(_ result: OpaquePointer?) throws -> PostgreSQLResult? {
        guard let result else {
            // libpq returns no result when it is out of memory or the connection broke.
            let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "connection closed"
            throw PostgreSQLFault.make(
                sqlState: nil,
                message: message.trimmingTrailingNewlines(),
                databaseName: databaseName,
                logger: logger
            )
        }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
            return PostgreSQLResult(result)
        }
        let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let message = String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines()
        PQclear(result)
        throw PostgreSQLFault.make(sqlState: sqlState, message: message, databaseName: databaseName, logger: logger)
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while text.last?.isNewline == true { text = text.dropLast() }
        return String(text)
    }
}
