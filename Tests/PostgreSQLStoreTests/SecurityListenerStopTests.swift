import Foundation
import Host
import Testing

@testable import PostgreSQLStore

#if canImport(Glibc)
    import Glibc
#endif

/// `PostgreSQLSecurityListener.stop(waitingAtMost:)` returns once the listener's thread has
/// ended, and ends it promptly even while PostgreSQL is slow to answer a login.
@Suite struct SecurityListenerStopTests {
    /// A loopback TCP port whose kernel completes connections, but whose socket never reads or
    /// replies.
    final class SilentPort {
        let descriptor: Int32
        let port: UInt16

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 8) == 0
                        && getsockname(descriptor, socketAddress, &length) == 0
                }
            }
            self.descriptor = descriptor
            self.port = UInt16(bigEndian: address.sin_port)
            try #require(bound)
        }

        deinit { close(descriptor) }
    }

    private func listener(port: UInt16) throws -> PostgreSQLSecurityListener {
        PostgreSQLSecurityListener(
            url: try PostgreSQLURL(parsing: "postgres://nobody:unused@127.0.0.1:\(port)/nornic"),
            logger: Logger(label: "test", level: .error),
            changed: { _ in },
            resubscribed: {}
        )
    }

    @Test func stopEndsLoginThatGetsNoAnswer() async throws {
        let silent = try SilentPort()
        let listener = try listener(port: silent.port)
        listener.start()
        // Long enough for the thread to send its start-up message and wait for the reply.
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        #expect(listener.stop(waitingAtMost: 5))
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func stopEndsRetriesAfterRefusedConnections() async throws {
        let port: UInt16
        do {
            // Closing the socket frees its port, so connections to it are refused.
            let silent = try SilentPort()
            port = silent.port
        }
        let listener = try listener(port: port)
        listener.start()
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        #expect(listener.stop(waitingAtMost: 5))
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func stopWithoutStartReturnsAtOnce() throws {
        let listener = try listener(port: 1)
        #expect(listener.stop(waitingAtMost: 0))
    }
}
