import GraphValue
import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("/api/v1/users")
struct UserTests {
    @Test func patchRemovingLastAdminChangesNothing() async throws {
        let api = try await ManagementHarness()
        let body: JSONValue = ["roles": ["editor"], "change_required": true]
        let reply = await api.send("PATCH", "/api/v1/users/admin", body: body, authorization: api.admin)
        let account = api.fixture.accounts.account(named: "admin")
        await api.close()
        #expect(reply.status == 400)
        #expect(reply.errorCode == "Neo.ClientError.General.InvalidArguments")
        #expect(account?.roles == ["admin"])
        #expect(account?.changeRequired == false)
    }

    @Test func createVisibleInShowUsers() async throws {
        let api = try await ManagementHarness()
        let body: JSONValue = ["username": "bob", "password": "bob-password-1", "roles": ["editor", "viewer"]]
        let reply = await api.send("POST", "/api/v1/users", body: body, authorization: api.admin)
        let rows = try await api.showUsers()
        await api.close()
        #expect(reply.status == 201)
        #expect(reply.json?["username"]?.stringValue == "bob")
        #expect(ReplyField.strings(reply.json?["roles"]) == ["editor", "viewer"])
        #expect(ReplyField.bool(reply.json?["change_required"]) == true)
        #expect(ReplyField.bool(reply.json?["suspended"]) == false)
        #expect(reply.json?["kind"]?.stringValue == "user")
        #expect(!reply.text.contains("bob-password-1"))
        #expect(!reply.text.contains("argon2"))
        #expect(rows["bob"]?[1] == .list([.string("editor"), .string("viewer")]))
        #expect(rows["bob"]?[2] == .boolean(true))
        #expect(rows["bob"]?[3] == .boolean(false))
    }

    @Test func cypherUserVisibleInAPI() async throws {
        let api = try await ManagementHarness()
        let identity = Identity(principal: "admin", roles: ["admin"], provider: "local", accountName: "admin")
        let session = api.fixture.queries.makeSession(
            identity: identity,
            logger: Logger(label: "test", sink: .memory())
        )
        _ = try await session.run(
            "CREATE USER carol SET PASSWORD 'carol-password-1' CHANGE NOT REQUIRED",
            parameters: [:],
            database: "system"
        )
        _ = try await session.run("GRANT ROLE editor TO carol", parameters: [:], database: "system")
        let reply = await api.send("GET", "/api/v1/users/carol", authorization: api.admin)
        await api.close()
        #expect(reply.status == 200)
        #expect(ReplyField.strings(reply.json?["roles"]) == ["editor"])
        #expect(ReplyField.bool(reply.json?["change_required"]) == false)
    }

    @Test func createWithFlagsThenLogin() async throws {
        let api = try await ManagementHarness()
        let body: JSONValue = ["username": "dave", "password": "dave-password-1", "change_required": false]
        let created = await api.send("POST", "/api/v1/users", body: body, authorization: api.admin)
        let token = try await api.loginToken("dave", "dave-password-1")
        let suspendedBody: JSONValue = ["username": "erin", "password": "erin-password-1", "suspended": true]
        let suspended = await api.send("POST", "/api/v1/users", body: suspendedBody, authorization: api.admin)
        let erinLogin = await api.send(
            "POST",
            "/api/v1/auth/token",
            authorization: APIFixture.basic("erin", "erin-password-1")
        )
        await api.close()
        #expect(created.status == 201)
        #expect(ReplyField.strings(created.json?["roles"]) == [])
        #expect(!token.isEmpty)
        #expect(ReplyField.bool(suspended.json?["suspended"]) == true)
        #expect(erinLogin.status == 401)
    }

