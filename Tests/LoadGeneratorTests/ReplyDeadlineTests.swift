import Foundation
import Glibc
import Testing

@testable import nornicdb_load

/// A server that keeps sending bytes but never completes a reply must fail the request after
/// the timeout, although every single `recv` returns within it.
@Suite(.timeLimit(.minutes(1))) struct ReplyDeadlineTests {
    static let success: [UInt8] = [0x00, 0x03, 0xB1, 0x70, 0xA0, 0x00, 0x00]
    static let record: [UInt8] = [0x00, 0x04, 0xB1, 0x71, 0x91, 0x01, 0x00, 0x00]

    @Test func recordFloodTimesOut() throws {
        let records = Array([[UInt8]](repeating: Self.record, count: 4096).joined())
        try expectTimeout(afterLogin: Self.success, then: records)
    }

    @Test func noopFloodTimesOut() throws {
        try expectTimeout(afterLogin: [], then: [UInt8](repeating: 0, count: 1 << 16))
    }

    /// Starts a one-connection server that agrees on Bolt 5.4, sends two SUCCESS messages for
    /// HELLO and LOGON, then `prefix` once and `repeated` until the client goes away.
    private func expectTimeout(afterLogin prefix: [UInt8], then repeated: [UInt8]) throws {
        let server = try FloodingServer(prefix: prefix, repeated: repeated)
        let address = try ServerAddress(parsing: "127.0.0.1:\(server.port)")
        let connection = try BoltConnection(address: address, handshake: .standard, timeoutSeconds: 0.3)
        try connection.logIn(credentials: Credentials(scheme: .none), connectionIndex: 0, userAgent: "test")

        let start = MonotonicClock.now()
        #expect(throws: BoltClientError.timedOut(seconds: 0.3)) {
            try connection.run(QueryRequest(query: "RETURN 1", parameter: nil))
        }
        let elapsedSeconds = Double(MonotonicClock.now() - start) / 1e9
        // The deadline is 0.3 s, and the bound leaves room for a loaded machine.
        #expect(elapsedSeconds < 10)
    }
}

/// A loopback listener on a free port whose one accepted connection gets a scripted byte stream.
private final class FloodingServer: Sendable {
    let port: UInt16
    private let listener: Int32

    init(prefix: [UInt8], repeated: [UInt8]) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let login = ReplyDeadlineTests.success + ReplyDeadlineTests.success
        Thread.detachNewThread {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { return }
            defer { close(connection) }
            var proposal = [UInt8](repeating: 0, count: 20)
            guard recv(connection, &proposal, 20, Int32(MSG_WAITALL)) == 20 else { return }
            // The server never reads again; the client's requests fit in the socket buffer.
            guard Self.sendAll([0, 0, 4, 5] + login + prefix, on: connection) else { return }
            while Self.sendAll(repeated, on: connection) {}
        }
    }

    deinit { close(listener) }

    /// Sends every byte; returns false once the peer has gone.
    private static func sendAll(_ bytes: [UInt8], on descriptor: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard result > 0 else { return false }
            sent += result
        }
        return true
    }
}
