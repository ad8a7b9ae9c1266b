import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("management API routing and roles")
struct RoutingTests {
    @Test func rolesListBuiltIns() async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("GET", "/api/v1/roles", authorization: api.admin)
        await api.close()
        let roles = try #require(ReplyField.array(reply.json))
        #expect(reply.status == 200)
        #expect(roles.compactMap { $0["role"]?.stringValue } == ["admin", "editor", "viewer", "none"])
        #expect(ReplyField.strings(roles.first?["permissions"]) == ["read", "write", "delete", "schema", "admin"])
        #expect(ReplyField.strings(roles.last?["permissions"]) == [])
    }

    @Test(arguments: [
        "/api/v1", "/api/v1/nothing", "/api/v1/auth", "/api/v1/auth/tokens", "/api/v1/users/a/b",
        "/api/v1/service-accounts/a/rotate", "/api/v1/roles/admin", "/api/v2/users",
    ])
    func unknownPathIs404(path: String) async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("GET", path, authorization: api.admin)
        await api.close()
        #expect(reply.status == 404)
        #expect(reply.errorCode != nil)
    }

    @Test(arguments: [
        ("GET", "/api/v1/auth/cluster-token", "POST"),
        ("PUT", "/api/v1/auth/revoke", "POST"),
        ("DELETE", "/api/v1/service-accounts", "GET, POST"),
        ("PUT", "/api/v1/service-accounts/svc-1", "GET, PATCH, DELETE"),
        ("GET", "/api/v1/service-accounts/svc-1/rotate-secret", "POST"),
        ("PUT", "/api/v1/users", "GET, POST"),
        ("POST", "/api/v1/users/alice", "GET, PATCH, DELETE"),
        ("POST", "/api/v1/roles", "GET"),
    ])
    func wrongMethodIs405(method: String, path: String, allowed: String) async throws {
        let api = try await ManagementHarness()
        let reply = await api.send(method, path, authorization: api.admin)
        await api.close()
        #expect(reply.status == 405)
        #expect(reply.header("allow") == allowed)
    }

    static let protectedCalls: [(String, String)] = [
        ("POST", "/api/v1/auth/cluster-token"), ("POST", "/api/v1/auth/revoke"), ("GET", "/api/v1/service-accounts"),
        ("POST", "/api/v1/service-accounts"), ("GET", "/api/v1/service-accounts/svc-1"),
        ("PATCH", "/api/v1/service-accounts/svc-1"), ("DELETE", "/api/v1/service-accounts/svc-1"),
        ("POST", "/api/v1/service-accounts/svc-1/rotate-secret"), ("GET", "/api/v1/users"),
        ("POST", "/api/v1/users"), ("GET", "/api/v1/users/admin"), ("PATCH", "/api/v1/users/admin"),
        ("DELETE", "/api/v1/users/admin"), ("GET", "/api/v1/roles"),
    ]

    @Test func unauthenticatedIs401() async throws {
        let api = try await ManagementHarness()
        var replies: [Reply] = []
        for (method, path) in Self.protectedCalls {
            replies.append(await api.send(method, path, body: ["x": 1], authorization: nil))
            replies.append(await api.send(method, path, authorization: APIFixture.basic("admin", "wrong-password")))
            replies.append(await api.send(method, path, authorization: ManagementHarness.bearer("x.y.z")))
        }
        await api.close()
        for reply in replies {
            #expect(reply.status == 401)
            #expect(reply.header("www-authenticate") == HTTPStatus.authenticateChallenge)
            #expect(reply.header("cache-control") == "no-store")
        }
    }

    @Test func malformedHeaderIs400() async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("GET", "/api/v1/users", authorization: "Digest abc")
        await api.close()
        #expect(reply.status == 400)
    }

    @Test func authenticationDisabledActsAsAdmin() async throws {
        let api = try await ManagementHarness(authPolicy: AuthPolicy(authenticationEnabled: false))
        let reply = await api.send("GET", "/api/v1/users", authorization: nil)
        await api.close()
        #expect(reply.status == 200)
    }
}