    @Test func duplicateIs409() async throws {
        let api = try await ManagementHarness()
        let service: JSONValue = ["id": "svc-1", "secret": "long-enough-secret", "role": "viewer"]
        _ = await api.send("POST", "/api/v1/service-accounts", body: service, authorization: api.admin)
        var replies: [Reply] = []
        for name in ["admin", "svc-1"] {
            let body: JSONValue = ["username": .string(name), "password": "some-password-1"]
            replies.append(await api.send("POST", "/api/v1/users", body: body, authorization: api.admin))
        }
        let serviceAfter = api.fixture.accounts.account(named: "svc-1")
        await api.close()
        for reply in replies { #expect(reply.status == 409) }
        #expect(serviceAfter?.kind == .service)
    }

    @Test(
        arguments: [
            (["username": "bob", "password": "short"], "password"),
            (["username": "bob", "password": "bob-password-1", "roles": ["editor", "god"]], "roles"),
            (["username": "bob", "password": "bob-password-1", "roles": "editor"], "roles"),
            (["username": "bob", "password": "bob-password-1", "roles": [1]], "roles"),
            (["username": "bob", "password": "bob-password-1", "change_required": "no"], "change_required"),
            (["username": "bob", "password": "bob-password-1", "suspended": 1], "suspended"),
            (["username": "bob", "password": "bob-password-1", "email": "bob@example.org"], "email"),
            (["username": "bob:x", "password": "bob-password-1"], "bob:x"),
            (["password": "bob-password-1"], "username"),
        ] as [(JSONValue, String)]
    )
    func invalidCreateIs400(body: JSONValue, mention: String) async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("POST", "/api/v1/users", body: body, authorization: api.admin)
        let created = api.fixture.accounts.account(named: "bob")
        await api.close()
        #expect(reply.status == 400)
        #expect(ReplyField.message(reply).contains(mention))
        #expect(created == nil)
    }

    @Test func listsOnlyUsers() async throws {
        let api = try await ManagementHarness()
        try await api.fixture.createUser("alice", roles: ["viewer"])
        let service: JSONValue = ["id": "svc-1", "secret": "long-enough-secret", "role": "viewer"]
        _ = await api.send("POST", "/api/v1/service-accounts", body: service, authorization: api.admin)
        let reply = await api.send("GET", "/api/v1/users", authorization: api.admin)
        await api.close()
        let names = ReplyField.array(reply.json)?.compactMap { $0["username"]?.stringValue }
        #expect(reply.status == 200)
        #expect(names == ["admin", "alice"])
        #expect(!reply.text.contains("argon2"))
    }

    @Test func readOneself() async throws {
        let api = try await ManagementHarness()
        let alice = try await api.fixture.createUser("alice", roles: ["viewer"])
        let own = await api.send("GET", "/api/v1/users/alice", authorization: alice)
        let other = await api.send("GET", "/api/v1/users/admin", authorization: alice)
        let missing = await api.send("GET", "/api/v1/users/nobody", authorization: alice)
        try await api.fixture.accounts.create(
            name: "fresh",
            password: "fresh-password-1",
            roles: [],
            changeRequired: true
        )
        let expired = await api.send(
            "GET",
            "/api/v1/users/fresh",
            authorization: APIFixture.basic("fresh", "fresh-password-1")
        )
        await api.close()
        #expect(own.status == 200)
        #expect(own.json?["username"]?.stringValue == "alice")
        #expect(other.status == 403)
        #expect(missing.status == 403)
        #expect(expired.status == 403)
        #expect(expired.errorCode == "Neo.ClientError.Security.CredentialsExpired")
    }

