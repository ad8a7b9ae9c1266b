import Glibc

/// A connected TCP socket in blocking mode with TCP_NODELAY, and send and receive timeouts so
/// that a stalled server fails the operation instead of hanging the thread.
///
/// It closes the descriptor on deinit, unless ``releaseDescriptor()`` has handed the descriptor
/// over to code that keeps connections open.
final class BlockingSocket {
    private var descriptor: Int32
    let timeoutSeconds: Double

    init(connectingTo address: ServerAddress, timeoutSeconds: Double) throws(BoltClientError) {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(call: "socket", errno: errno) }
        var one: Int32 = 1
        var timeout = timeval(
            tv_sec: Int(timeoutSeconds),
            tv_usec: Int((timeoutSeconds - timeoutSeconds.rounded(.towardZero)) * 1_000_000)
        )
        let timevalSize = socklen_t(MemoryLayout<timeval>.size)
        guard setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, 4) == 0,
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, timevalSize) == 0,
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, timevalSize) == 0
        else {
            let failure = errno
            Glibc.close(fd)
            throw .system(call: "setsockopt", errno: failure)
        }
        var storage = address.storage
        while true {
            let result = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) }
            }
            if result == 0 { break }
            // NOTE: after EINTR the connection attempt goes on in the kernel, and a second
            // connect reports EALREADY or EISCONN; EISCONN means it succeeded.
            if errno == EINTR || errno == EALREADY { continue }
            if errno == EISCONN { break }
            let failure = errno
            Glibc.close(fd)
            throw .system(call: "connect to \(address)", errno: failure)
        }
        descriptor = fd
        self.timeoutSeconds = timeoutSeconds
    }

    /// Writes all of `bytes`, without raising SIGPIPE when the server has gone.
    func send(_ bytes: [UInt8]) throws(BoltClientError) {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result >= 0 {
                sent += result
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw .timedOut(seconds: timeoutSeconds)
            case EPIPE, ECONNRESET: throw .connectionClosed(midMessage: false)
            default: throw .system(call: "send", errno: errno)
            }
        }
    }

    /// Reads what has arrived, at most `buffer.count` bytes; returns 0 when the server closed
    /// the connection.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(BoltClientError) -> Int {
        while true {
            let result = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if result >= 0 { return result }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw .timedOut(seconds: timeoutSeconds)
            case ECONNRESET: return 0
            default: throw .system(call: "recv", errno: errno)
            }
        }
    }

    /// Returns the descriptor and gives up ownership of it, so that deinit leaves it open.
    func releaseDescriptor() -> Int32 {
        defer { descriptor = -1 }
        return descriptor
    }

    deinit {
        if descriptor >= 0 {
            Glibc.close(descriptor)
        }
    }
}
