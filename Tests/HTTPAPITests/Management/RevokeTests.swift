import Host
import JSON
import JWTAuth
import SQLiteStore
import Testing

@testable import HTTPAPI

@Suite("POST /api/v1/auth/revoke")
struct RevokeTests {
    @Test func adminRevokesToken() async throws {
        let api = try await ManagementHarness()
        let token = try await api.loginToken("admin", APIFixture.adminPassword)
        let before = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        let reply = await api.send(
            "POST",
            "/api/v1/auth/revoke",
            body: ["token": .string(token)],
            authorization: api.admin
        )
        let after = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        let tokenID = try api.fixture.tokens.describe(Secret(token)).tokenID
        // A second repository on the same file loads the record, so it survives a restart.
        let stored = try SQLiteAccountRepository(dataDirectory: api.fixture.directory, logger: Logger(label: "test"))
            .loadRevocations().map(\.tokenID)
        await api.close()
        #expect(before.status == 200)
        #expect(reply.status == 200)
        #expect(ReplyField.bool(reply.json?["revoked"]) == true)
        #expect(reply.json?["jti"]?.stringValue == tokenID)
        #expect(after.status == 401)
        #expect(after.errorCode == "Neo.ClientError.Security.Unauthorized")
        #expect(stored.contains(try #require(tokenID)))
    }

    @Test func adminRevokesClusterTokenByID() async throws {
        let api = try await ManagementHarness()
        let issued = try await api.clusterToken(nodeID: "node-2", role: "admin")
        let token = try #require(issued.json?["token"]?.stringValue)
        let jti = try #require(issued.json?["jti"]?.stringValue)
        let reply = await api.send("POST", "/api/v1/auth/revoke", body: ["jti": .string(jti)], authorization: api.admin)
        let bearer = await api.send("GET", "/api/v1/roles", authorization: ManagementHarness.bearer(token))
        let basic = await api.send("GET", "/api/v1/roles", authorization: APIFixture.basic("", token))
        await api.close()
        #expect(reply.status == 200)
        #expect(reply.json?["jti"]?.stringValue == jti)
        #expect(bearer.status == 401)
        #expect(basic.status == 401)
    }

    @Test func ownerRevokesOwnToken() async throws {
        let api = try await ManagementHarness()
        try await api.fixture.createUser("reader", roles: ["viewer"])
        let first = try await api.loginToken("reader", "user-password-1")
        let second = try await api.loginToken("reader", "user-password-1")
        // By value, authenticated with the password, and by id, authenticated with the token.
        let byValue = await api.send(
            "POST",
            "/api/v1/auth/revoke",
            body: ["token": .string(first)],
            authorization: APIFixture.basic("reader", "user-password-1")
        )
        let ownID = try #require(try api.fixture.tokens.describe(Secret(second)).tokenID)
        let byID = await api.send(
            "POST",
            "/api/v1/auth/revoke",
            body: ["jti": .string(ownID)],
            authorization: ManagementHarness.bearer(second)
        )
        let firstAfter = await api.send("GET", "/api/v1/users/reader", authorization: ManagementHarness.bearer(first))
        let secondAfter = await api.send("GET", "/api/v1/users/reader", authorization: ManagementHarness.bearer(second))
        await api.close()
        #expect(byValue.status == 200)
        #expect(byID.status == 200)
        #expect(firstAfter.status == 401)
        #expect(secondAfter.status == 401)
    }

    @Test func othersTokenIs403() async throws {
        let api = try await ManagementHarness()
        let viewer = try await api.viewer()
        let adminToken = try await api.loginToken("admin", APIFixture.adminPassword)
        let adminID = try #require(try api.fixture.tokens.describe(Secret(adminToken)).tokenID)
        let byValue = await api.send(
            "POST",
            "/api/v1/auth/revoke",
            body: ["token": .string(adminToken)],
            authorization: viewer
        )
        let byID = await api.send("POST", "/api/v1/auth/revoke", body: ["jti": .string(adminID)], authorization: viewer)
        let still = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(adminToken))
        await api.close()
        #expect(byValue.status == 403)
        #expect(byValue.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(byID.status == 403)
        #expect(still.status == 200)
    }

    @Test func forgedTokenIs400() async throws {
        let api = try await ManagementHarness()
        let otherKeys = try JWTKeySet(current: Secret("another-secret-that-is-long-enough-0123456789abcdef"))
        let forged = JWTSigner(keys: otherKeys).sign(JWTClaims(subject: "admin", roles: ["admin"], tokenID: "abc"))
        let token = try await api.loginToken("admin", APIFixture.adminPassword)
        let tampered = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BA" : "AA")
        var replies: [Reply] = []
        for candidate in [forged, tampered, "not-a-jwt", "a.b.c"] {
            replies.append(
                await api.send(
                    "POST",
                    "/api/v1/auth/revoke",
                    body: ["token": .string(candidate)],
                    authorization: api.admin
                )
            )
        }
        let stillValid = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        await api.close()
        for reply in replies {
            #expect(reply.status == 400)
            #expect(ReplyField.message(reply).contains("'token'"))
        }
        #expect(stillValid.status == 200)
    }

    @Test(
        arguments: [
            [:],
            ["token": "x.y.z", "jti": "abc"],
            ["jti": ""],
            ["jti": 12],
            ["token": ["x"]],
            ["jti": "abc", "reason": "lost"],
        ] as [JSONValue]
    )
    func invalidBodyIs400(body: JSONValue) async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("POST", "/api/v1/auth/revoke", body: body, authorization: api.admin)
        await api.close()
        #expect(reply.status == 400)
    }

    @Test func unauthenticatedIs401() async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("POST", "/api/v1/auth/revoke", body: ["jti": "abc"], authorization: nil)
        await api.close()
        #expect(reply.status == 401)
        #expect(reply.header("www-authenticate") != nil)
    }

    /// A revocation reaches a session that is already open, as a Bolt connection keeps one.
    @Test func reachesOpenSession() async throws {
        let api = try await ManagementHarness()
        let token = try await api.loginToken("admin", APIFixture.adminPassword)
        let logger = Logger(label: "test", sink: .memory())
        let identity = try await api.fixture.queries.authenticator.authenticate(.bearer(token), logger: logger)
        let session = api.fixture.queries.makeSession(identity: identity, logger: logger)
        _ = try await session.run("RETURN 1", parameters: [:], database: nil)
        let reply = await api.send(
            "POST",
            "/api/v1/auth/revoke",
            body: ["token": .string(token)],
            authorization: api.admin
        )
        let failure = await #expect(throws: ServerError.self) {
            _ = try await session.run("RETURN 1", parameters: [:], database: nil)
        }
        await api.close()
        #expect(reply.status == 200)
        #expect(failure?.status == .unauthorized)
    }
}
