import Foundation
import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP statuses and Host header")
struct StatusTests {
    @Test func deadlockDetectedIs503() {
        let error = ServerError(.transientTransactionFailure, "All store connections are in use.")
        let reply = Reply(.failure(error))
        #expect(HTTPStatus.of(error) == 503)
        #expect(TransactionEndpoints.status(of: error) == 503)
        #expect(reply.status == 503)
        #expect(reply.header("retry-after") == "1")
        #expect(reply.errorCode == "Neo.TransientError.Transaction.DeadlockDetected")
    }

    @Test func transactionLimitsDefaults() {
        let limits = TransactionLimits()
        #expect(limits.perPrincipal == 8)
        #expect(limits.total == 128)
    }

    static let hosts: [(value: String, host: String?)] = [
        ("localhost", "localhost"),
        ("localhost:7474", "localhost"),
        ("127.0.0.1:7474", "127.0.0.1"),
        ("[::1]:7474", "[::1]"),
        ("[::1]", "[::1]"),
        ("db-1.example", "db-1.example"),
        ("localhost:", nil),
        ("localhost:123456", nil),
        ("localhost:７４７４", nil),
        ("ｌｏｃａｌｈｏｓｔ", nil),
        ("１２７.0.0.1", nil),
        ("[::１]", nil),
        ("[::1]x", nil),
        ("evil.example/path", nil),
        ("a b", nil),
        ("", nil),
    ]

    @Test(arguments: hosts.indices)
    func hostHeaderParse(index: Int) {
        let (value, host) = Self.hosts[index]
        #expect(HostHeader.parse(value) == host, "Host: \(value)")
    }

    @Test func hostHeaderPort() {
        #expect(HostHeader.port("localhost:7474") == "7474")
        #expect(HostHeader.port("[::1]:80") == "80")
        #expect(HostHeader.port("localhost") == nil)
        #expect(HostHeader.port("localhost:７４") == nil)
    }

    /// Two viewers that fill the store's connections with open transactions must leave others a
    /// retryable 503, not a 500.
    @Test func exhaustedStoreConnectionsIs503() async throws {
        let fixture = try await APIFixture()
        let endpoints = TransactionEndpoints(
            context: fixture.api.context,
            limits: TransactionLimits(perPrincipal: 64, total: 64)
        )
        let holder = try await fixture.createUser("holder", roles: ["viewer"])
        let body = TX.body("RETURN 1")
        var opened = 0
        var failedBegin: Reply?
        for _ in 0..<64 {
            let reply = await fixture.send(to: endpoints, "POST", "/db/nornic/tx", body: body, authorization: holder)
            guard reply.status == 201 else {
                failedBegin = reply
                break
            }
            opened += 1
        }
        let commit = await fixture.send(
            to: endpoints,
            "POST",
            "/db/nornic/tx/commit",
            body: body,
            authorization: fixture.adminAuthorization
        )
        await endpoints.shutdown()
        await fixture.close()
        let failure = try #require(failedBegin, "the store allowed \(opened) open transactions")
        #expect(failure.status == 503)
        #expect(failure.errorCode == "Neo.TransientError.Transaction.DeadlockDetected")
        #expect(commit.status == 503)
        #expect(commit.header("retry-after") == "1")
    }
}
