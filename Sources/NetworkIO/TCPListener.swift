internal import CLinux
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// A listening TCP socket bound to one address; accepted connections go to a handler.
///
/// The socket binds exactly the configured address and nothing else. Every accepted socket
/// is non-blocking, close-on-exec, and has `TCP_NODELAY` set, because Bolt's small request and
/// reply messages otherwise stall on Nagle's algorithm interacting with delayed ACKs.
public final class TCPListener: Sendable, EventHandler {
    public let address: String
    public let port: UInt16
    private let descriptor: Int32
    private let loop: EventLoop
    private let onAccept: @Sendable (TCPConnection) -> Void
    private let onAcceptError: @Sendable (SystemCallError) -> Void
    private let registration = Mutex<UInt64?>(nil)
    /// How long accepting pauses when the process is out of file descriptors.
    static let descriptorExhaustionPause: Duration = .milliseconds(100)

    /// Binds and listens; `port` 0 picks a free port, reported by ``port``.
    public init(
        address: String,
        port: UInt16,
        loop: EventLoop,
        onAcceptError: @escaping @Sendable (SystemCallError) -> Void = { _ in },
        onAccept: @escaping @Sendable (TCPConnection) -> Void
    ) throws(SystemCallError) {
        var storage = sockaddr_storage()
        let length = try Self.socketAddress(address, port: port, into: &storage)
        let family = Int32(storage.ss_family)
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try Syscall.call("socket") { socket(family, socketType, 0) }
        do {
            var one: Int32 = 1
            try Syscall.call("setsockopt") { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, 4) }
            if family == AF_INET6 {
                // Bind only the IPv6 address given, never the IPv4 ones behind it.
                try Syscall.call("setsockopt") { setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, 4) }
            }
            try Syscall.call("bind") {
                withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
                }
            }
            try Syscall.call("listen") { listen(fd, 511) }
            self.port = try Self.boundPort(fd)
        } catch {
            Syscall.close(fd)
            throw error
        }
        self.address = address
        self.descriptor = fd
        self.loop = loop
        self.onAccept = onAccept
        self.onAcceptError = onAcceptError
        let id = try loop.register(fd, events: EPOLLIN.rawValue, handler: self)
        registration.withLock { $0 = id }
    }

    /// Stops accepting; open connections stay open.
    public func close() {
        guard
            let id = registration.withLock({ current -> UInt64? in
                defer { current = nil }
                return current
            })
        else { return }
        loop.unregister(descriptor, id: id)
        Syscall.close(descriptor)
    }

    func handle(events: UInt32) {
        while true {
            var peer = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(descriptor, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    pauseAccepting(SystemCallError(function: "accept4", errno: code))
                }
                return
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, 4)
            do {
                let connection = try TCPConnection(descriptor: fd, peerAddress: Self.describe(peer), loop: loop)
                onAccept(connection)
            } catch {
                Syscall.close(fd)
            }
        }
    }

    /// Stops watching the socket for a moment. The pending connection stays in the backlog, so a
    /// level-triggered loop would otherwise wake at once and spin while no descriptor is free.
    private func pauseAccepting(_ error: SystemCallError) {
        guard let id = registration.withLock({ $0 }) else { return }
        onAcceptError(error)
        loop.modify(descriptor, id: id, events: 0)
        Task { [self] in
            try? await Task.sleep(for: Self.descriptorExhaustionPause)
            guard let current = registration.withLock({ $0 }), current == id else { return }
            loop.modify(descriptor, id: id, events: EPOLLIN.rawValue)
        }
    }

    // MARK: Addresses

    static func socketAddress(_ text: String, port: UInt16, into storage: inout sockaddr_storage)
        throws(SystemCallError) -> socklen_t
    {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, text, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee = v4 }
            }
            return socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, text, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee = v6 }
            }
            return socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        throw SystemCallError(function: "inet_pton", errno: EINVAL)
    }

    private static func boundPort(_ fd: Int32) throws(SystemCallError) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try Syscall.call("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        let family = storage.ss_family
        return withUnsafePointer(to: &storage) { pointer in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin6_port)
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                UInt16(bigEndian: $0.pointee.sin_port)
            }
        }
    }

    static func describe(_ storage: sockaddr_storage) -> String {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = storage.ss_family
        return withUnsafePointer(to: &copy) { pointer in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    return
                        "[\(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))]:\(UInt16(bigEndian: address.pointee.sin6_port))"
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                var raw = address.pointee.sin_addr
                inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                return
                    "\(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)):\(UInt16(bigEndian: address.pointee.sin_port))"
            }
        }
    }
}
