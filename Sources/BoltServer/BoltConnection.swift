import BoltProtocol
import GraphValue
import Host
import NetworkIO
import Synchronization

/// One Bolt connection: the handshake, then batches of requests through the state machine.
///
/// `@unchecked Sendable` is safe because only the task that runs ``run()`` touches the mutable
/// state. Other tasks may only call ``shutdown()``. It closes the socket, which is thread-safe
/// and makes the running task's next read end.
final class BoltConnection: @unchecked Sendable {
    let id: String
    let socket: TCPConnection
    let context: ConnectionContext
    var logger: Logger
    var machine = BoltStateMachine(version: .v5_8)
    var format = BoltWireFormat.latest
    var session: QuerySession?
    var streams: [Int64: ResultStream] = [:]
    var nextQueryID: Int64 = 0
    var lastQueryID: Int64 = -1
    var closeAfterReply = false
    /// Set once a login succeeds; read by the authentication watchdog on another task.
    let hasAuthenticated = Atomic<Bool>(false)
    /// Cancels the running statement when the client disconnects.
    let interrupter = SessionInterrupter()
    /// The FAILURE every request gets when the connection is over the server's limit.
    let rejection: ServerError?
    /// When the last whole request arrived or the last reply was sent; the idle timeout counts
    /// from here. Bytes of an unfinished message do not count, so a client that trickles a
    /// message slowly is closed too.
    let lastActivityNanoseconds = Atomic<Int64>(0)
    /// Odd while a reply is being written: each write adds one when it starts and one when it
    /// ends. Read by the write watchdog on another task.
    let writeSequence = Atomic<Int>(0)
    /// The principal whose transaction count includes this connection's open transaction.
    var transactionHolder: String?
    // NOTE: Neo4j does not bound the results open in one transaction. Each result keeps its rows
    // in memory, so 100 is a guess far above what drivers open (one per RUN not yet consumed).
    /// The maximum number of results one connection keeps open. A RUN beyond it fails with
    /// `Neo.ClientError.Request.Invalid`.
    static let maximumOpenResults = 100

    init(id: String, socket: TCPConnection, context: ConnectionContext, rejection: ServerError? = nil) {
        self.id = id
        self.socket = socket
        self.context = context
        self.rejection = rejection
        self.logger = context.logger.with(["bolt.connection.id": id, "client.address": socket.peerAddress])
        socket.setPeerClosedHandler { [interrupter] in interrupter.interrupt() }
    }

    func shutdown() { socket.close() }

    /// Serves the connection until the client leaves, a fatal error, or shutdown.
    func run() async {
        if rejection != nil {
            logger.info("rejecting: the server has NORNICDB_MAX_CONNECTIONS connections open")
        } else {
            logger.info("connection opened")
        }
        let watchdogLogger = logger
        let loginTimeout = Duration.seconds(context.limits.loginTimeoutSeconds)
        let watchdog = Task { [self] in
            try? await Task.sleep(for: loginTimeout)
            if !Task.isCancelled, !hasAuthenticated.load(ordering: .acquiring) {
                watchdogLogger.info("closing: no successful login within \(loginTimeout)")
                socket.close()
            }
        }
        defer { watchdog.cancel() }
        if let leftover = await negotiate() {
            await serve(startingWith: leftover)
        }
        if let session { await session.rollback() }
        session = nil
        releaseTransactionHold()
        socket.close()
        logger.info("connection closed")
    }

    // MARK: Handshake

    /// Runs the version handshake; returns the bytes that followed it, or nil on failure.
    private func negotiate() async -> [UInt8]? {
        var handshake = BoltHandshake()
        while let bytes = await socket.read() {
            let progress = handshake.feed(bytes)
            if !progress.reply.isEmpty, await !socket.write(progress.reply) { return nil }
            switch progress.outcome {
            case .pending:
                continue
            case .agreed(let version):
                machine = BoltStateMachine(version: version)
                format = BoltWireFormat(version: version)
                logger = logger.with(["bolt.version": "\(version)"])
                logger.debug("handshake agreed")
                return progress.leftover
            case .failed(let failure):
                logger.info("handshake failed: \(failure)")
                return nil
            }
        }
        return nil
    }

    // MARK: Requests

