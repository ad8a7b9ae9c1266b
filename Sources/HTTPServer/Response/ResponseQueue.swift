internal import CMicroHTTPD
internal import Host

/// Hands ``HTTPResponse`` values to libmicrohttpd. Call only on the libmicrohttpd thread, from the
/// access callback of the request's connection.
enum ResponseQueue {
    /// Queues `response` for `context`, or a 500 when libmicrohttpd rejects it (for example a
    /// status outside 100...999 or an invalid header field). Returns what the access callback
    /// returns: `MHD_NO` closes the connection when not even the 500 could be queued.
    static func queue(_ response: HTTPResponse, for context: RequestContext) -> MHD_Result {
        switch enqueue(response, on: context.connection.pointer) {
        case .queued:
            context.status = response.status
            context.phase = .responded
            return .YES
        case .rejected(let reason):
            context.logger.error(
                "HTTP response rejected; sending 500",
                metadata: ["http.status": String(response.status), "http.error": reason]
            )
        }
        let fallback = ServerResponses.internalError()
        guard case .queued = enqueue(fallback, on: context.connection.pointer) else { return .NO }
        context.status = fallback.status
        context.phase = .responded
        return .YES
    }

    private enum Outcome {
        case queued
        case rejected(String)
    }

    private static func enqueue(_ response: HTTPResponse, on connection: OpaquePointer) -> Outcome {
        guard (100...999).contains(response.status) else {
            return .rejected("status \(response.status) is not a three-digit HTTP status")
        }
        // MUST_COPY: libmicrohttpd copies the body, so the Swift array need not outlive this call.
        let created = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(
                bytes.count,
                UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                .RESPMEM_MUST_COPY
            )
        }
        guard let created else { return .rejected("MHD_create_response_from_buffer failed") }
        defer { MHD_destroy_response(created) }
        for (name, value) in response.headers {
            // libmicrohttpd computes Content-Length itself and rejects one set by the application.
            if name.lowercased() == "content-length" { continue }
            // NOTE: libmicrohttpd 0.9.75 rejects empty header values, so such a field is not sent.
            if value.isEmpty { continue }
            guard RequestFraming.isToken(name) else {
                return .rejected("header name \(name.debugDescription) is not a token")
            }
            guard !value.utf8.contains(where: { $0 == 0 || $0 == 0x0A || $0 == 0x0D }) else {
                return .rejected("header \(name) has a value with CR, LF or NUL")
            }
            guard MHD_add_response_header(created, name, value) == .YES else {
                return .rejected("header \(name) was rejected by libmicrohttpd")
            }
        }
        guard MHD_queue_response(connection, UInt32(response.status), created) == .YES else {
            return .rejected("MHD_queue_response failed")
        }
        return .queued
    }
}
