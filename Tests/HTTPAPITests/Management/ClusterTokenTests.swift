import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("POST /api/v1/auth/cluster-token")
struct ClusterTokenTests {
    /// The call of the cluster security guide, with its body exactly.
    @Test func documentedCall() async throws {
        let api = try await ManagementHarness()
        let reply = await api.sendRaw(
            "POST",
            "/api/v1/auth/cluster-token",
            body: Array(#"{"node_id": "node-2", "role": "admin"}"#.utf8),
            authorization: api.admin
        )
        let token = try #require(reply.json?["token"]?.stringValue)
        let description = try api.fixture.tokens.describe(Secret(token))
        let identity = try await api.fixture.queries.authenticator.authenticate(
            .bearer(token),
            logger: Logger(label: "test", sink: .memory())
        )
        let used = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        await api.close()
        #expect(reply.status == 200)
        #expect(reply.json?["node_id"]?.stringValue == "node-2")
        #expect(reply.json?["role"]?.stringValue == "admin")
        #expect(reply.json?["expires_at"] == .null)
        #expect(reply.json?["jti"]?.stringValue == description.tokenID)
        #expect(reply.header("cache-control") == "no-store")
        #expect(description.subject == "cluster:node-2")
        #expect(description.expiresAt == nil)
        #expect(identity.principal == "cluster:node-2")
        #expect(identity.roles == ["admin"])
        #expect(used.status == 200)
    }

    @Test(arguments: [("168h", 604_800), ("30m", 1_800), ("1h30m", 5_400), ("7d", 604_800)] as [(String, Int64)])
    func durationExpiry(text: String, seconds: Int64) async throws {
        let api = try await ManagementHarness()
        let before = UnixTime.now()
        let reply = try await api.clusterToken(nodeID: "node-2", role: "viewer", expiresIn: .string(text))
        let after = UnixTime.now()
        let token = try #require(reply.json?["token"]?.stringValue)
        let expiresAt = try #require(try api.fixture.tokens.describe(Secret(token)).expiresAt)
        await api.close()
        #expect(reply.status == 200)
        #expect((before + seconds...after + seconds).contains(expiresAt))
        #expect(reply.json?["expires_at"]?.stringValue == Timestamp.rfc3339(expiresAt))
    }

    @Test func numericExpiry() async throws {
        let api = try await ManagementHarness()
        let before = UnixTime.now()
        let reply = try await api.clusterToken(nodeID: "node-3", role: "editor", expiresIn: 3_600)
        let after = UnixTime.now()
        let token = try #require(reply.json?["token"]?.stringValue)
        let expiresAt = try #require(try api.fixture.tokens.describe(Secret(token)).expiresAt)
        await api.close()
        #expect(reply.status == 200)
        #expect(expiresAt >= before + 3_600)
        #expect(expiresAt <= after + 3_600)
    }

    @Test func viewerRoleComesFromToken() async throws {
        let api = try await ManagementHarness()
        let reply = try await api.clusterToken(nodeID: "node-4", role: "viewer")
        let token = try #require(reply.json?["token"]?.stringValue)
        let identity = try await api.fixture.queries.authenticator.authenticate(
            .basic(principal: "", password: token),
            logger: Logger(label: "test", sink: .memory())
        )
        let bearer = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        let basic = await api.send("GET", "/api/v1/roles", authorization: APIFixture.basic("", token))
        await api.close()
        #expect(identity.principal == "cluster:node-4")
        #expect(identity.roles == ["viewer"])
        #expect(identity.accountName == nil)
        #expect(bearer.status == 403)
        #expect(basic.status == 403)
    }

    @Test func expiredTokenIs401() async throws {
        let api = try await ManagementHarness()
        let reply = try await api.clusterToken(nodeID: "node-5", role: "admin", expiresIn: 1)
        let token = try #require(reply.json?["token"]?.stringValue)
        try await Task.sleep(nanoseconds: 2_100_000_000)
        let used = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        await api.close()
        #expect(used.status == 401)
        #expect(used.errorCode == "Neo.ClientError.Security.TokenExpired")
    }

    @Test(
        arguments: [
            (["node_id": "node-2", "role": "superuser"], "role"),
            (["node_id": "node-2", "role": "Admin"], "role"),
            (["node_id": "node 2", "role": "admin"], "node id"),
            (["node_id": "", "role": "admin"], "node_id"),
            (["role": "admin"], "node_id"),
            (["node_id": "node-2"], "role"),
            (["node_id": "node-2", "role": "admin", "expires_in": "1x"], "expires_in"),
            (["node_id": "node-2", "role": "admin", "expires_in": "-1h"], "expires_in"),
            (["node_id": "node-2", "role": "admin", "expires_in": 0], "expires_in"),
            (["node_id": "node-2", "role": "admin", "expires_in": "0s"], "expires_in"),
            (["node_id": "node-2", "role": "admin", "expires_in": -5], "expires_in"),
            (["node_id": "node-2", "role": "admin", "expires_in": .number(1.5)], "expires_in"),
            (["node_id": "node-2", "role": "admin", "expires_in": true], "expires_in"),
            (["node_id": "node-2", "role": "admin", "expires_in": "999999999999d"], "lifetime"),
            (["node_id": "node-2", "role": "admin", "expires_in": .integer(.max)], "lifetime"),
            (["node_id": "node-2", "role": "admin", "roles": ["admin"]], "roles"),
            (["node_id": ["node-2"], "role": "admin"], "node_id"),
        ] as [(JSONValue, String)]
    )
    func invalidRequestIs400(body: JSONValue, mention: String) async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("POST", "/api/v1/auth/cluster-token", body: body, authorization: api.admin)
        await api.close()
        #expect(reply.status == 400)
        #expect(ReplyField.message(reply).contains(mention))
        #expect(reply.json?["token"] == nil)
    }

    @Test func needsAdmin() async throws {
        let api = try await ManagementHarness()
        let viewer = try await api.viewer()
        let body: JSONValue = ["node_id": "node-2", "role": "admin"]
        let denied = await api.send("POST", "/api/v1/auth/cluster-token", body: body, authorization: viewer)
        let anonymous = await api.send("POST", "/api/v1/auth/cluster-token", body: body, authorization: nil)
        await api.close()
        #expect(denied.status == 403)
        #expect(denied.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("www-authenticate") != nil)
    }
}