    @Test func unknownOrServiceIs404() async throws {
        let api = try await ManagementHarness()
        let service: JSONValue = ["id": "svc-1", "secret": "long-enough-secret", "role": "viewer"]
        _ = await api.send("POST", "/api/v1/service-accounts", body: service, authorization: api.admin)
        var replies: [Reply] = []
        for name in ["nobody", "svc-1"] {
            let path = "/api/v1/users/" + name
            replies.append(await api.send("GET", path, authorization: api.admin))
            replies.append(await api.send("PATCH", path, body: ["roles": ["admin"]], authorization: api.admin))
            replies.append(await api.send("DELETE", path, authorization: api.admin))
        }
        let serviceAfter = api.fixture.accounts.account(named: "svc-1")
        await api.close()
        for reply in replies { #expect(reply.status == 404) }
        #expect(serviceAfter?.roles == ["viewer"])
    }

    @Test func patchChangesAccount() async throws {
        let api = try await ManagementHarness()
        try await api.fixture.createUser("alice", roles: ["viewer"])
        let path = "/api/v1/users/alice"
        let roles = await api.send("PATCH", path, body: ["roles": ["editor", "admin"]], authorization: api.admin)
        let password = await api.send("PATCH", path, body: ["password": "new-password-22"], authorization: api.admin)
        let oldLogin = await api.send("GET", path, authorization: APIFixture.basic("alice", "user-password-1"))
        let newLogin = await api.send(
            "GET",
            "/api/v1/users",
            authorization: APIFixture.basic("alice", "new-password-22")
        )
        let samePassword = await api.send(
            "PATCH",
            path,
            body: ["password": "new-password-22"],
            authorization: api.admin
        )
        let expire = await api.send("PATCH", path, body: ["change_required": true], authorization: api.admin)
        let expiredLogin = await api.send(
            "POST",
            "/api/v1/auth/token",
            authorization: APIFixture.basic("alice", "new-password-22")
        )
        let suspend = await api.send("PATCH", path, body: ["suspended": true], authorization: api.admin)
        let suspendedLogin = await api.send("GET", path, authorization: APIFixture.basic("alice", "new-password-22"))
        let empty = await api.send("PATCH", path, body: [:], authorization: api.admin)
        let rows = try await api.showUsers()
        await api.close()
        #expect(roles.status == 200)
        #expect(ReplyField.strings(roles.json?["roles"]) == ["editor", "admin"])
        #expect(password.status == 200)
        #expect(oldLogin.status == 401)
        #expect(newLogin.status == 200)
        #expect(samePassword.status == 400)
        #expect(ReplyField.bool(expire.json?["change_required"]) == true)
        #expect(expiredLogin.status == 403)
        #expect(ReplyField.bool(suspend.json?["suspended"]) == true)
        #expect(suspendedLogin.status == 401)
        #expect(empty.status == 400)
        #expect(rows["alice"]?[3] == .boolean(true))
    }

    @Test func cypherRulesApply() async throws {
        let api = try await ManagementHarness()
        let dropSelf = await api.send("DELETE", "/api/v1/users/admin", authorization: api.admin)
        let suspendSelf = await api.send(
            "PATCH",
            "/api/v1/users/admin",
            body: ["suspended": true],
            authorization: api.admin
        )
        let admin = api.fixture.accounts.account(named: "admin")
        await api.close()
        #expect(dropSelf.status == 400)
        #expect(ReplyField.message(dropSelf).contains("Deleting yourself is not allowed"))
        #expect(suspendSelf.status == 400)
        #expect(admin?.suspended == false)
    }

    @Test func deleteRemovesUser() async throws {
        let api = try await ManagementHarness()
        let alice = try await api.fixture.createUser("alice", roles: ["viewer"])
        let deleted = await api.send("DELETE", "/api/v1/users/alice", authorization: api.admin)
        let again = await api.send("DELETE", "/api/v1/users/alice", authorization: api.admin)
        let login = await api.send("GET", "/api/v1/users/alice", authorization: alice)
        let rows = try await api.showUsers()
        await api.close()
        #expect(deleted.status == 204)
        #expect(again.status == 404)
        #expect(login.status == 401)
        #expect(rows["alice"] == nil)
    }

    @Test func viewerIs403Everywhere() async throws {
        let api = try await ManagementHarness()
        let viewer = try await api.viewer()
        try await api.fixture.createUser("alice", roles: ["editor"])
        let calls: [(String, String, JSONValue?)] = [
            ("GET", "/api/v1/users", nil),
            ("POST", "/api/v1/users", ["username": "mallory", "password": "mallory-password-1"]),
            ("GET", "/api/v1/users/alice", nil),
            ("PATCH", "/api/v1/users/alice", ["roles": ["viewer"]]),
            ("PATCH", "/api/v1/users/viewer-user", ["roles": ["admin"]]),
            ("DELETE", "/api/v1/users/alice", nil),
            ("GET", "/api/v1/roles", nil),
        ]
        var replies: [Reply] = []
        for (method, path, body) in calls {
            replies.append(await api.send(method, path, body: body, authorization: viewer))
        }
        let alice = api.fixture.accounts.account(named: "alice")
        let viewerAccount = api.fixture.accounts.account(named: "viewer-user")
        let mallory = api.fixture.accounts.account(named: "mallory")
        await api.close()
        for reply in replies {
            #expect(reply.status == 403)
            #expect(reply.errorCode == "Neo.ClientError.Security.Forbidden")
        }
        #expect(alice?.roles == ["editor"])
        #expect(viewerAccount?.roles == ["viewer"])
        #expect(mallory == nil)
    }
}
