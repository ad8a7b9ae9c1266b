import BoltProtocol
import Foundation
import GraphValue

/// A minimal blocking Bolt client that checks one member: handshake, HELLO, LOGON with a bearer
/// token, then GOODBYE.
///
/// Every call blocks, so callers run it on a blocking pool. Connecting, sending and each reply
/// wait at most until the deadline given to ``probe(address:token:timeoutSeconds:)``.
enum BoltProbe {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Returns the time the exchange took, in milliseconds.
    ///
    /// - Parameter address: `host:port` or `[ipv6]:port`.
    /// - Throws: ``Failure`` naming the step that failed or timed out.
    static func probe(address: String, token: String, timeoutSeconds: Double) throws -> Double {
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = started + UInt64(timeoutSeconds * 1e9)
        let (host, port) = try split(address)
        let socket = try connect(host: host, port: port, deadline: deadline)
        defer { close(socket) }

        // Offer Bolt 5.0 through 5.4: minor 4 with a range of 4 below it.
        let handshake: [UInt8] = [0x60, 0x60, 0xB0, 0x17, 0, 4, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        try send(handshake, on: socket, deadline: deadline)
        let version = try receive(count: 4, from: socket, deadline: deadline)
        guard version[3] == 5 else {
            throw Failure("the member offered no Bolt 5 version (reply \(version))")
        }

        var hello: [String: Value] = ["user_agent": .string("nornicdb-cluster-probe")]
        if version[2] >= 3 { hello["bolt_agent"] = .map(["product": .string("nornicdb-cluster-probe")]) }
        try request(tag: 0x01, fields: [.map(hello)], step: "HELLO", on: socket, deadline: deadline)
        if version[2] >= 1 {
            let logon: [String: Value] = ["scheme": .string("bearer"), "credentials": .string(token)]
            try request(tag: 0x6A, fields: [.map(logon)], step: "LOGON", on: socket, deadline: deadline)
        }
        try send(message(tag: 0x02, fields: []), on: socket, deadline: deadline)
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
    }

    // MARK: Messages

    /// Sends one request and requires SUCCESS.
    private static func request(tag: UInt8, fields: [Value], step: String, on socket: Int32, deadline: UInt64) throws {
        try send(message(tag: tag, fields: fields), on: socket, deadline: deadline)
        let reply = try receiveMessage(from: socket, deadline: deadline)
        var decoder = PackStreamDecoder(bytes: reply)
        let structure: PackStreamStructure
        do {
            structure = try decoder.decodeStructure()
        } catch {
            throw Failure("\(step) got an undecodable reply: \(error)")
        }
        switch structure.tag {
        case 0x70:
            return
        case 0x7F:
            var code = "unknown"
            if case .map(let metadata)? = structure.fields.first, case .string(let text)? = metadata["code"] {
                code = text
            }
            throw Failure("\(step) failed with \(code)")
        default:
            throw Failure("\(step) got the unexpected reply 0x\(String(structure.tag, radix: 16))")
        }
    }

    private static func message(tag: UInt8, fields: [Value]) -> [UInt8] {
        var encoder = PackStreamEncoder()
        encoder.encodeStructureHeader(tag: tag, fieldCount: fields.count)
        for field in fields { encoder.encode(field) }
        let body = encoder.bytes
        return [UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body + [0, 0]
    }

    /// Reads chunks up to the empty chunk that ends a message, skipping NOOP chunks.
    private static func receiveMessage(from socket: Int32, deadline: UInt64) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let header = try receive(count: 2, from: socket, deadline: deadline)
            let length = Int(header[0]) << 8 | Int(header[1])
            if length == 0 {
                if body.isEmpty { continue }
                return body
            }
            guard body.count + length <= 65_536 else { throw Failure("the reply is longer than 64 KiB") }
            body += try receive(count: length, from: socket, deadline: deadline)
        }
    }

    // MARK: Sockets

    private static func split(_ address: String) throws -> (String, String) {
        guard let colon = address.lastIndex(of: ":") else { throw Failure("address '\(address)' has no port") }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, String(address[address.index(after: colon)...]))
    }

    private static func connect(host: String, port: String, deadline: UInt64) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        // NOTE: getaddrinfo cannot be given a timeout, so a slow resolver can hold the probe past
        // its deadline; numeric addresses resolve without a lookup.
        let status = getaddrinfo(host, port, &hints, &list)
        guard status == 0, let first = list else {
            throw Failure("cannot resolve '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }

        let socket = Glibc.socket(
            first.pointee.ai_family,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0
        )
        guard socket >= 0 else { throw Failure("cannot create a socket: errno \(errno)") }
        let flags = fcntl(socket, F_GETFL)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)

        if Glibc.connect(socket, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                let code = errno
                close(socket)
                throw Failure("connection failed: \(String(cString: strerror(code)))")
            }
            do {
                try wait(for: Int16(POLLOUT), on: socket, deadline: deadline, step: "connecting")
            } catch {
                close(socket)
                throw error
            }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(socket, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else {
                close(socket)
                throw Failure("connection failed: \(String(cString: strerror(code)))")
            }
        }
        return socket
    }

    private static func wait(for events: Int16, on socket: Int32, deadline: UInt64, step: String) throws {
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw Failure("timed out \(step)") }
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let milliseconds = Int32(min((deadline - now) / 1_000_000 + 1, 60_000))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw Failure("poll failed: errno \(errno)") }
        }
    }

    private static func send(_ bytes: [UInt8], on socket: Int32, deadline: UInt64) throws {
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT), on: socket, deadline: deadline, step: "sending")
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw Failure("sending failed: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    private static func receive(count: Int, from socket: Int32, deadline: UInt64) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            try wait(for: Int16(POLLIN), on: socket, deadline: deadline, step: "waiting for a reply")
            let received = bytes[offset...].withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if received < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw Failure("receiving failed: \(String(cString: strerror(errno)))")
            }
            guard received > 0 else { throw Failure("the member closed the connection") }
            offset += received
        }
        return bytes
    }
}
