import HTTPServer
import Host
import JSON

/// Runs the statements of one request, in order, in a session's open transaction.
enum StatementRunner {
    /// The encoded results of the statements that succeeded, and the error that stopped the
    /// batch, if one did.
    struct Outcome {
        var results: [JSONValue] = []
        var error: ServerError?
    }

    /// Runs `statements` through ``QuerySession/run(_:parameters:database:readOnly:timeoutMilliseconds:)``,
    /// which re-validates the identity, parses, checks the permission gate and applies the
    /// transaction's deadline for each one. Stops at the first error, and the caller rolls back.
    ///
    /// `readOnly` makes writes fail with `AccessMode` even in a transaction begun for writing.
    static func run(
        _ statements: [StatementRequest],
        in session: QuerySession,
        readOnly: Bool,
        logger: Logger
    ) async -> Outcome {
        var outcome = Outcome()
        for (index, statement) in statements.enumerated() {
            // Without an open transaction `run` would commit the statement on its own, which an
            // explicit transaction must never do.
            guard session.inTransaction else {
                outcome.error = TransactionErrors.notFound
                break
            }
            do {
                let result = try await session.run(
                    statement.text,
                    parameters: statement.parameters,
                    database: nil,
                    readOnly: readOnly
                )
                outcome.results.append(statement.format.encode(result))
            } catch {
                let failure = ServerError.wrapping(error)
                // Parameters are never logged: they may hold passwords.
                logger.debug(
                    "HTTP statement failed",
                    metadata: ["statement.index": String(index), "error.code": failure.status.code]
                )
                outcome.error = failure
                break
            }
        }
        return outcome
    }
}

/// The `Access-Mode` request header, as Neo4j reads it: `READ` makes the statements read-only,
/// and `WRITE` or no header leaves them unrestricted. Case does not matter.
enum AccessModeHeader {
    /// True for `READ`.
    ///
    /// - Throws: 400 `InvalidFormat` for any other value, or for the header given twice.
    static func isReadOnly(_ request: HTTPRequest) throws(ServerError) -> Bool {
        let values = request.headers(named: "access-mode")
        guard let value = values.first else { return false }
        guard values.count == 1 else { throw TransactionErrors.invalidAccessMode }
        switch value.trimmingSpaces.uppercased() {
        case "READ": return true
        case "WRITE": return false
        default: throw TransactionErrors.invalidAccessMode
        }
    }
}
