internal import CMicroHTTPD

/// A running libmicrohttpd daemon.
///
/// libmicrohttpd's daemon functions used here (`MHD_quiesce_daemon`, `MHD_stop_daemon`) may be
/// called from any thread; ``ServerCore`` calls each exactly once, in that order.
struct DaemonHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Starts libmicrohttpd on a listening socket.
///
/// Options chosen, with libmicrohttpd 0.9.75:
/// - one internal polling thread; it only parses and sends, because handlers run in Swift tasks
///   while their connection is suspended;
/// - poll(2), not epoll: measured with 0.9.75's epoll mode, a client that sent part of a request
///   body and then closed its side was noticed only at the connection timeout, and with poll at
///   once;
/// - `MHD_OPTION_STRICT_FOR_CLIENT` 1, which rejects HTTP/1.1 requests without `Host` and other
///   malformed requests with 400, as RFC 9112 requires;
/// - `MHD_ALLOW_SUSPEND_RESUME`, which also opens the inter-thread channel that resumption and
///   `MHD_quiesce_daemon` need;
/// - the server's own socket through `MHD_OPTION_LISTEN_SOCKET`, so the bound address is exact;
/// - a per-connection memory pool of twice `maximumHeaderBytes` plus 32 KiB, so a header block a
///   little over the limit still fits and gets the server's JSON 431. A far larger one overflows
///   the pool and gets libmicrohttpd's own 431 with an HTML body. At the defaults the pool is
///   160 KiB, reserved per accepted connection;
/// - for HTTPS, `MHD_USE_TLS` with GnuTLS, TLS 1.2 at least, and the certificate chosen per
///   handshake by ``HTTPSCallbacks/certificate``, so that a changed certificate file serves new
///   connections without a restart.
enum Daemon {
    static func start(core: ServerCore, socket: ListeningSocket) throws(HTTPServerError) -> DaemonHandle {
        let configuration = core.configuration
        var flags =
            MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_POLL.rawValue
            | MHD_ALLOW_SUSPEND_RESUME.rawValue | MHD_USE_ERROR_LOG.rawValue
        let corePointer = Unmanaged.passUnretained(core).toOpaque()
        let coreArgument = OpaquePointer(corePointer)
        let memoryLimit = configuration.maximumHeaderBytes * 2 + 32 * 1024

        // libmicrohttpd wants the logger first, so that no message goes to its own standard-error logger.
        var arguments: [any CVarArg] = [
            option(.EXTERNAL_LOGGER), functionPointer(DaemonCallbacks.daemonMessage), coreArgument,
            option(.LISTEN_SOCKET), socket.descriptor,
            option(.CONNECTION_LIMIT), UInt32(configuration.maximumConnections),
            option(.CONNECTION_TIMEOUT), UInt32(configuration.connectionTimeoutSeconds),
            option(.CONNECTION_MEMORY_LIMIT), memoryLimit,
            option(.URI_LOG_CALLBACK), functionPointer(DaemonCallbacks.uriLog), coreArgument,
            option(.NOTIFY_COMPLETED), functionPointer(DaemonCallbacks.completed), coreArgument,
            option(.NOTIFY_CONNECTION), functionPointer(DaemonCallbacks.connectionNotified), coreArgument,
            option(.STRICT_FOR_CLIENT), Int32(1),
        ]
        if configuration.maximumConnectionsPerAddress > 0 {
            arguments += [option(.PER_IP_CONNECTION_LIMIT), UInt32(configuration.maximumConnectionsPerAddress)]
        }
        if configuration.tls != nil {
            flags |= MHD_USE_TLS.rawValue
            arguments += [
                option(.HTTPS_CERT_CALLBACK), functionPointer(HTTPSCallbacks.certificate),
                option(.HTTPS_PRIORITIES), HTTPSCallbacks.priorities,
            ]
        }
        arguments.append(option(.END))

        // The port argument is ignored because MHD_OPTION_LISTEN_SOCKET is given.
        let daemon = withVaList(arguments) { list in
            MHD_start_daemon_va(flags, 0, nil, nil, DaemonCallbacks.access, corePointer, list)
        }
        guard let daemon else {
            let display = SocketAddress.display(host: configuration.address, port: socket.port)
            throw HTTPServerError(.startFailed, "libmicrohttpd failed to start the HTTP server on \(display)")
        }
        return DaemonHandle(pointer: daemon)
    }

    /// Converts an option name to the `int`-sized value that libmicrohttpd reads from the variadic list.
    private static func option(_ option: MHD_OPTION) -> Int32 {
        Int32(bitPattern: UInt32(option.rawValue))
    }

    /// Passes a C function pointer as a variadic argument, which C reads back as a function pointer.
    private static func functionPointer<Function>(_ function: Function) -> OpaquePointer {
        unsafeBitCast(function, to: OpaquePointer.self)
    }
}
