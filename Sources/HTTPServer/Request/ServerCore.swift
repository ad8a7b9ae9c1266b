internal import CMicroHTTPD
internal import Host
internal import Synchronization

/// The state that libmicrohttpd's callbacks share: configuration, the handler, request counters,
/// the suspended requests and the daemon itself.
///
/// libmicrohttpd gets an unretained pointer to the core as every callback's `cls`. That is safe
/// because ``HTTPServer`` owns the core and stops the daemon (joining its thread) before it lets
/// the core go, in ``stop()`` or in its `deinit`.
final class ServerCore: Sendable {
    struct DispatchState {
        /// Set by shutdown; afterwards no request is suspended and new ones get 503.
        var isStopping = false
        /// Requests whose connection is suspended while their handler runs, by request id.
        var suspended: [UInt64: RequestContext] = [:]
    }

    enum Lifecycle {
        case starting
        case running(DaemonHandle, ListeningSocket)
        case stopping
        case stopped
    }

    let configuration: HTTPServer.Configuration
    let logger: Logger
    let handler: HTTPServer.Handler
    let daemonMessages: DaemonMessageLog

    /// The maximum body capacity reserved from a declared `Content-Length` before the bytes arrive.
    static let maximumBodyReservation = 256 * 1024
    /// The number of characters of a request path that the request log line shows.
    static let maximumLoggedPathLength = 256

    let dispatch = Mutex(DispatchState())
    let lifecycle = Mutex(Lifecycle.starting)
    /// Handlers started and not yet returned; bounded by `maximumConcurrentRequests`.
    let handlersInFlight = Atomic<Int>(0)
    /// Requests given to a handler whose completion callback has not run yet. Shutdown waits for
    /// this count to reach 0, so that their responses go out before connections close.
    let admittedRequests = Atomic<Int>(0)
    private let lastRequestID = Atomic<UInt64>(0)

    init(configuration: HTTPServer.Configuration, logger: Logger, handler: @escaping HTTPServer.Handler) {
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
        self.daemonMessages = DaemonMessageLog(logger: logger)
    }

    /// Creates the context of a request whose request line just arrived, with its own logger.
    func makeContext(connection: OpaquePointer, target: String) -> RequestContext {
        let id = lastRequestID.add(1, ordering: .relaxed).newValue
        var remoteAddress = ""
        if let info = CMicroHTTPD_get_connection_info(connection, .CONNECTION_INFO_CLIENT_ADDRESS),
            let address = info.pointee.client_addr
        {
            remoteAddress = SocketAddress.text(of: address)
        }
        return RequestContext(
            id: id,
            connection: connection,
            target: target,
            remoteAddress: remoteAddress,
            logger: logger.with(["http.request.id": "http-\(id)"])
        )
    }

    /// Handles one access callback of `context`; see libmicrohttpd's `MHD_AccessHandlerCallback`.
    ///
    /// libmicrohttpd calls it once when the header fields are complete, once per piece of body
    /// data, once more when the body is complete, and again after the connection is resumed.
    func access(
        _ context: RequestContext,
        method: String,
        uploadData: UnsafePointer<CChar>?,
        uploadDataSize: UnsafeMutablePointer<Int>
    ) -> MHD_Result {
        switch context.phase {
        case .headers:
            context.method = method
            return checkHeaders(context)
        case .body:
            let size = uploadDataSize.pointee
            guard size == 0 else {
                uploadDataSize.pointee = 0
                return receiveBody(context, UnsafeRawBufferPointer(start: uploadData, count: size))
            }
            if context.isBodyTooLarge {
                return ResponseQueue.queue(
                    ServerResponses.bodyTooLarge(maximumBytes: configuration.maximumBodyBytes),
                    for: context
                )
            }
            return startHandler(for: context)
        case .handler:
            // The connection was resumed, so the response is in the handoff.
            guard let response = context.handoff.withLock({ $0.take() }) else {
                context.logger.error("HTTP connection resumed without a response; sending 500")
                return ResponseQueue.queue(ServerResponses.internalError(), for: context)
            }
            return ResponseQueue.queue(response, for: context)
        case .responded:
            return .YES
        }
    }

    /// Checks the header block against the limits and collects the header fields.
    private func checkHeaders(_ context: RequestContext) -> MHD_Result {
        let connection = context.connection.pointer
        context.phase = .body

        if let info = CMicroHTTPD_get_connection_info(connection, .CONNECTION_INFO_REQUEST_HEADER_SIZE),
            info.pointee.header_size > configuration.maximumHeaderBytes
        {
            // Queued before the body is read, so libmicrohttpd closes the connection afterwards.
            return ResponseQueue.queue(
                ServerResponses.headersTooLarge(maximumBytes: configuration.maximumHeaderBytes),
                for: context
            )
        }

        context.headers = HeaderFields.read(from: connection)
        // Checked at the first access callback, before libmicrohttpd reads any body byte, so the
        // bytes of a request with an uncertain end are never read as a body or a next request.
        if let violation = RequestFraming.violation(in: context.headers) {
            context.logger.debug("HTTP request framing rejected; sending 400", metadata: ["http.error": violation])
            return ResponseQueue.queue(ServerResponses.malformedRequest(violation), for: context)
        }

        // RequestFraming allows at most one Content-Length, so this is the only one.
        let declaredLength = context.headers.first { $0.name == "content-length" }.flatMap { Int($0.value) }
        if let declaredLength, declaredLength > configuration.maximumBodyBytes {
            return ResponseQueue.queue(
                ServerResponses.bodyTooLarge(maximumBytes: configuration.maximumBodyBytes),
                for: context
            )
        }
        if let declaredLength {
            // Capped, so clients that declare large bodies and send nothing reserve little memory.
            context.body.reserveCapacity(min(declaredLength, Self.maximumBodyReservation))
        }
        return .YES
    }

    private func receiveBody(_ context: RequestContext, _ data: UnsafeRawBufferPointer) -> MHD_Result {
        context.receiveBody(data, limit: configuration.maximumBodyBytes)
        // A chunked body has no declared length, so the 413 can only follow its last chunk.
        // Dropping more than another maximumBodyBytes of it is not worth the bandwidth: close.
        let dropLimit = configuration.maximumBodyBytes.multipliedReportingOverflow(by: 2)
        if !dropLimit.overflow && context.bodyBytesReceived > dropLimit.partialValue {
            context.logger.debug("HTTP chunked body far over the limit; closing the connection")
            return .NO
        }
        return .YES
    }

    /// Logs the request line and releases the request's counters; called from the completion callback.
    func complete(_ context: RequestContext, termination: MHD_RequestTerminationCode) {
        if context.isAdmitted {
            admittedRequests.subtract(1, ordering: .releasing)
        }
        guard context.logger.isEnabled(.debug) else { return }
        let elapsed = ContinuousClock.now - context.started
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        context.logger.debug(
            "HTTP request",
            metadata: [
                "http.method": context.method,
                // Cut, so a client cannot write tens of kilobytes into the log per request.
                "http.path": String(context.target.path.prefix(Self.maximumLoggedPathLength)),
                "http.status": String(context.status),
                "http.duration_ms": String(Double(micros) / 1000),
                "http.remote": context.remoteAddress,
                "http.termination": DaemonCallbacks.describe(termination),
            ]
        )
    }
}
