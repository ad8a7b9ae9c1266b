import Host
import JSON
import Testing

@testable import HTTPAPI

/// Bodies that are not what an endpoint takes get 400 and change nothing, whatever their bytes.
@Suite("management API malformed bodies")
struct MalformedBodyTests {
    static let bodies: [(method: String, path: String, body: String)] = [
        ("POST", "/api/v1/auth/token", #"{"username": "admin", "password": "admin-password-1"}"#),
        ("POST", "/api/v1/auth/cluster-token", #"{"node_id": "node-2", "role": "admin", "expires_in": "168h"}"#),
        ("POST", "/api/v1/auth/revoke", #"{"jti": "abcdefghijklmnopqrstuv"}"#),
        ("POST", "/api/v1/service-accounts", #"{"id": "svc-9", "secret": "long-enough-secret", "role": "admin"}"#),
        ("PATCH", "/api/v1/service-accounts/svc-1", #"{"role": "editor", "suspended": false}"#),
        ("POST", "/api/v1/users", #"{"username": "zed", "password": "zed-password-1", "roles": ["viewer"]}"#),
        ("PATCH", "/api/v1/users/alice", #"{"roles": ["editor"], "change_required": false}"#),
    ]

    /// Every proper prefix of a valid body, down to one byte, then the whole body, which works.
    /// The empty body is an empty object, which the missing-field tests cover.
    @Test(arguments: 0..<bodies.count)
    func everyPrefixIs400(index: Int) async throws {
        let (method, path, body) = Self.bodies[index]
        let api = try await ManagementHarness()
        try await seed(api)
        // The token endpoint takes credentials in the body or the header, never both.
        let authorization = path == "/api/v1/auth/token" ? nil : try await api.adminBearer()
        let bytes = Array(body.utf8)
        var statuses: [(length: Int, status: Int)] = []
        for length in 1..<bytes.count {
            let reply = await api.sendRaw(method, path, body: Array(bytes[..<length]), authorization: authorization)
            statuses.append((length, reply.status))
        }
        let full = await api.sendRaw(method, path, body: bytes, authorization: authorization)
        await api.close()
        for (length, status) in statuses {
            #expect(status == 400, "prefix of \(length) bytes of \(method) \(path) gave \(status)")
        }
        #expect((200...201).contains(full.status), "the whole body of \(method) \(path) gave \(full.status)")
    }

    static let wrongBodies: [String] = [
        "[]", "\"text\"", "null", "42", "true", #"{"a": 1}{}"#, #"{"id": "x", "id": "y"}"#, "{,}", "{'id': 'x'}",
        #"{"id": "x\u0000"#, String(repeating: "[", count: 200), String(repeating: "{\"a\":", count: 100) + "1",
    ]

    @Test(arguments: wrongBodies)
    func nonObjectBodyIs400(body: String) async throws {
        let api = try await ManagementHarness()
        var replies: [Reply] = []
        for (method, path, _) in Self.bodies where path.hasPrefix("/api/v1/auth") || method == "POST" {
            replies.append(await api.sendRaw(method, path, body: Array(body.utf8), authorization: api.admin))
        }
        await api.close()
        for reply in replies { #expect(reply.status == 400) }
    }

    @Test func invalidUTF8Is400() async throws {
        let api = try await ManagementHarness()
        let body: [UInt8] =
            Array(#"{"id": ""#.utf8) + [0xC3, 0x28] + Array(#"", "secret": "x", "role": "admin"}"#.utf8)
        let reply = await api.sendRaw("POST", "/api/v1/service-accounts", body: body, authorization: api.admin)
        await api.close()
        #expect(reply.status == 400)
    }

    @Test func nonJSONContentTypeIs415() async throws {
        let api = try await ManagementHarness()
        let reply = await api.sendRaw(
            "POST",
            "/api/v1/users",
            body: Array(#"{"username": "zed", "password": "zed-password-1"}"#.utf8),
            authorization: api.admin,
            contentType: "text/plain"
        )
        let created = api.fixture.accounts.account(named: "zed")
        await api.close()
        #expect(reply.status == 415)
        #expect(reply.errorCode == "Neo.ClientError.Request.InvalidFormat")
        #expect(created == nil)
    }

    @Test(arguments: [
        ("PATCH", "/api/v1/service-accounts/svc-1", #"{"role": 1}"#),
        ("PATCH", "/api/v1/service-accounts/svc-1", #"{"suspended": "yes"}"#),
        ("PATCH", "/api/v1/users/alice", #"{"roles": [null]}"#),
        ("PATCH", "/api/v1/users/alice", #"{"password": false}"#),
        ("PATCH", "/api/v1/users/alice", #"{"roles": {"a": "admin"}}"#),
        ("POST", "/api/v1/users", #"{"username": "zed", "password": ["zed-password-1"]}"#),
        ("POST", "/api/v1/auth/cluster-token", #"{"node_id": "n", "role": "admin", "expires_in": [1]}"#),
        ("POST", "/api/v1/auth/cluster-token", #"{"node_id": "n", "role": "admin", "expires_in": 1e400}"#),
    ])
    func wrongTypeIs400(method: String, path: String, body: String) async throws {
        let api = try await ManagementHarness()
        try await seed(api)
        let reply = await api.sendRaw(method, path, body: Array(body.utf8), authorization: api.admin)
        let alice = api.fixture.accounts.account(named: "alice")
        let service = api.fixture.accounts.account(named: "svc-1")
        await api.close()
        #expect(reply.status == 400)
        #expect(alice?.roles == ["viewer"])
        #expect(service?.roles == ["viewer"])
        #expect(service?.suspended == false)
    }

    /// Creates the accounts the PATCH bodies name.
    private func seed(_ api: ManagementHarness) async throws {
        try await api.fixture.createUser("alice", roles: ["viewer"])
        try await api.fixture.accounts.create(
            name: "svc-1",
            kind: .service,
            password: "long-enough-secret",
            roles: ["viewer"]
        )
    }
}
