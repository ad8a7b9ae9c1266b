import Host

extension ServerError.Status {
    /// Neo4j's code for a second request on a transaction that is still serving one.
    static let transactionAccessedConcurrently = Self(
        code: "Neo.ClientError.Transaction.TransactionAccessedConcurrently",
        gqlStatus: "25N00",
        gqlDescription: "error: invalid transaction state"
    )
    /// Neo4j's code for a database that is not serving requests, here while the server stops.
    static let databaseUnavailable = Self(
        code: "Neo.TransientError.General.DatabaseUnavailable",
        gqlStatus: "08N00",
        gqlDescription: "error: connection exception - unable to connect to database"
    )
}

/// The errors of the transactional endpoints that are not a statement's own.
enum TransactionErrors {
    /// Unknown, expired, rolled back, another identity's, or on another database: the same
    /// error for each, so a client cannot tell that someone else's transaction exists.
    static let notFound = ServerError(
        .transactionNotFound,
        "Unrecognized transaction id. Transaction may have timed out and been rolled back."
    )

    /// HTTP 409: the transaction is running another request of the same client.
    static let accessedConcurrently = ServerError(
        .transactionAccessedConcurrently,
        "The transaction is serving another request; send requests on one transaction one at a time."
    )

    static let shuttingDown = ServerError(
        .databaseUnavailable,
        "The server is shutting down and rolled back the transaction; retry it on the restarted server."
    )

    static func tooManyForPrincipal(_ principal: String, limit: Int) -> ServerError {
        ServerError(
            .resourceExhaustion,
            "User '\(principal)' already has \(limit) open HTTP transactions; commit or roll one back first."
        )
    }

    static func tooManyInTotal(limit: Int) -> ServerError {
        ServerError(
            .resourceExhaustion,
            "The server already has \(limit) open HTTP transactions; retry when some have finished."
        )
    }

    static let invalidAccessMode = ServerError.invalidRequest("The Access-Mode header must be READ or WRITE, once.")
}
