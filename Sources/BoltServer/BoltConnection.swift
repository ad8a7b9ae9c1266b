import BoltProtocol
import GraphValue
import Host
import NetworkIO
import Synchronization
import TLS

/// One Bolt connection: the handshake, then batches of requests through the state machine.
///
/// `@unchecked Sendable` is safe because only the task that runs ``run()`` touches the mutable
/// state. Other tasks may only call ``shutdown()`` and the timer methods, which read atomics and
/// the locked logger, and close or wake the socket, which is thread-safe.
final class BoltConnection: @unchecked Sendable {
    let id: String
    let socket: TCPConnection
    let context: ConnectionContext
    /// The socket, or TLS over it once the client started a TLS handshake.
    var transport: any BoltTransport
    /// This connection's logger; locked because ``ConnectionTimers`` logs with it from its own task.
    var logger: Logger {
        get { sharedLogger.withLock { $0 } }
        set { sharedLogger.withLock { $0 = newValue } }
    }
    private let sharedLogger: Mutex<Logger>
    var machine = BoltStateMachine(version: .v5_8)
    var format = BoltWireFormat.latest
    var session: QuerySession?
    var streams: [Int64: ResultStream] = [:]
    var nextQueryID: Int64 = 0
    var lastQueryID: Int64 = -1
    var closeAfterReply = false
    /// `CLOCK_MONOTONIC` nanoseconds when the connection was accepted; the login timeout counts
    /// from here.
    let openedNanoseconds = UnixTime.monotonicNanoseconds()
    /// Set once a login succeeds; read by ``ConnectionTimers``.
    let hasAuthenticated = Atomic<Bool>(false)
    /// Set when ``ConnectionTimers`` closes the connection, so that it logs the close once.
    let isClosedByTimer = Atomic<Bool>(false)
    /// Cancels the running statement when the client disconnects or the server stops.
    let interrupter = SessionInterrupter()
    /// The FAILURE every request gets when the connection is over the server's limit.
    let rejection: ServerError?
    /// `CLOCK_MONOTONIC` nanoseconds when the last whole request arrived or the last reply was
    /// sent, or 0 before the handshake has finished. The idle timeout counts from here. Bytes of
    /// an unfinished message do not count, so a client that trickles a message slowly is closed too.
    let lastActivityNanoseconds = Atomic<Int64>(0)
    /// Odd while a reply is being written: each write adds one when it starts and one when it
    /// ends. Read by ``ConnectionTimers``.
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
        self.transport = socket
        self.rejection = rejection
        self.sharedLogger = Mutex(
            context.logger.with(["bolt.connection.id": id, "client.address": socket.peerAddress])
        )
        socket.setPeerClosedHandler { [interrupter] in interrupter.interrupt() }
    }

    /// Cancels the running statement and closes the socket, so that ``run()`` ends soon and
    /// rolls back the open transaction.
    func shutdown() {
        interrupter.interrupt()
        socket.close()
    }

    /// Serves the connection until the client leaves, a fatal error, or shutdown.
    func run() async {
        if rejection != nil {
            logger.info("rejecting: the server has NORNICDB_MAX_CONNECTIONS connections open")
        } else {
            logger.info("connection opened")
        }
        if let first = await chooseTransport(), let leftover = await negotiate(startingWith: first) {
            await serve(startingWith: leftover)
        }
        if let session { await session.rollback() }
        session = nil
        releaseTransactionHold()
        if let tls = transport as? TLSTransport { await tls.close() }
        socket.close()
        logger.info("connection closed")
    }

    // MARK: Handshake

    /// Reads the client's first bytes and, when they start a TLS handshake, completes it.
    ///
    /// Returns the first plaintext bytes for the Bolt handshake, or nil when the connection
    /// ends: the client left, the handshake failed, or plaintext is rejected. The login timeout
    /// counts from the accept, so it also closes a client that stalls in the TLS handshake.
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
        markActivity()
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
