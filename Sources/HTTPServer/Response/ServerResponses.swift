internal import Host

/// The responses the server makes itself, without the handler: limits, overload, shutdown and
/// internal failures. Each has a Neo4j-shaped JSON body, `{"errors":[{"code":…,"message":…}]}`.
enum ServerResponses {
    static let resourceExhaustionCode = "Neo.TransientError.Request.ResourceExhaustion"
    /// Seconds a client is asked to wait in `Retry-After` after a 503.
    static let retryAfterSeconds = 1

    static func bodyTooLarge(maximumBytes: Int) -> HTTPResponse {
        error(
            status: 413,
            code: ServerError.Status.invalidFormat.code,
            message: "The request body is larger than the maximum of \(maximumBytes) bytes."
        )
    }

    /// A 400 for a request whose framing or header fields are rejected, with `Connection: close`:
    /// where such a request ends is uncertain, so no byte after its header block is read as another
    /// request. libmicrohttpd closes the connection after a response with that field.
    static func malformedRequest(_ message: String) -> HTTPResponse {
        var response = error(status: 400, code: ServerError.Status.invalidFormat.code, message: message)
        response.headers.append((name: "Connection", value: "close"))
        return response
    }

    static func headersTooLarge(maximumBytes: Int) -> HTTPResponse {
        error(
            status: 431,
            code: ServerError.Status.invalidFormat.code,
            message: "The request line and header fields are larger than the maximum of \(maximumBytes) bytes."
        )
    }

    static func overloaded(maximumConcurrentRequests: Int) -> HTTPResponse {
        var response = error(
            status: 503,
            code: resourceExhaustionCode,
            message: "The server is already handling \(maximumConcurrentRequests) requests; retry later."
        )
        response.headers.append((name: "Retry-After", value: String(retryAfterSeconds)))
        return response
    }

    static func shuttingDown() -> HTTPResponse {
        var response = error(
            status: 503,
            code: resourceExhaustionCode,
            message: "The server is shutting down; retry on another server or later."
        )
        response.headers.append((name: "Retry-After", value: String(retryAfterSeconds)))
        response.headers.append((name: "Connection", value: "close"))
        return response
    }

    static func internalError() -> HTTPResponse {
        error(
            status: 500,
            code: ServerError.Status.unknownError.code,
            message: "An unexpected error occurred; see the server log for details."
        )
    }

    /// Builds a JSON error response. `code` and `message` must not need JSON escaping, which is
    /// true of the fixed texts above and of the messages of ``RequestFraming``.
    private static func error(status: Int, code: String, message: String) -> HTTPResponse {
        let json = "{\"errors\":[{\"code\":\"\(code)\",\"message\":\"\(message)\"}]}"
        return HTTPResponse(
            status: status,
            headers: [(name: "Content-Type", value: "application/json")],
            body: Array(json.utf8)
        )
    }
}
