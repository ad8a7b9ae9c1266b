import HTTPServer
import Host
import JSON

extension TransactionEndpoints {
    /// `POST /db/{db}/tx/commit`: one transaction for the statements, committed when all succeed.
    func commitAtOnce(_ request: RequestContext, database requested: String) async throws(ServerError)
        -> HTTPResponse
    {
        let identity = try await authenticate(request)
        let statements = try StatementBatch.parse(request.request)
        let readOnly = try AccessModeHeader.isReadOnly(request.request)
        let database = try context.queries.resolveDatabase(requested)
        let logger = request.logger.with(["principal": identity.principal])
        let session = context.queries.makeSession(identity: identity, origin: request.request.origin, logger: logger)
        do {
            try await session.begin(database: database, readOnly: readOnly)
        } catch {
            throw Self.beginFailure(error, logger: logger)
        }

        let outcome = await StatementRunner.run(statements, in: session, readOnly: readOnly, logger: logger)
        if let error = outcome.error {
            await session.rollback()
            logger.debug("HTTP implicit transaction rolled back", metadata: ["error.code": error.status.code])
            return .json(200, TransactionBody.make(results: outcome.results, error: error))
        }
        do {
            let bookmark = try await session.commit()
            logger.debug("HTTP implicit transaction committed", metadata: ["database": database])
            return .json(200, TransactionBody.make(results: outcome.results, error: nil, bookmark: bookmark))
        } catch {
            // A failed commit has already rolled back.
            let failure = ServerError.wrapping(error)
            logger.debug("HTTP implicit transaction commit failed", metadata: ["error.code": failure.status.code])
            return .json(200, TransactionBody.make(results: outcome.results, error: failure))
        }
    }

    /// `POST /db/{db}/tx`: begins a transaction and runs the statements in it.
    ///
    /// Returns 201 with `Location` when the transaction stays open. When a statement fails, the
    /// transaction is rolled back and the response is 200 with the error and no `Location`.
    func begin(_ request: RequestContext, database requested: String) async throws(ServerError) -> HTTPResponse {
        let identity = try await authenticate(request)
        let statements = try StatementBatch.parse(request.request)
        let readOnly = try AccessModeHeader.isReadOnly(request.request)
        let database = try context.queries.resolveDatabase(requested)

        let id = HTTPTransaction.newID()
        let logger = request.logger.with(["http.transaction": id, "principal": identity.principal])
        let interrupter = SessionInterrupter()
        let transaction = HTTPTransaction(
            id: id,
            database: database,
            owner: TransactionOwner(identity),
            session: context.queries.makeSession(
                identity: identity,
                origin: request.request.origin,
                logger: logger,
                interrupter: interrupter
            ),
            interrupter: interrupter,
            logger: logger
        )
        try registry.register(transaction)

        do {
            try await transaction.session.begin(database: database, readOnly: readOnly)
        } catch {
            registry.remove(transaction)
            throw Self.beginFailure(error, logger: logger)
        }
        logger.debug("HTTP transaction began", metadata: ["database": database, "read_only": String(readOnly)])
        return await continueOrEnd(
            transaction,
            statements: statements,
            readOnly: readOnly,
            request: request,
            status: 201
        )
    }

    /// `POST /db/{db}/tx/{id}`: runs more statements and restarts the idle timer.
    func run(_ request: RequestContext, database: String, id: String) async throws(ServerError) -> HTTPResponse {
        let identity = try await authenticate(request)
        let statements = try StatementBatch.parse(request.request)
        let readOnly = try AccessModeHeader.isReadOnly(request.request)
        let transaction = try await acquire(id, database: database, identity: identity, request: request)
        return await continueOrEnd(
            transaction,
            statements: statements,
            readOnly: readOnly,
            request: request,
            status: 200
        )
    }

