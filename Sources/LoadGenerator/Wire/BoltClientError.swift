import Glibc

/// The error of a failed connection, login or request.
enum BoltClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed with `errno`.
    case system(call: String, errno: Int32)
    /// The server sent nothing for the socket timeout while a response was expected.
    case timedOut(seconds: Double)
    /// The server closed the connection; `midMessage` when it cut a message short.
    case connectionClosed(midMessage: Bool)
    case handshake(String)
    /// Bytes that are not a Bolt response: bad chunk framing, an unknown message or bad PackStream.
    case malformedResponse(String)
    /// A well-formed response that the client did not expect at this point, such as RECORD to HELLO.
    case unexpectedResponse(String)
    /// A FAILURE message, with its Neo4j status code and message.
    case failure(code: String, message: String)

    var description: String {
        switch self {
        case .system(let call, let errno):
            "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .timedOut(let seconds):
            "timed out after \(seconds) s waiting for the server"
        case .connectionClosed(let midMessage):
            midMessage
                ? "the server closed the connection in the middle of a message" : "the server closed the connection"
        case .handshake(let detail):
            "Bolt handshake failed: \(detail)"
        case .malformedResponse(let detail):
            "malformed response: \(detail)"
        case .unexpectedResponse(let detail):
            "unexpected response: \(detail)"
        case .failure(let code, let message):
            "\(code): \(message)"
        }
    }

    /// Whether the connection can carry on after a RESET; false when the stream is unusable.
    var leavesConnectionUsable: Bool {
        if case .failure = self { return true }
        return false
    }
}
