import BoltProtocol
import GraphValue
import Host
import NetworkIO
import Synchronization
import TLS

/// One Bolt connection: the handshake, then batches of requests through the state machine.
///
/// `@unchecked Sendable` is safe because only the task that runs ``run()`` touches the mutable
/// state. Other tasks may only call ``shutdown()``. It closes the socket, which is thread-safe
/// and makes the running task's next read end.
final class BoltConnection: @unchecked Sendable {
    let id: String
    let socket: TCPConnection
    let context: ConnectionContext
    /// The socket, or TLS over it once the client started a TLS handshake.
    var transport: any BoltTransport
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
    /// How long a client may take from connecting to its first successful login.
    static let authenticationTimeout: Duration = .seconds(30)

    init(id: String, socket: TCPConnection, context: ConnectionContext) {
        self.id = id
        self.socket = socket
        self.context = context
        self.transport = socket
        self.logger = context.logger.with(["bolt.connection.id": id, "client.address": socket.peerAddress])
        socket.setPeerClosedHandler { [interrupter] in interrupter.interrupt() }
    }

    func shutdown() { socket.close() }

    /// Serves the connection until the client leaves, a fatal error, or shutdown.
    func run() async {
        logger.info("connection opened")
        let watchdogLogger = logger
        let watchdog = Task { [self] in
            try? await Task.sleep(for: Self.authenticationTimeout)
            if !Task.isCancelled, !hasAuthenticated.load(ordering: .acquiring) {
                watchdogLogger.info("closing: no successful login within \(Self.authenticationTimeout)")
                socket.close()
            }
        }
        defer { watchdog.cancel() }
        if let first = await chooseTransport(), let leftover = await negotiate(startingWith: first) {
            await serve(startingWith: leftover)
        }
        if let session { await session.rollback() }
        session = nil
        if let tls = transport as? TLSTransport { await tls.close() }
        socket.close()
        logger.info("connection closed")
    }

    // MARK: Handshake

    /// Reads the client's first bytes and, when they start a TLS handshake, completes it.
    ///
    /// Returns the first plaintext bytes for the Bolt handshake, or nil when the connection
    /// ends: the client left, the handshake failed, or plaintext is rejected. The login watchdog
    /// is already running, so a client that stalls in the TLS handshake is closed with it.
    private func chooseTransport() async -> [UInt8]? {
        var first: [UInt8] = []
        while first.isEmpty {
            guard let bytes = await socket.read() else { return nil }
            first = bytes
        }
        guard let tls = context.tls else { return first }
        guard first[0] == Self.tlsHandshakeRecord else {
            if tls.required {
                logger.info("closing: plaintext Bolt is rejected because TLS is required")
                return nil
            }
            return first
        }
        let secure: TLSTransport
        do {
            secure = try TLSTransport(socket: socket, context: tls.contexts.current(), initial: first, logger: logger)
        } catch {
            logger.error("closing: cannot start a TLS session: \(error)")
            return nil
        }
        if let failure = await secure.handshake() {
            logger.info("closing: TLS handshake failed: \(failure)")
            return nil
        }
        transport = secure
        logger = logger.with(secure.summary)
        logger.debug("TLS handshake completed")
        return []
    }

    /// The first byte of a TLS handshake record; Bolt's magic starts with 0x60.
    static let tlsHandshakeRecord: UInt8 = 0x16

    /// Runs the version handshake from `first` on; returns the bytes that followed it, or nil
    /// on failure.
    private func negotiate(startingWith first: [UInt8]) async -> [UInt8]? {
        var handshake = BoltHandshake()
        var next: [UInt8]? = first
        while let bytes = next {
            let progress = handshake.feed(bytes)
            if !progress.reply.isEmpty, await !transport.write(progress.reply) { return nil }
            switch progress.outcome {
            case .pending:
                next = await transport.read()
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
        var decoder = ChunkDecoder()
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
                if !output.isEmpty, await !transport.write(output.takeBytes()) { return }
                if closeAfterReply { return }
            }
            guard let bytes = await readBeforeTransactionDeadline() else { return }
            decoder.feed(bytes)
        }
    }

    /// Reads the next bytes; while a transaction is open, rolls it back at its deadline.
    ///
    /// A statement checks the deadline while it runs, but an idle client would otherwise keep
    /// the transaction and its write lock until its next request. At the deadline a timer wakes
    /// the read, the transaction rolls back here on the connection's own task, and the client's
    /// next request in it fails with `TransactionTimedOut`.
    private func readBeforeTransactionDeadline() async -> [UInt8]? {
        while true {
            guard let session, let deadline = session.transactionDeadlineNanoseconds else {
                return await transport.read()
            }
            let remaining = deadline - UnixTime.nowNanoseconds()
            if remaining <= 0 {
                // Past the deadline already: a timer could fire before the read starts waiting.
                if await session.expireIfPastDeadline() {
                    logger.info("rolled back an idle transaction that passed its timeout")
                }
                continue
            }
            let timer = Task { [socket] in
                try? await Task.sleep(for: .nanoseconds(remaining))
                if !Task.isCancelled { socket.wakeReader() }
            }
            let bytes = await transport.read()
            timer.cancel()
            if let bytes, bytes.isEmpty {
                if await session.expireIfPastDeadline() {
                    logger.info("rolled back an idle transaction that passed its timeout")
                }
                continue
            }
            return bytes
        }
    }

    private func handle(_ request: BoltRequest, into output: inout ChunkEncoder) async {
        logger.trace("request \(request.kind.name)", metadata: ["bolt.state": "\(machine.state)"])
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