    /// `POST /db/{db}/tx/{id}/commit`: runs the final statements and commits.
    func commit(_ request: RequestContext, database: String, id: String) async throws(ServerError) -> HTTPResponse {
        let identity = try await authenticate(request)
        let statements = try StatementBatch.parse(request.request)
        let readOnly = try AccessModeHeader.isReadOnly(request.request)
        let transaction = try await acquire(id, database: database, identity: identity, request: request)

        let session = transaction.session
        let outcome = await StatementRunner.run(statements, in: session, readOnly: readOnly, logger: transaction.logger)
        var failure = outcome.error
        var reason = "statement error"
        if failure == nil, registry.isDoomed(transaction) {
            failure = TransactionErrors.shuttingDown
            reason = "server shutdown"
        }
        if let failure {
            await Self.rollBack(transaction, reason: reason, logger: transaction.logger)
            registry.remove(transaction)
            return .json(200, TransactionBody.make(results: outcome.results, error: failure))
        }

        defer { registry.remove(transaction) }
        do {
            let bookmark = try await session.commit()
            transaction.logger.debug(
                "HTTP transaction committed",
                metadata: ["http.transaction": transaction.id, "principal": transaction.owner.principal]
            )
            return .json(200, TransactionBody.make(results: outcome.results, error: nil, bookmark: bookmark))
        } catch {
            // A failed commit has already rolled back.
            let error = ServerError.wrapping(error)
            transaction.logger.debug(
                "HTTP transaction commit failed",
                metadata: ["http.transaction": transaction.id, "error.code": error.status.code]
            )
            return .json(200, TransactionBody.make(results: outcome.results, error: error))
        }
    }

    /// `DELETE /db/{db}/tx/{id}`: rolls back; 200 with empty `results` and `errors`.
    func rollBack(_ request: RequestContext, database: String, id: String) async throws(ServerError)
        -> HTTPResponse
    {
        let identity = try await authenticate(request)
        let transaction = try await acquire(id, database: database, identity: identity, request: request)
        await Self.rollBack(transaction, reason: "client request", logger: transaction.logger)
        registry.remove(transaction)
        return .json(200, TransactionBody.make(results: [], error: nil))
    }

    // MARK: Steps

    /// Runs statements in a leased transaction, then keeps it open (`status`, with `commit` and
    /// `transaction`) or, after an error or at shutdown, rolls it back and ends it (200).
    private func continueOrEnd(
        _ transaction: HTTPTransaction,
        statements: [StatementRequest],
        readOnly: Bool,
        request: RequestContext,
        status: Int
    ) async -> HTTPResponse {
        let outcome = await StatementRunner.run(
            statements,
            in: transaction.session,
            readOnly: readOnly,
            logger: transaction.logger
        )
        if let error = outcome.error {
            await Self.rollBack(transaction, reason: "statement error", logger: transaction.logger)
            registry.remove(transaction)
            return .json(200, TransactionBody.make(results: outcome.results, error: error))
        }
        guard registry.keep(transaction) else {
            await Self.rollBack(transaction, reason: "server shutdown", logger: transaction.logger)
            registry.remove(transaction)
            return .json(200, TransactionBody.make(results: outcome.results, error: TransactionErrors.shuttingDown))
        }
        let location = TransactionBody.location(
            baseURL: request.baseURL,
            database: transaction.database,
            id: transaction.id
        )
        let open = TransactionBody.OpenTransaction(
            location: location,
            expiresAt: UnixTime.now() + Int64(registry.idleTimeout.components.seconds)
        )
        let body = TransactionBody.make(results: outcome.results, error: nil, open: open)
        return .json(status, body, headers: status == 201 ? [("Location", location)] : [])
    }

    /// Logs why a transaction could not begin and returns the error for the client.
    private static func beginFailure(_ error: any Error, logger: Logger) -> ServerError {
        let failure = ServerError.wrapping(error)
        if failure.status == .unknownError {
            logger.error("HTTP transaction begin failed", metadata: ["error": "\(error)"])
        } else {
            logger.debug("HTTP transaction begin failed", metadata: ["error.code": failure.status.code])
        }
        return failure
    }

    /// Leases the transaction `id` to this request, or throws 404 `TransactionNotFound` or 409
    /// `TransactionAccessedConcurrently` as the registry decides.
    private func acquire(_ id: String, database: String, identity: Identity, request: RequestContext)
        async throws(ServerError) -> HTTPTransaction
    {
        let owner = TransactionOwner(identity)
        switch registry.acquire(id: id, owner: owner, database: database.lowercased()) {
        case .acquired(let transaction):
            return transaction
        case .busy:
            throw TransactionErrors.accessedConcurrently
        case .notFound(let reason, let expired):
            request.logger.debug(
                "HTTP transaction not found",
                metadata: ["http.transaction": id, "principal": identity.principal, "reason": reason]
            )
            if let expired { await Self.rollBack(expired, reason: "idle timeout", logger: expired.logger) }
            throw TransactionErrors.notFound
        }
    }
}
