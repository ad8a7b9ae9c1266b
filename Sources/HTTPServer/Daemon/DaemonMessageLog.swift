internal import Host
internal import Synchronization

/// Writes libmicrohttpd's error messages to the server log.
///
/// Messages about one client's connection (a malformed request, a client that went away) are
/// logged at debug level, because any client can provoke them. Every other message, such as a
/// failed `accept` or the connection limit being reached, is logged at warning level, at most
/// ``maximumWarningsPerWindow`` per ``window`` so that a burst cannot flood the log.
/// libmicrohttpd's messages name the failure and at most the request path, never header values
/// or bodies.
final class DaemonMessageLog: Sendable {
    static let maximumWarningsPerWindow = 20
    static let window = Duration.seconds(10)

    /// Beginnings of libmicrohttpd 0.9.75 messages that describe a single client's connection.
    static let clientMessagePrefixes = [
        "Accepted connection",
        "Connection was closed by remote side",
        "Connection socket is closed",
        "Socket has been disconnected",
        "Error processing request",
        "Failed to parse `Content-Length'",
        "Too large value of 'Content-Length'",
        "Failed to send",
        "Received HTTP/1.1 request without",
        "Not enough memory in pool",
        "Too late to send an error response",
        "WARNING: incomplete upload processing",
        // A failed TLS handshake on the HTTPS listener, such as a client offering only TLS 1.1.
        "Error: received handshake message out of context",
    ]

    private struct Window {
        var start = ContinuousClock.now
        var written = 0
        var suppressed = 0
    }

    private let logger: Logger
    private let current = Mutex(Window())

    init(logger: Logger) {
        self.logger = logger.with(["http.component": "libmicrohttpd"])
    }

    func record(_ message: String) {
        var text = Substring(message)
        while let last = text.last, last == "\n" || last == " " {
            text.removeLast()
        }
        if Self.clientMessagePrefixes.contains(where: { text.hasPrefix($0) }) {
            logger.debug(String(text))
            return
        }
        let (shouldWrite, suppressedBefore) = admitWarning()
        if suppressedBefore > 0 {
            logger.warning(
                "libmicrohttpd warnings suppressed",
                metadata: ["http.suppressed": String(suppressedBefore)]
            )
        }
        if shouldWrite {
            logger.warning(String(text))
        }
    }

    /// Counts a warning in the current window; returns whether to write it, and how many warnings
    /// the window that just ended suppressed.
    private func admitWarning() -> (Bool, Int) {
        current.withLock { window in
            let now = ContinuousClock.now
            var suppressedBefore = 0
            if now - window.start >= Self.window {
                suppressedBefore = window.suppressed
                window = Window(start: now, written: 0, suppressed: 0)
            }
            guard window.written < Self.maximumWarningsPerWindow else {
                window.suppressed += 1
                return (false, suppressedBefore)
            }
            window.written += 1
            return (true, suppressedBefore)
        }
    }
}
