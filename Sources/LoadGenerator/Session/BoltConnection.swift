import BoltProtocol
import GraphValue

/// One client connection: the socket, the handshake, the login and requests with their
/// responses. It is used by one thread at a time and closes the socket on deinit.
final class BoltConnection {
    /// The size of the buffer each `recv` fills.
    static let receiveBufferSize = 1 << 16

    let version: BoltVersion
    private let socket: BlockingSocket
    private var reader = ResponseReader()
    private let receiveBuffer: UnsafeMutableRawBufferPointer
    /// When the reply of the current request must be complete, in ``MonotonicClock`` nanoseconds.
    /// The socket timeout alone bounds only each wait for bytes, so a server that keeps sending
    /// (NOOPs, endless RECORDs, a byte at a time) would otherwise hold the thread forever.
    private var replyDeadline: UInt64 = .max
    private let timeoutNanoseconds: UInt64

    /// Connects and completes the handshake.
    init(address: ServerAddress, handshake: ClientHandshake, timeoutSeconds: Double) throws(BoltClientError) {
        socket = try BlockingSocket(connectingTo: address, timeoutSeconds: timeoutSeconds)
        receiveBuffer = .allocate(byteCount: Self.receiveBufferSize, alignment: 1)
        timeoutNanoseconds = MonotonicClock.nanoseconds(fromSeconds: timeoutSeconds)
        do throws(BoltClientError) {
            try socket.send(handshake.proposal)
            var reply: [UInt8] = []
            while reply.count < 4 {
                let count = try socket.receive(into: receiveBuffer)
                guard count > 0 else {
                    throw BoltClientError.handshake("the server closed the connection after \(reply.count) reply bytes")
                }
                reply += UnsafeRawBufferPointer(rebasing: receiveBuffer[0..<count])
            }
            version = try handshake.agreedVersion(reply: Array(reply.prefix(4)))
            // A server sends nothing after its reply until HELLO, so extra bytes are an error
            // that the first response read reports.
            reader.feed(reply.dropFirst(4))
        } catch {
            receiveBuffer.deallocate()
            throw error
        }
    }

    deinit {
        receiveBuffer.deallocate()
    }

    /// Sends HELLO, and LOGON from Bolt 5.1 on in the same write, and checks that each gets
    /// SUCCESS.
    func logIn(credentials: Credentials, connectionIndex: Int, userAgent: String) throws(BoltClientError) {
        let auth = credentials.authToken(connectionIndex: connectionIndex)
        var bytes = RequestBytes.hello(version: version, userAgent: userAgent, auth: auth)
        if version.supportsLogon {
            bytes += RequestBytes.logon(auth: auth)
        }
        startReplyDeadline()
        try socket.send(bytes)
        try expectSuccess(to: "HELLO")
        if version.supportsLogon {
            try expectSuccess(to: "LOGON")
        }
    }

    /// Sends RUN and PULL in one write and reads up to PULL's summary; returns the number of
    /// records.
    ///
    /// - Throws: ``BoltClientError/failure(code:message:)`` for the first FAILURE, after both
    ///   summaries have been read, so that a RESET puts the connection back in order.
    ///   NOTE: PULL `{n: -1}` requests every record, so a SUCCESS with `has_more` is not
    ///   expected and not checked for.
    @discardableResult
    func run(_ request: QueryRequest) throws(BoltClientError) -> Int {
        startReplyDeadline()
        try socket.send(request.bytes)
        var summaries = 0
        var records = 0
        var failure: BoltClientError?
        while summaries < 2 {
            switch try nextResponse() {
            case .record:
                guard summaries == 1 else { throw .unexpectedResponse("RECORD before RUN's SUCCESS") }
                records += 1
            case .success, .ignored:
                summaries += 1
            case .failure:
                summaries += 1
                if failure == nil {
                    failure = try failureError()
                }
            }
        }
        if let failure { throw failure }
        return records
    }

    /// Sends RESET and reads its SUCCESS, which returns the connection to the ready state
    /// after a FAILURE.
    func reset() throws(BoltClientError) {
        startReplyDeadline()
        try socket.send(RequestBytes.reset)
        try expectSuccess(to: "RESET")
    }

    /// Sends GOODBYE, ignoring errors, since the connection closes next anyway.
    func sendGoodbye() {
        try? socket.send(RequestBytes.goodbye)
    }

    /// Returns the socket descriptor and gives up ownership, so that it stays open after deinit.
    func releaseDescriptor() -> Int32 {
        socket.releaseDescriptor()
    }

    private func expectSuccess(to request: String) throws(BoltClientError) {
        switch try nextResponse() {
        case .success:
            return
        case .failure:
            throw try failureError(inReplyTo: request)
        case let kind:
            throw .unexpectedResponse("\(kind.name) to \(request)")
        }
    }

    /// Converts the FAILURE message last read into an error, with the code from `neo4j_code`
    /// (Bolt 5.7+) or `code`, and names `request` in the message when given.
    private func failureError(inReplyTo request: String? = nil) throws(BoltClientError) -> BoltClientError {
        let metadata = try reader.decodeMetadata()
        let code: String
        if case .string(let text)? = metadata["neo4j_code"] ?? metadata["code"] {
            code = text
        } else {
            code = "(no code)"
        }
        let message: String
        if case .string(let text)? = metadata["message"] {
            message = text
        } else {
            message = "(no message)"
        }
        return .failure(code: code, message: request.map { "\(message) (in reply to \($0))" } ?? message)
    }

    /// Starts the time the reply to the request about to be sent may take: the socket timeout.
    private func startReplyDeadline() {
        replyDeadline = MonotonicClock.now() + timeoutNanoseconds
    }

    /// Returns the next message, receiving as needed.
    ///
    /// - Throws: ``BoltClientError/timedOut(seconds:)`` once the reply has taken longer than the
    ///   timeout. The clock is read before each `recv`, so a server that stalls just before the
    ///   deadline is caught when that `recv` times out, at most one timeout later.
    private func nextResponse() throws(BoltClientError) -> ResponseKind {
        while true {
            if let kind = try reader.nextMessage() { return kind }
            if MonotonicClock.now() > replyDeadline { throw .timedOut(seconds: socket.timeoutSeconds) }
            let count = try socket.receive(into: receiveBuffer)
            guard count > 0 else { throw .connectionClosed(midMessage: reader.hasPendingBytes) }
            reader.feed(UnsafeRawBufferPointer(rebasing: receiveBuffer[0..<count]))
        }
    }
}
