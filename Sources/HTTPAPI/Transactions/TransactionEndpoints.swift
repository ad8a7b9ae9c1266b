import HTTPServer
import Host

/// Neo4j's transactional HTTP endpoints under `/db/{db}/tx`.
///
/// | Request | Effect |
/// |---|---|
/// | `POST /db/{db}/tx/commit` | runs the statements in one transaction and commits |
/// | `POST /db/{db}/tx` | begins a transaction, runs the statements, returns 201 with `Location` |
/// | `POST /db/{db}/tx/{id}` | runs more statements; `{"statements": []}` only keeps it alive |
/// | `POST /db/{db}/tx/{id}/commit` | runs the final statements and commits |
/// | `DELETE /db/{db}/tx/{id}` | rolls back |
///
/// Every request authenticates from its own `Authorization` header, and every statement runs
/// through ``QuerySession``, which re-validates the identity and checks the permission gate. A
/// statement error rolls the transaction back and ends it, as Neo4j does; the error is then in
/// `errors` with status 200. An unknown, expired or ended transaction, one of another identity
/// (principal and provider) and one on another database all give 404 `TransactionNotFound`. A
/// request on a transaction that is still serving another one gives 409
/// `TransactionAccessedConcurrently`. A transaction idle for
/// ``HTTPAPIConfiguration/transactionIdleTimeoutSeconds``, or idle past its transaction timeout,
/// is rolled back by a background task.
final class TransactionEndpoints: Sendable {
    let context: APIContext
    let registry: TransactionRegistry
    private let reaper: Task<Void, Never>

    /// The longest ``shutdown()`` waits for requests that hold a transaction to roll it back.
    static let shutdownGrace: Duration = .seconds(10)

    convenience init(context: APIContext) {
        self.init(context: context, limits: TransactionLimits())
    }

    /// Starts the task that rolls back idle transactions; ``shutdown()`` stops it.
    init(context: APIContext, limits: TransactionLimits) {
        self.context = context
        // A timeout below one second would roll back transactions between a client's requests.
        let timeout = Duration.seconds(max(1, context.configuration.transactionIdleTimeoutSeconds))
        let registry = TransactionRegistry(idleTimeout: timeout, limits: limits)
        self.registry = registry
        // Checking four times per timeout keeps the overshoot under a quarter of it, at most 1 s.
        let interval = min(timeout / 4, .seconds(1))
        let logger = context.logger
        reaper = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                for (transaction, reason) in registry.removeExpired() {
                    await Self.rollBack(transaction, reason: reason, logger: transaction.logger)
                }
            }
            logger.debug("HTTP transaction reaper stopped")
        }
    }

    func handle(_ request: RequestContext) async -> HTTPResponse {
        let segments = request.segments
        let unknownPath = HTTPResponse.notFound("No endpoint exists for \(request.method) \(request.request.path).")
        guard segments.count >= 3, segments.count <= 5, segments[2] == "tx" else { return unknownPath }
        let database = segments[1]
        let method = request.method
        switch segments.count {
        case 3:
            guard method == "POST" else { return .methodNotAllowed(["POST"]) }
            return await respond { () async throws(ServerError) in try await begin(request, database: database) }
        case 4 where segments[3] == "commit":
            guard method == "POST" else { return .methodNotAllowed(["POST"]) }
            return await respond { () async throws(ServerError) in try await commitAtOnce(request, database: database) }
        case 4:
            let id = segments[3]
            switch method {
            case "POST":
                return await respond { () async throws(ServerError) in
                    try await run(request, database: database, id: id)
                }
            case "DELETE":
                return await respond { () async throws(ServerError) in
                    try await rollBack(request, database: database, id: id)
                }
            default:
                return .methodNotAllowed(["POST", "DELETE"])
            }
        default:
            guard segments[4] == "commit" else { return unknownPath }
            guard method == "POST" else { return .methodNotAllowed(["POST"]) }
            let id = segments[3]
            return await respond { () async throws(ServerError) in
                try await commit(request, database: database, id: id)
            }
        }
    }

    /// Rolls back every open transaction and stops the reaper.
    ///
    /// Transactions serving a request are interrupted, and their requests roll them back as they
    /// end; this waits up to ``shutdownGrace`` for that. New transactions are rejected from the start.
    func shutdown() async {
        reaper.cancel()
        let (idle, leased) = registry.close()
        for transaction in leased { transaction.interrupter.interrupt() }
        for transaction in idle {
            await Self.rollBack(transaction, reason: "server shutdown", logger: transaction.logger)
        }
        let deadline = ContinuousClock.now + Self.shutdownGrace
        while registry.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let remaining = registry.count
        if remaining > 0 {
            context.logger.warning(
                "HTTP transactions still serving requests at shutdown",
                metadata: ["count": String(remaining)]
            )
        }
    }

    // MARK: Shared steps

    /// Runs a handler, turning an error it throws before any statement ran into an error response.
    private func respond(_ handler: () async throws(ServerError) -> HTTPResponse) async -> HTTPResponse {
        do {
            return try await handler()
        } catch {
            return .failure(error, status: Self.status(of: error))
        }
    }

    /// Returns the HTTP status of an error that ends a request before its statements run.
    static func status(of error: ServerError) -> Int {
        switch error.status {
        case .transactionAccessedConcurrently: 409
        case .resourceExhaustion: 429
        case .databaseUnavailable: 503
        default: HTTPStatus.of(error)
        }
    }

    /// Authenticates the request's `Authorization` header through the same authenticator as Bolt.
    func authenticate(_ request: RequestContext) async throws(ServerError) -> Identity {
        let logger = context.authLogger.with(request.logger.metadata)
        return try await context.authentication.identity(of: request.request, logger: logger)
    }

    /// Rolls back a transaction the caller has removed from the registry or holds the lease of.
    static func rollBack(_ transaction: HTTPTransaction, reason: String, logger: Logger) async {
        await transaction.session.rollback()
        logger.debug(
            "HTTP transaction rolled back",
            metadata: [
                "http.transaction": transaction.id, "principal": transaction.owner.principal, "reason": reason,
            ]
        )
    }
}
