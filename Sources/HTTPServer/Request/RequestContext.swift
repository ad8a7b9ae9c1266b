internal import CMicroHTTPD
internal import Host
internal import Synchronization

/// A libmicrohttpd connection pointer that a handler task carries to resume the connection.
///
/// The pointer stays valid while the connection is suspended: libmicrohttpd neither times out
/// nor closes a suspended connection, and ``ServerCore`` resumes every suspended connection before
/// it calls `MHD_stop_daemon`. Code outside the libmicrohttpd thread uses it only for
/// `MHD_resume_connection`, and only while the request is registered as suspended.
struct ConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// The state of one request, from its request line to libmicrohttpd's completion callback.
///
/// Lifetime: the URI-log callback creates the context and gives libmicrohttpd one retained
/// reference as the request's `con_cls`; the completion callback releases it. A handler task keeps
/// its own strong reference, so a handler that finishes late never touches freed memory.
///
/// Thread safety: every `var` is read and written only on the libmicrohttpd thread that polls the
/// connection, because libmicrohttpd never runs two callbacks for one connection at once. The
/// handler task gets an immutable ``HTTPRequest`` copy and touches only ``handoff``, behind a Mutex.
final class RequestContext: @unchecked Sendable {
    enum Phase {
        /// The request line arrived; header fields are still being read.
        case headers
        /// Header fields were checked; body data, if any, is arriving.
        case body
        /// The connection is suspended while the Swift handler runs.
        case handler
        /// A response was queued with libmicrohttpd.
        case responded
    }

    let id: UInt64
    let connection: ConnectionHandle
    let target: RequestTarget
    let remoteAddress: String
    let logger: Logger
    let started: ContinuousClock.Instant

    var phase = Phase.headers
    var method = ""
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// Body bytes received, including those dropped after the body passed the limit.
    var bodyBytesReceived = 0
    /// Whether the body passed the limit, so its bytes are counted and dropped.
    var isBodyTooLarge = false
    /// The status queued with libmicrohttpd, or 0 while none is.
    var status = 0
    /// Whether the request counts in ``ServerCore``'s admitted requests until it completes.
    var isAdmitted = false

    /// The handler's response, set by the handler task (or by shutdown) before the connection is
    /// resumed, and taken by the access callback that follows the resumption.
    let handoff = Mutex<HTTPResponse?>(nil)

    init(id: UInt64, connection: OpaquePointer, target: String, remoteAddress: String, logger: Logger) {
        self.id = id
        self.connection = ConnectionHandle(pointer: connection)
        self.target = RequestTarget(parsing: target)
        self.remoteAddress = remoteAddress
        self.logger = logger
        self.started = .now
    }

    var requestID: String { "http-\(id)" }

    /// Appends body data, or only counts it once the body is over `limit` bytes, so an oversized
    /// body is never buffered.
    func receiveBody(_ data: UnsafeRawBufferPointer, limit: Int) {
        bodyBytesReceived += data.count
        guard !isBodyTooLarge else { return }
        guard bodyBytesReceived <= limit else {
            isBodyTooLarge = true
            body = []
            return
        }
        body.append(contentsOf: data)
    }

    func makeRequest() -> HTTPRequest {
        var request = HTTPRequest(
            method: method,
            path: target.path,
            query: target.query,
            headers: headers,
            body: body,
            remoteAddress: remoteAddress
        )
        request.requestID = requestID
        return request
    }
}
