import Foundation
import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP transactions: authentication")
struct AuthenticationTests {
    static let paths = [
        "/db/nornic/tx/commit", "/db/nornic/tx", "/db/nornic/tx/some-id", "/db/nornic/tx/some-id/commit",
    ]

    @Test(arguments: paths)
    func missingHeader(path: String) async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send("POST", path, body: TX.body("RETURN 1"), authorization: nil)
        await fixture.close()
        #expect(reply.status == 401)
        #expect(reply.errorCode == "Neo.ClientError.Security.Unauthorized")
        #expect(reply.header("www-authenticate") == #"Basic realm="Neo4j", Bearer realm="Neo4j""#)
    }

    @Test(arguments: paths)
    func malformedHeader(path: String) async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send("POST", path, body: TX.body("RETURN 1"), authorization: "Basic !!!")
        await fixture.close()
        #expect(reply.status == 400)
        #expect(reply.errorCode == "Neo.ClientError.Request.InvalidFormat")
    }

    @Test func wrongPassword() async throws {
        let fixture = try await APIFixture()
        let wrong = APIFixture.basic(APIFixture.adminName, "not-the-password")
        let reply = await fixture.send("POST", "/db/nornic/tx/commit", body: TX.body("RETURN 1"), authorization: wrong)
        await fixture.close()
        #expect(reply.status == 401)
        #expect(reply.errorCode == "Neo.ClientError.Security.Unauthorized")
        #expect(reply.header("www-authenticate") != nil)
        #expect(!reply.text.contains("not-the-password"))
    }

    @Test func wrongPasswordOnOpenTransaction() async throws {
        let fixture = try await APIFixture()
        let begin = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: TX.body("CREATE (:Pending)"),
            authorization: fixture.adminAuthorization
        )
        let id = try #require(TX.id(begin))
        let wrong = APIFixture.basic(APIFixture.adminName, "not-the-password")
        let denied = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: wrong)
        // A failed login does not touch the transaction, so its owner can still commit it.
        let commit = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: fixture.adminAuthorization)
        await fixture.close()
        #expect(denied.status == 401)
        #expect(commit.status == 200)
        #expect(TX.errors(commit).isEmpty)
    }

    @Test func bearerToken() async throws {
        let fixture = try await APIFixture()
        try await fixture.createUser("tess", roles: ["editor"])
        let bearer = try fixture.bearer(for: "tess")
        let commit = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (:Token) RETURN 1"),
            authorization: bearer
        )
        let begin = await fixture.send("POST", "/db/nornic/tx", body: ["statements": []], authorization: bearer)
        let id = try #require(TX.id(begin))
        let run = await fixture.send("POST", "/db/nornic/tx/\(id)", body: TX.body("RETURN 2"), authorization: bearer)
        let invalid = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("RETURN 1"),
            authorization: "Bearer not.a.token"
        )
        await fixture.close()
        #expect(commit.status == 200)
        #expect(TX.errors(commit).isEmpty)
        #expect(run.status == 200)
        #expect(TX.rows(run) == [[2]])
        #expect(invalid.status == 401)
    }

    @Test func droppedUserLosesTransaction() async throws {
        let fixture = try await APIFixture()
        let dana = try await fixture.createUser("dana", roles: ["editor"])
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:Orphan)"), authorization: dana)
        let id = try #require(TX.id(begin))
        try await fixture.accounts.delete(name: "dana")
        let commit = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: dana)
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(commit.status == 401)
        #expect(count == 0)
    }
}

@Suite("HTTP: requests without credentials")
struct AnonymousRequestTests {
    /// Bolt's anonymous setting must not open HTTP to callers without credentials.
    @Test(arguments: ["/db/nornic/tx/commit", "/db/nornic/tx", "/api/v1/auth/revoke", "/api/v1/users"])
    func anonymousPolicyStill401(path: String) async throws {
        let fixture = try await APIFixture(authPolicy: AuthPolicy(authenticationEnabled: true, allowAnonymous: true))
        let method = path == "/api/v1/users" ? "GET" : "POST"
        let body: JSONValue? = method == "GET" ? nil : (path.hasPrefix("/db") ? TX.body("RETURN 1") : ["jti": "x"])
        let reply = await fixture.send(method, path, body: body, authorization: nil)
        await fixture.close()
        #expect(reply.status == 401)
        #expect(reply.errorCode == "Neo.ClientError.Security.Unauthorized")
        #expect(reply.header("www-authenticate") != nil)
    }

    @Test func authenticationDisabledActsAsAdmin() async throws {
        let fixture = try await APIFixture(authPolicy: AuthPolicy(authenticationEnabled: false))
        let reply = await fixture.send("POST", "/db/nornic/tx/commit", body: TX.body("RETURN 1"), authorization: nil)
        await fixture.close()
        #expect(reply.status == 200)
        #expect(TX.errors(reply).isEmpty)
        #expect(TX.rows(reply) == [[1]])
    }
}

@Suite("HTTP with authentication off")
struct AuthenticationOffTests {
    @Test func foreignHostRejected() async throws {
        let fixture = try await APIFixture(authPolicy: AuthPolicy(authenticationEnabled: false))
        let body: JSONValue = ["statements": [["statement": "RETURN 1"]]]
        let rebound = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: body,
            authorization: nil,
            headers: [("host", "rebind.example:7474"), ("origin", "http://rebind.example:7474")]
        )
        let local = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: body,
            authorization: nil,
            headers: [("host", "localhost:7474")]
        )
        let loopback = await fixture.send("GET", "/health", authorization: nil, headers: [("host", "127.0.0.2:7474")])
        await fixture.close()
        #expect(rebound.status == 403)
        #expect(rebound.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(local.status == 200)
        #expect(loopback.status == 200)
    }
}