    private func serve(startingWith leftover: [UInt8]) async {
        markActivity()
        let writeWatchdog = watchWrites()
        let idleWatchdog = watchIdleTime()
        defer {
            writeWatchdog.cancel()
            idleWatchdog?.cancel()
        }
        var decoder = ChunkDecoder(maximumMessageSize: context.limits.maximumMessageBytes)
        decoder.feed(leftover)
        while true {
            var batch: [BoltRequest] = []
            var decodeFailure: ServerError?
            do {
                while let body = try decoder.nextMessage() {
                    batch.append(try BoltRequest(decoding: body, format: format))
                }
            } catch {
                decodeFailure = error
            }
            if !batch.isEmpty || decodeFailure != nil {
                markActivity()
                var output = ChunkEncoder()
                if batch.dropFirst().contains(where: { $0.kind == .reset }) { machine.interrupt() }
                for request in batch where !closeAfterReply {
                    await handle(request, into: &output)
                }
                if let decodeFailure, !closeAfterReply {
                    logger.info("malformed message: \(decodeFailure.message)")
                    output.append(.failure(decodeFailure, version: format.version), format: format)
                    closeAfterReply = true
                }
                releaseTransactionHoldIfEnded()
                if !output.isEmpty, await !send(output.takeBytes()) { return }
                if closeAfterReply {
                    await drainBeforeClose()
                    return
                }
                markActivity()
            }
            guard let bytes = await readBeforeDeadlines() else { return }
            decoder.feed(bytes)
        }
    }

    // NOTE: one second and 1 MiB are guesses: enough for requests a client pipelined behind
    // the one that failed, small enough that a client cannot keep a closing connection.
    /// How long, and how many bytes, a closing connection reads and discards after its last reply.
    static let drainTime: Duration = .seconds(1)
    static let drainBytes = 1 << 20

    /// Ends the connection after a final reply without losing it: the client may still be
    /// sending requests it pipelined, and closing with them unread would reset the connection
    /// and discard the reply before the client reads it. Sends FIN, then discards what arrives
    /// until the client closes, for at most ``drainTime`` and ``drainBytes``.
    private func drainBeforeClose() async {
        socket.shutdownWrite()
        let timer = Task { [socket] in
            try? await Task.sleep(for: Self.drainTime)
            if !Task.isCancelled { socket.close() }
        }
        defer { timer.cancel() }
        var drained = 0
        while drained < Self.drainBytes, let bytes = await socket.read() {
            drained += bytes.count
        }
    }

    /// Writes a reply while ``watchWrites()`` watches it.
    private func send(_ bytes: [UInt8]) async -> Bool {
        writeSequence.add(1, ordering: .releasing)
        defer { writeSequence.add(1, ordering: .releasing) }
        return await socket.write(bytes)
    }

    /// Closes the connection when the client reads none of a reply for the write timeout.
    /// Without that, a client that stops reading would keep its transaction and its locks for
    /// as long as it likes. One task per connection checks once per timeout, so a stalled
    /// write is found between one and two timeouts after the client stopped reading.
    private func watchWrites() -> Task<Void, Never> {
        let timeout = Duration.seconds(context.limits.writeTimeoutSeconds)
        return Task { [self, socket, logger] in
            var last = (sequence: -1, sent: -1)
            while !Task.isCancelled {
                try? await Task.sleep(for: timeout)
                let current = (sequence: writeSequence.load(ordering: .acquiring), sent: socket.sentByteCount)
                if !Task.isCancelled, current.sequence % 2 == 1, current == last {
                    logger.info("closing: the client read none of the reply within \(timeout)")
                    socket.close()
                    return
                }
                last = current
            }
        }
    }

