import BoltProtocol
import GraphValue
import Host

extension BoltConnection {
    /// Carries out one admitted request; returns its replies and, for PULL and DISCARD,
    /// whether the stream stays open. Throws the error to send as FAILURE.
    func process(_ request: BoltRequest) async throws -> ([BoltResponse], Bool) {
        switch request {
        case .hello(let extra):
            let hello = HelloSuccess(
                version: format.version,
                helloExtra: extra,
                connectionID: id,
                serverAgent: context.serverAgent
            )
            format = hello.format
            var metadata = hello.metadata
            if format.version.helloCarriesAuth {
                let identity = try await authenticate(AuthToken(boltFields: extra))
                if identity.credentialsExpired { metadata["credentials_expired"] = true }
            }
            return ([.success(metadata)], false)
        case .logon(let auth):
            let identity = try await authenticate(AuthToken(boltFields: auth))
            return ([.success(identity.credentialsExpired ? ["credentials_expired": true] : [:])], false)
        case .logoff:
            await endSession()
            return ([.success([:])], false)
        case .reset:
            streams.removeAll()
            await session?.rollback()
            return ([.success([:])], false)
        case .telemetry:
            return ([.success([:])], false)
        case .run(let query, let parameters, let extra):
            return ([try await run(query, parameters: parameters, extra: extra)], false)
        case .pull(let stream):
            return try pull(stream, discard: false)
        case .discard(let stream):
            return try pull(stream, discard: true)
        case .begin(let extra):
            let session = try requireSession()
            try holdTransaction(for: session.identity.principal)
            do {
                try await session.begin(
                    database: extra.database,
                    readOnly: extra.mode == .read,
                    timeoutMilliseconds: extra.timeoutMilliseconds
                )
            } catch {
                releaseTransactionHoldIfEnded()
                throw error
            }
            return ([.success([:])], false)
        case .commit:
            streams.removeAll()
            let bookmark = try await requireSession().commit()
            return ([.success(["bookmark": .string(bookmark)])], false)
        case .rollback:
            streams.removeAll()
            await (try requireSession()).rollback()
            return ([.success([:])], false)
        case .route(let route):
            return ([try routingTable(route)], false)
        case .goodbye:
            return ([], false)
        }
    }

    // MARK: Authentication

    private func authenticate(_ token: AuthToken) async throws -> Identity {
        let authLogger = context.authLogger.with(logger.metadata)
        let origin = LoginOrigin(channel: "bolt", peer: socket.peerAddress, connectionID: id)
        let identity = try await context.queries.authenticator.authenticate(token, origin: origin, logger: authLogger)
        if let session {
            await session.reauthenticate(as: identity)
        } else {
            session = context.queries.makeSession(
                identity: identity,
                origin: origin,
                logger: logger,
                interrupter: interrupter
            )
        }
        logger = logger.with(["auth.principal": identity.principal])
        hasAuthenticated.store(true, ordering: .releasing)
        logger.debug("authenticated")
        return identity
    }

    private func endSession() async {
        streams.removeAll()
        await session?.rollback()
        session = nil
    }

    private func requireSession() throws -> QuerySession {
        guard let session else {
            throw ServerError(.unauthorized, "The connection is not authenticated; send LOGON first.")
        }
        return session
    }

    // MARK: Results

    private func run(_ query: String, parameters: [String: Value], extra: TransactionExtra) async throws
        -> BoltResponse
    {
        let session = try requireSession()
        guard streams.count < Self.maximumOpenResults else {
            throw ServerError(
                .requestInvalid,
                "This connection already has \(Self.maximumOpenResults) open results, the limit; PULL or DISCARD "
                    + "them before running more statements."
            )
        }
        let inTransaction = session.inTransaction
        let started = UnixTime.nowNanoseconds()
        let result = try await session.run(
            query,
            parameters: parameters,
            database: extra.database,
            readOnly: extra.mode == .read,
            timeoutMilliseconds: extra.timeoutMilliseconds
        )
        let database = try session.transactionDatabase ?? context.queries.resolveDatabase(extra.database)
        let elapsedMilliseconds = (UnixTime.nowNanoseconds() - started) / 1_000_000
        let queryID = nextQueryID
        nextQueryID += 1
        lastQueryID = queryID
        streams[queryID] = ResultStream(
            result: result,
            database: database,
            autoCommit: !inTransaction,
            bookmark: inTransaction ? nil : session.nextBookmark()
        )
        var metadata: [String: Value] = [
            "fields": .list(result.columns.map(Value.string)),
            "t_first": .integer(elapsedMilliseconds),
        ]
        if inTransaction { metadata["qid"] = .integer(queryID) }
        return .success(metadata)
    }

    private func pull(_ request: StreamRequest, discard: Bool) throws -> ([BoltResponse], Bool) {
        let queryID = request.queryID == StreamRequest.lastQuery ? lastQueryID : request.queryID
        guard var stream = streams[queryID] else {
            throw ServerError(.requestInvalid, "There is no open result with qid \(request.queryID).")
        }
        var responses: [BoltResponse] = []
        if discard {
            stream.skip(request.count)
        } else {
            for row in stream.take(request.count) { responses.append(.record(row)) }
        }
        if stream.remaining > 0 {
            streams[queryID] = stream
            responses.append(.success(["has_more": true]))
            return (responses, true)
        }
        streams.removeValue(forKey: queryID)
        responses.append(.success(stream.summary()))
        return (responses, false)
    }

    private func routingTable(_ route: RouteRequest) throws -> BoltResponse {
        let database = try context.queries.resolveDatabase(route.database)
        // The address the client used reaches this server; the bound one may be a wildcard.
        let address: Value =
            if case .string(let advertised)? = route.context["address"] { .string(advertised) } else {
                .string(context.listenAddress)
            }
        if let cluster = context.cluster, !cluster.advertisedAddress.isEmpty {
            // Every member reads and writes the shared database, so each role lists every live
            // member. The short ttl makes drivers drop a member soon after it goes down.
            let addresses = cluster.liveAddresses().map { Value.string($0) }
            return Self.routingTable(database: database, addresses: addresses, ttl: 10)
        }
        return Self.routingTable(database: database, addresses: [address], ttl: 300)
    }

    private static func routingTable(database: String, addresses: [Value], ttl: Int64) -> BoltResponse {
        let servers: [Value] = ["ROUTE", "READ", "WRITE"].map { role in
            .map(["addresses": .list(addresses), "role": .string(role)])
        }
        return .success(["rt": .map(["ttl": .integer(ttl), "db": .string(database), "servers": .list(servers)])])
    }
}
