internal import Glibc

/// A non-blocking TCP socket bound to exactly one configured address and listening.
///
/// The server creates the socket itself, instead of letting libmicrohttpd bind, so that the bound
/// address is precisely the configured one and an IPv6 socket never accepts IPv4 clients.
/// libmicrohttpd accepts on it; the server closes it after `MHD_stop_daemon`, because a quiesced
/// daemon no longer owns its listening socket.
struct ListeningSocket: Sendable {
    let descriptor: Int32
    /// The bound port, which differs from the configured one when that was 0.
    let port: UInt16

    /// Creates, binds and listens with `SO_REUSEADDR` (so a restart does not wait for TIME_WAIT).
    ///
    /// - Throws: ``HTTPServerError`` with code `invalidAddress` or `bindFailed`, naming the address.
    static func open(host: String, port: UInt16, backlog: Int32 = SOMAXCONN) throws(HTTPServerError) -> ListeningSocket
    {
        let display = SocketAddress.display(host: host, port: port)
        guard let address = SocketAddress(numeric: host, port: port) else {
            throw HTTPServerError(
                .invalidAddress,
                "HTTP address \(display) is invalid: use a numeric IPv4 or IPv6 address such as 127.0.0.1 or ::1"
            )
        }
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(address.family, socketType, 0)
        guard descriptor >= 0 else { throw failure("socket() failed", display) }
        do throws(HTTPServerError) {
            try setOption(descriptor, SOL_SOCKET, SO_REUSEADDR, display)
            if case .ipv6 = address {
                try setOption(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, display)
            }
            let bound = address.withSockaddr { Glibc.bind(descriptor, $0, $1) }
            guard bound == 0 else { throw failure("bind() failed", display) }
            guard listen(descriptor, backlog) == 0 else { throw failure("listen() failed", display) }
            return ListeningSocket(descriptor: descriptor, port: try boundPort(descriptor, display))
        } catch {
            Glibc.close(descriptor)
            throw error
        }
    }

    func close() {
        Glibc.close(descriptor)
    }

    private static func setOption(_ descriptor: Int32, _ level: Int32, _ name: Int32, _ display: String)
        throws(HTTPServerError)
    {
        var enabled: Int32 = 1
        let result = setsockopt(descriptor, level, name, &enabled, socklen_t(MemoryLayout<Int32>.size))
        guard result == 0 else { throw failure("setsockopt() failed", display) }
    }

    private static func boundPort(_ descriptor: Int32, _ display: String) throws(HTTPServerError) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { throw failure("getsockname() failed", display) }
        return withUnsafePointer(to: &storage) { pointer in
            if Int32(pointer.pointee.ss_family) == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin6_port)
                }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        }
    }

    /// Builds a `bindFailed` error from `errno`, which must still hold the failed call's code.
    private static func failure(_ operation: String, _ display: String) -> HTTPServerError {
        let reason = String(cString: strerror(errno))
        return HTTPServerError(.bindFailed, "cannot listen for HTTP on \(display): \(operation): \(reason)")
    }
}