    /// Reads the next bytes, and rolls back the open transaction at its deadline. Returns nil,
    /// which closes the connection, once no request has arrived for the idle timeout.
    ///
    /// A statement checks the deadline while it runs, but an idle client would otherwise keep
    /// the transaction and its write lock until its next request. At the deadline a timer wakes
    /// the read, the transaction rolls back here on the connection's own task, and the client's
    /// next request in it fails with `TransactionTimedOut`.
    private func readBeforeDeadlines() async -> [UInt8]? {
        let idleTimeout = context.limits.idleTimeoutSeconds
        while true {
            let now = UnixTime.nowNanoseconds()
            if idleTimeout > 0, now >= lastActivityNanoseconds.load(ordering: .acquiring) + idleTimeout * 1_000_000_000
            {
                logger.info("closing: no request within the idle timeout of \(idleTimeout) seconds")
                return nil
            }
            var transactionDeadline = session?.transactionDeadlineNanoseconds
            if let session, let deadline = transactionDeadline, now >= deadline {
                // Past the deadline already: a timer could fire before the read starts waiting.
                if await session.expireIfPastDeadline() {
                    logger.info("rolled back an idle transaction that passed its timeout")
                }
                releaseTransactionHoldIfEnded()
                transactionDeadline = session.transactionDeadlineNanoseconds
                if let deadline = transactionDeadline, UnixTime.nowNanoseconds() >= deadline {
                    transactionDeadline = nil
                }
            }
            let timer = transactionDeadline.map { deadline in
                Task { [socket] in
                    try? await Task.sleep(for: .nanoseconds(max(0, deadline - UnixTime.nowNanoseconds())))
                    if !Task.isCancelled { socket.wakeReader() }
                }
            }
            let bytes = await socket.read()
            timer?.cancel()
            // An empty read is a wake-up from a timer or the idle watchdog: check again.
            if let bytes, bytes.isEmpty { continue }
            return bytes
        }
    }

    /// Records a whole request received or a reply sent, which restarts the idle timeout.
    private func markActivity() {
        lastActivityNanoseconds.store(UnixTime.nowNanoseconds(), ordering: .releasing)
    }

    /// Wakes the pending read once the idle timeout has passed since the last activity, so that
    /// ``readBeforeDeadlines()`` closes the connection; nil when the timeout is off. One task per
    /// connection, so a read costs no timer. While a request is being processed no read is
    /// pending, so the task checks again each second until the reply marks new activity.
    private func watchIdleTime() -> Task<Void, Never>? {
        let timeout = context.limits.idleTimeoutSeconds * 1_000_000_000
        guard timeout > 0 else { return nil }
        return Task { [self, socket] in
            while !Task.isCancelled {
                let remaining = lastActivityNanoseconds.load(ordering: .acquiring) + timeout - UnixTime.nowNanoseconds()
                if remaining <= 0 { socket.wakeReader() }
                try? await Task.sleep(for: .nanoseconds(max(remaining, 1_000_000_000)))
            }
        }
    }

    // MARK: Transactions per user

    /// Counts a transaction about to begin against the user's limit; throws over it.
    func holdTransaction(for principal: String) throws(ServerError) {
        releaseTransactionHold()
        try context.transactions.take(principal)
        transactionHolder = principal
    }

    /// Gives the count back once the transaction has ended, however it ended.
    func releaseTransactionHoldIfEnded() {
        if session?.inTransaction != true { releaseTransactionHold() }
    }

    func releaseTransactionHold() {
        guard let holder = transactionHolder else { return }
        context.transactions.release(holder)
        transactionHolder = nil
    }

    private func handle(_ request: BoltRequest, into output: inout ChunkEncoder) async {
        logger.trace("request \(request.kind.name)", metadata: ["bolt.state": "\(machine.state)"])
        if let rejection {
            output.append(.failure(rejection, version: format.version), format: format)
            closeAfterReply = true
            return
        }
        switch machine.admit(request) {
        case .ignore:
            output.append(.ignored, format: format)
        case .close:
            closeAfterReply = true
        case .fail(let error, let close):
            logger.info("protocol violation: \(error.message)")
            output.append(.failure(error, version: format.version), format: format)
            closeAfterReply = close
        case .process:
            do {
                let (responses, streamOpen) = try await process(request)
                for response in responses { output.append(response, format: format) }
                machine.finish(request, .success(streamOpen: streamOpen))
            } catch {
                let failure = ServerError.wrapping(error)
                output.append(.failure(failure, version: format.version), format: format)
                machine.finish(request, .failure)
                if machine.state == .defunct || Self.closesConnection(failure) { closeAfterReply = true }
            }
        }
    }

    /// Security failures after login end the connection, as drivers expect: they reconnect
    /// and, with an auth manager, refresh their credentials.
    static func closesConnection(_ error: ServerError) -> Bool {
        [.unauthorized, .tokenExpired, .authorizationExpired, .authenticationRateLimit].contains(error.status)
    }
}
