internal import CSQLite
import Host

/// Maps SQLite result codes to the ``ServerError`` a client may see.
///
/// `SQLITE_BUSY` and `SQLITE_LOCKED` (another transaction holds a lock past the busy timeout,
/// or a stale snapshot tried to write) become `Neo.TransientError.Transaction.DeadlockDetected`,
/// so drivers retry the transaction. Every other code is a storage fault: the client gets a
/// generic `Neo.DatabaseError.General.UnknownError`, and SQLite's own message, which can name
/// files, goes only to the log.
enum SQLiteFault {
    static func make(code: Int32, message: String, databaseName: String, logger: Logger) -> ServerError {
        let primary = code & 0xFF
        let metadata = ["db.name": databaseName, "sqlite.code": String(code), "sqlite.message": message]
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            logger.debug("SQLite lock conflict", metadata: metadata)
            return busy(databaseName: databaseName)
        }
        logger.error("SQLite call failed", metadata: metadata)
        return storageError(databaseName: databaseName)
    }

    /// Returns the error for a transaction that lost a lock conflict, which a retry can fix.
    static func busy(databaseName: String) -> ServerError {
        ServerError(
            .transientTransactionFailure,
            "Database '\(databaseName)' is locked by another transaction that is writing; retry the transaction."
        )
    }

    /// Returns the generic error for a fault whose detail was logged.
    static func storageError(databaseName: String) -> ServerError {
        ServerError(
            .unknownError,
            "A storage error occurred in database '\(databaseName)'; see the server log for details."
        )
    }

    /// Logs why a stored record does not decode and returns the generic storage error.
    static func corruptRecord(_ what: String, databaseName: String, logger: Logger, reason: String) -> ServerError {
        logger.error(
            "Stored record does not decode",
            metadata: ["db.name": databaseName, "record": what, "reason": reason]
        )
        return storageError(databaseName: databaseName)
    }
}

extension ServerError.Status {
    // NOTE: Host's status table lacks AccessMode; this copy can move there when another
    // module needs it.
    /// `Neo.ClientError.Statement.AccessMode`: a write in a read-only transaction.
    static let accessMode = Self(
        code: "Neo.ClientError.Statement.AccessMode",
        gqlStatus: "42N02",
        gqlDescription: "error: syntax error or access rule violation - writing in read access mode"
    )
}
