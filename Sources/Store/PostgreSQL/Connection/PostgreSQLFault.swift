import Host

/// Maps PostgreSQL failures to the ``ServerError`` a client may see, keeping the SQLSTATE.
///
/// - `40001` (serialization failure), `40P01` (deadlock) and `55P03` (lock wait timed out)
///   become `Neo.TransientError.Transaction.DeadlockDetected`, so drivers retry the transaction.
/// - A lost or refused connection, SQLSTATE class `08`, and `57P01`...`57P03` (the server is
///   shutting down or starting) become `Neo.TransientError.General.DatabaseUnavailable`, which
///   drivers also retry.
/// - Everything else is a storage fault: the client gets `Neo.DatabaseError.General.UnknownError`
///   with the SQLSTATE, and PostgreSQL's message goes only to the log.
enum PostgreSQLFault {
    static func make(sqlState: String?, message: String, databaseName: String, logger: Logger) -> ServerError {
        let state = sqlState ?? "none"
        let metadata = ["db.name": databaseName, "postgres.sqlstate": state, "postgres.message": message]
        switch sqlState {
        case "40001", "40P01", "55P03":
            logger.debug("PostgreSQL transaction conflict", metadata: metadata)
            return ServerError(
                .transientTransactionFailure,
                "Database '\(databaseName)': the transaction conflicted with another one (SQLSTATE \(state)); "
                    + "retry the transaction."
            )
        case let code? where code.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(code):
            logger.warning("PostgreSQL connection failed", metadata: metadata)
            return unavailable(databaseName: databaseName, sqlState: state)
        case nil:
            // libpq reports no SQLSTATE when the connection itself broke.
            logger.warning("PostgreSQL connection failed", metadata: metadata)
            return unavailable(databaseName: databaseName, sqlState: state)
        default:
            logger.error("PostgreSQL query failed", metadata: metadata)
            return ServerError(
                .unknownError,
                "A storage error occurred in database '\(databaseName)' (SQLSTATE \(state)); "
                    + "see the server log for details."
            )
        }
    }

    /// Returns the error for a PostgreSQL server that cannot be reached, which a retry can fix.
    static func unavailable(databaseName: String, sqlState: String = "none") -> ServerError {
        ServerError(
            .databaseUnavailable,
            "Database '\(databaseName)' is unavailable: the PostgreSQL server cannot be reached "
                + "(SQLSTATE \(sqlState)); retry later."
        )
    }

    /// Logs why a stored record does not decode and returns the generic storage error.
    static func corruptRecord(_ what: String, databaseName: String, logger: Logger, reason: String) -> ServerError {
        logger.error(
            "Stored record does not decode",
            metadata: ["db.name": databaseName, "record": what, "reason": reason]
        )
        return ServerError(
            .unknownError,
            "A storage error occurred in database '\(databaseName)'; see the server log for details."
        )
    }
}

extension ServerError.Status {
    // NOTE: Host's status table lacks these two; the copies can move there when another module
    // needs them. The GQLSTATUS values are an estimate from Neo4j 5's status table.
    /// `Neo.TransientError.General.DatabaseUnavailable`: the storage server cannot be reached.
    static let databaseUnavailable = Self(
        code: "Neo.TransientError.General.DatabaseUnavailable",
        gqlStatus: "08N01",
        gqlDescription: "error: connection exception - database unavailable"
    )

    /// `Neo.ClientError.Statement.AccessMode`: a write in a read-only transaction.
    static let accessMode = Self(
        code: "Neo.ClientError.Statement.AccessMode",
        gqlStatus: "42N02",
        gqlDescription: "error: syntax error or access rule violation - writing in read access mode"
    )
}
