public import Host

/// An HTTP/1.1 server on libmicrohttpd that turns each request into an ``HTTPRequest``, awaits the
/// handler, and sends its ``HTTPResponse``.
///
/// The server reads the whole request, including a chunked body, before the handler runs, and
/// enforces the limits of ``Configuration`` itself, responding with JSON error bodies. Requests on
/// one connection (keep-alive or pipelined) get their responses in order. Handlers run concurrently in
/// Swift tasks; libmicrohttpd's thread never waits for one.
///
/// ```swift
/// let server = try HTTPServer(configuration: .init(port: 0), logger: logger) { request in
///     HTTPResponse(status: 200, body: request.body)
/// }
/// print(server.port)
/// await server.stop()
/// ```
public final class HTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    private let core: ServerCore
    /// The bound TCP port, which is the ephemeral one chosen when the configured port was 0.
    public let port: UInt16

    /// Binds the configured address and starts serving on libmicrohttpd's own thread.
    ///
    /// - Parameters:
    ///   - logger: Receives info lines at start and stop, and libmicrohttpd's errors. At debug level
    ///     it also gets one line per request with method, path, status and duration, but never
    ///     header values or bodies.
    ///   - handler: Called once per request, concurrently for different requests.
    /// - Throws: ``HTTPServerError`` when the configuration is invalid or the address cannot be
    ///   bound; its message names the address and port.
    public init(configuration: Configuration, logger: Logger, handler: @escaping Handler) throws {
        try configuration.validate()
        let socket = try ListeningSocket.open(host: configuration.address, port: configuration.port)
        let core = ServerCore(configuration: configuration, logger: logger, handler: handler)
        let daemon: DaemonHandle
        do {
            daemon = try Daemon.start(core: core, socket: socket)
        } catch {
            socket.close()
            throw error
        }
        core.lifecycle.withLock { $0 = .running(daemon, socket) }
        self.core = core
        self.port = socket.port
        logger.info(
            "HTTP server listening",
            metadata: ["http.address": configuration.address, "http.port": String(socket.port)]
        )
    }

    /// Stops the server: stops accepting connections, lets running handlers finish for up to
    /// ``Configuration/shutdownGracePeriod``, sends 503 to requests still waiting, then closes
    /// every connection. Safe to call more than once; a call while another is stopping waits for
    /// that one to finish.
    public func stop() async {
        await core.stop()
    }

    deinit {
        core.stopWithoutWaiting()
    }
}
