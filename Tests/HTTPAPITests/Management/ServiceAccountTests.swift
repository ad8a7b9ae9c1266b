import GraphValue
import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("/api/v1/service-accounts")
struct ServiceAccountTests {
    static let documentedSecret = "secure-generated-password"

    /// The calls of the cluster security guide, with their bodies exactly.
    @Test func documentedCalls() async throws {
        let api = try await ManagementHarness()
        let token = try await api.adminBearer()
        let created = await api.sendRaw(
            "POST",
            "/api/v1/service-accounts",
            body: Array(#"{"id": "cluster-node-1", "secret": "secure-generated-password", "role": "admin"}"#.utf8),
            authorization: token
        )
        let read = await api.send("GET", "/api/v1/service-accounts/cluster-node-1", authorization: token)
        let patched = await api.sendRaw(
            "PATCH",
            "/api/v1/service-accounts/cluster-node-1",
            body: Array(#"{"role": "admin"}"#.utf8),
            authorization: token
        )
        let login = await api.send(
            "GET",
            "/api/v1/users",
            authorization: APIFixture.basic("cluster-node-1", Self.documentedSecret)
        )
        await api.close()
        #expect(created.status == 201)
        #expect(created.json?["id"]?.stringValue == "cluster-node-1")
        #expect(created.json?["role"]?.stringValue == "admin")
        #expect(created.json?["kind"]?.stringValue == "service")
        #expect(created.json?["created_at"]?.stringValue?.hasSuffix("Z") == true)
        for reply in [created, read, patched] {
            #expect(!reply.text.contains(Self.documentedSecret))
            #expect(!reply.text.contains("argon2"))
        }
        #expect(read.status == 200)
        #expect(read.json?["id"]?.stringValue == "cluster-node-1")
        #expect(ReplyField.bool(read.json?["suspended"]) == false)
        #expect(patched.status == 200)
        #expect(patched.json?["role"]?.stringValue == "admin")
        #expect(login.status == 200)
    }

    @Test func logsInLikeUser() async throws {
        let api = try await ManagementHarness()
        try await createService(api, id: "svc-1", role: "editor")
        let token = try await api.loginToken("svc-1", Self.documentedSecret)
        let logger = Logger(label: "test", sink: .memory())
        // A Bolt HELLO carries these fields; they take the same path through the Authenticator.
        let bolt = AuthToken(boltFields: [
            "scheme": "basic", "principal": "svc-1", "credentials": .string(Self.documentedSecret),
        ])
        let identity = try await api.fixture.queries.authenticator.authenticate(bolt, logger: logger)
        let session = api.fixture.queries.makeSession(identity: identity, logger: logger)
        let result = try await session.run("CREATE (n:Job) RETURN 1 AS one", parameters: [:], database: nil)
        let denied = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        let overHTTP = await api.send(
            "POST",
            "/db/nornic/tx/commit",
            body: ["statements": [["statement": "MATCH (n:Job) RETURN count(n) AS jobs"]]],
            authorization: APIFixture.basic("svc-1", Self.documentedSecret)
        )
        await api.close()
        #expect(overHTTP.status == 200)
        #expect(ReplyField.array(overHTTP.json?["errors"])?.isEmpty == true)
        #expect(identity.principal == "svc-1")
        #expect(identity.roles == ["editor"])
        #expect(result.rows == [[.integer(1)]])
        #expect(denied.status == 403)
    }

    @Test func listsOnlyServiceAccounts() async throws {
        let api = try await ManagementHarness()
        try await createService(api, id: "svc-b", role: "viewer")
        try await createService(api, id: "svc-a", role: "editor")
        try await api.fixture.createUser("alice", roles: ["viewer"])
        let reply = await api.send("GET", "/api/v1/service-accounts", authorization: api.admin)
        await api.close()
        let ids = ReplyField.array(reply.json)?.compactMap { $0["id"]?.stringValue }
        #expect(reply.status == 200)
        #expect(ids == ["svc-a", "svc-b"])
    }

    @Test func duplicateIs409() async throws {
        let api = try await ManagementHarness()
        try await createService(api, id: "svc-1", role: "viewer")
        var replies: [Reply] = []
        for id in ["svc-1", "admin"] {
            let body: JSONValue = ["id": .string(id), "secret": "another-secret-1", "role": "viewer"]
            replies.append(await api.send("POST", "/api/v1/service-accounts", body: body, authorization: api.admin))
        }
        let admin = api.fixture.accounts.account(named: "admin")
        await api.close()
        for reply in replies { #expect(reply.status == 409) }
        #expect(admin?.kind == .user)
        #expect(admin?.roles == ["admin"])
    }

    @Test(
        arguments: [
            (["id": "svc-1", "secret": "short", "role": "viewer"], "secret"),
            (["id": "svc-1", "secret": "", "role": "viewer"], "secret"),
            (["id": "svc-1", "secret": "long-enough-secret", "role": "root"], "role"),
            (["id": "svc-1", "secret": "long-enough-secret"], "role"),
            (["id": "bad id!", "secret": "long-enough-secret", "role": "viewer"], "bad id!"),
            (["secret": "long-enough-secret", "role": "viewer"], "id"),
            (["id": "svc-1", "secret": "long-enough-secret", "role": "viewer", "roles": []], "roles"),
            (["id": "svc-1", "secret": 12_345_678, "role": "viewer"], "secret"),
        ] as [(JSONValue, String)]
    )
    func invalidCreateIs400(body: JSONValue, mention: String) async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("POST", "/api/v1/service-accounts", body: body, authorization: api.admin)
        let created = api.fixture.accounts.account(named: "svc-1")
        await api.close()
        #expect(reply.status == 400)
        #expect(ReplyField.message(reply).contains(mention))
        #expect(created == nil)
    }

    @Test func unknownOrUserIs404() async throws {
        let api = try await ManagementHarness()
        var replies: [Reply] = []
        for id in ["nobody", "admin"] {
            let path = "/api/v1/service-accounts/" + id
            replies.append(await api.send("GET", path, authorization: api.admin))
            replies.append(await api.send("PATCH", path, body: ["role": "viewer"], authorization: api.admin))
            replies.append(await api.send("DELETE", path, authorization: api.admin))
            replies.append(await api.send("POST", path + "/rotate-secret", authorization: api.admin))
        }
        let admin = api.fixture.accounts.account(named: "admin")
        await api.close()
        for reply in replies { #expect(reply.status == 404) }
        #expect(admin?.roles == ["admin"])
    }

    @Test func patchRoleAndSuspension() async throws {
        let api = try await ManagementHarness()
        try await createService(api, id: "svc-1", role: "admin")
        let basic = APIFixture.basic("svc-1", Self.documentedSecret)
        let path = "/api/v1/service-accounts/svc-1"
        let demoted = await api.send("PATCH", path, body: ["role": "viewer"], authorization: api.admin)
        let asViewer = await api.send("GET", "/api/v1/users", authorization: basic)
        let suspended = await api.send("PATCH", path, body: ["suspended": true], authorization: api.admin)
        let whileSuspended = await api.send("GET", "/api/v1/users/svc-1", authorization: basic)
        let resumed = await api.send(
            "PATCH",
            path,
            body: ["suspended": false, "role": "admin"],
            authorization: api.admin
        )
        let afterResume = await api.send("GET", "/api/v1/users", authorization: basic)
        let empty = await api.send("PATCH", path, body: [:], authorization: api.admin)
        let badRole = await api.send("PATCH", path, body: ["role": "owner"], authorization: api.admin)
        await api.close()
        #expect(demoted.status == 200)
        #expect(ReplyField.strings(demoted.json?["roles"]) == ["viewer"])
        #expect(asViewer.status == 403)
        #expect(ReplyField.bool(suspended.json?["suspended"]) == true)
        #expect(whileSuspended.status == 401)
        #expect(resumed.status == 200)
        #expect(resumed.json?["role"]?.stringValue == "admin")
        #expect(afterResume.status == 200)
        #expect(empty.status == 400)
        #expect(badRole.status == 400)
    }

    @Test func rotateSecret() async throws {
        let api = try await ManagementHarness()
        try await createService(api, id: "svc-1", role: "admin")
        let oldToken = try await api.loginToken("svc-1", Self.documentedSecret)
        try await api.waitForNextSecond()
        let reply = await api.send("POST", "/api/v1/service-accounts/svc-1/rotate-secret", authorization: api.admin)
        let secret = try #require(reply.json?["secret"]?.stringValue)
        let oldSecret = await api.send(
            "GET",
            "/api/v1/roles",
            authorization: APIFixture.basic("svc-1", Self.documentedSecret)
        )
        let newSecret = await api.send("GET", "/api/v1/roles", authorization: APIFixture.basic("svc-1", secret))
        let oldTokenUse = await api.send("GET", "/api/v1/roles", authorization: ManagementHarness.bearer(oldToken))
        let withBody = await api.send(
            "POST",
            "/api/v1/service-accounts/svc-1/rotate-secret",
            body: ["secret": "chosen-secret-1"],
            authorization: api.admin
        )
        let logs = api.fixture.logs.recorded.map { $0.formatted(timestampNanoseconds: 0) }.joined(separator: "\n")
        await api.close()
        #expect(reply.status == 200)
        #expect(reply.json?["id"]?.stringValue == "svc-1")
        #expect(reply.header("cache-control") == "no-store")
        #expect(secret.count >= 40)
        #expect(oldSecret.status == 401)
        #expect(newSecret.status == 200)
        #expect(oldTokenUse.status == 401)
        #expect(withBody.status == 400)
        #expect(!logs.contains(secret))
        #expect(!logs.contains(Self.documentedSecret))
    }

    @Test func deleteRemovesAccount() async throws {
        let api = try await ManagementHarness()
        try await createService(api, id: "svc-1", role: "admin")
        let deleted = await api.send("DELETE", "/api/v1/service-accounts/svc-1", authorization: api.admin)
        let read = await api.send("GET", "/api/v1/service-accounts/svc-1", authorization: api.admin)
        let login = await api.send(
            "GET",
            "/api/v1/roles",
            authorization: APIFixture.basic("svc-1", Self.documentedSecret)
        )
        let users = try await api.showUsers()
        await api.close()
        #expect(deleted.status == 204)
        #expect(deleted.text.isEmpty)
        #expect(read.status == 404)
        #expect(login.status == 401)
        #expect(users["svc-1"] == nil)
    }

    @Test func viewerIs403Everywhere() async throws {
        let api = try await ManagementHarness()
        try await createService(api, id: "svc-1", role: "viewer")
        let viewer = try await api.viewer()
        let calls: [(String, String, JSONValue?)] = [
            ("GET", "/api/v1/service-accounts", nil),
            ("POST", "/api/v1/service-accounts", ["id": "svc-2", "secret": "long-enough-secret", "role": "admin"]),
            ("GET", "/api/v1/service-accounts/svc-1", nil),
            ("PATCH", "/api/v1/service-accounts/svc-1", ["role": "admin"]),
            ("DELETE", "/api/v1/service-accounts/svc-1", nil),
            ("POST", "/api/v1/service-accounts/svc-1/rotate-secret", nil),
            // An unknown id still gives 403, so a viewer cannot probe which accounts exist.
            ("GET", "/api/v1/service-accounts/nobody", nil),
        ]
        var replies: [Reply] = []
        for (method, path, body) in calls {
            replies.append(await api.send(method, path, body: body, authorization: viewer))
        }
        let account = api.fixture.accounts.account(named: "svc-1")
        await api.close()
        for reply in replies {
            #expect(reply.status == 403)
            #expect(reply.errorCode == "Neo.ClientError.Security.Forbidden")
        }
        #expect(account?.roles == ["viewer"])
    }

    private func createService(_ api: ManagementHarness, id: String, role: String) async throws {
        let body: JSONValue = ["id": .string(id), "secret": .string(Self.documentedSecret), "role": .string(role)]
        let reply = await api.send("POST", "/api/v1/service-accounts", body: body, authorization: api.admin)
        try #require(reply.status == 201, "creating \(id) failed: \(reply.text)")
    }
}
