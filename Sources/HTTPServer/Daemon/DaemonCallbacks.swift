internal import CMicroHTTPD
internal import Glibc
internal import Host

/// The C callbacks given to libmicrohttpd. They run on libmicrohttpd's polling thread.
///
/// They are static members of a type outside `main.swift` on purpose: a closure written at the top
/// level of `main.swift` is main-actor isolated, and Swift 6.3 traps when a foreign thread calls
/// one. Each `cls` is an unretained ``ServerCore`` pointer, valid until `MHD_stop_daemon` returns.
enum DaemonCallbacks {
    static func core(_ cls: UnsafeMutableRawPointer?) -> ServerCore {
        Unmanaged<ServerCore>.fromOpaque(cls!).takeUnretainedValue()
    }

    /// `MHD_OPTION_URI_LOG_CALLBACK`: runs once per request, right after the request line, with
    /// the raw request-target. The retained context it returns becomes the request's `con_cls`.
    static let uriLog: URILogCallback = { cls, uri, connection in
        guard let connection else { return nil }
        let target = uri.map { String(cString: $0) } ?? ""
        let context = core(cls).makeContext(connection: connection, target: target)
        return Unmanaged.passRetained(context).toOpaque()
    }

    /// The C type of the URI-log callback, which libmicrohttpd's header declares only inline.
    typealias URILogCallback =
        @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?) ->
        UnsafeMutableRawPointer?

    /// The access handler (`MHD_AccessHandlerCallback`).
    static let access: MHD_AccessHandlerCallback = {
        cls,
        _,
        _,
        method,
        _,
        uploadData,
        uploadDataSize,
        contextSlot in
        guard let uploadDataSize, let contextSlot, let opaque = contextSlot.pointee else {
            // Unreachable: the URI-log callback gave every request a context before this call.
            return .NO
        }
        let context = Unmanaged<RequestContext>.fromOpaque(opaque).takeUnretainedValue()
        let methodName = method.map { String(cString: $0) } ?? ""
        return core(cls).access(context, method: methodName, uploadData: uploadData, uploadDataSize: uploadDataSize)
    }

    /// `MHD_OPTION_NOTIFY_COMPLETED`: runs once per request that reached the URI-log callback,
    /// whether it got a response, timed out, aborted or closed by shutdown. Releases the context.
    static let completed: MHD_RequestCompletedCallback = { cls, connection, contextSlot, termination in
        guard let contextSlot, let opaque = contextSlot.pointee else { return }
        contextSlot.pointee = nil
        let context = Unmanaged<RequestContext>.fromOpaque(opaque).takeRetainedValue()
        if context.status == 0, let connection,
            let info = CMicroHTTPD_get_connection_info(connection, .CONNECTION_INFO_HTTP_STATUS)
        {
            // A response libmicrohttpd made itself, such as a 400 for a malformed request.
            context.status = Int(info.pointee.http_status)
        }
        core(cls).complete(context, termination: termination)
    }

    /// `MHD_OPTION_NOTIFY_CONNECTION`: sets `TCP_NODELAY` on each accepted socket, so a small
    /// response is never held back by Nagle's algorithm waiting for a delayed ACK. It also
    /// stores the core as the socket's context, where the HTTPS certificate callback finds it.
    static let connectionNotified: MHD_NotifyConnectionCallback = { cls, connection, socketContext, event in
        guard event == .CONNECTION_NOTIFY_STARTED else { return }
        socketContext?.pointee = cls
        guard let connection,
            let info = CMicroHTTPD_get_connection_info(connection, .CONNECTION_INFO_CONNECTION_FD)
        else { return }
        var enabled: Int32 = 1
        // A failure only costs latency, and libmicrohttpd also pushes each response's last bytes.
        _ = setsockopt(
            info.pointee.connect_fd,
            Int32(IPPROTO_TCP),
            TCP_NODELAY,
            &enabled,
            socklen_t(MemoryLayout<Int32>.size)
        )
    }

    /// `MHD_OPTION_EXTERNAL_LOGGER`: formats libmicrohttpd's error messages into the server log.
    static let daemonMessage: MHD_LogCallback = { cls, format, arguments in
        guard let format, let arguments else { return }
        var buffer = [CChar](repeating: 0, count: 512)
        _ = vsnprintf(&buffer, buffer.count, format, arguments)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        core(cls).daemonMessages.record(text)
    }

    static func describe(_ termination: MHD_RequestTerminationCode) -> String {
        switch termination {
        case .REQUEST_TERMINATED_COMPLETED_OK: "completed"
        case .REQUEST_TERMINATED_WITH_ERROR: "error"
        case .REQUEST_TERMINATED_TIMEOUT_REACHED: "timeout"
        case .REQUEST_TERMINATED_DAEMON_SHUTDOWN: "shutdown"
        case .REQUEST_TERMINATED_READ_ERROR: "read error"
        case .REQUEST_TERMINATED_CLIENT_ABORT: "client abort"
        default: "unknown"
        }
    }
}
