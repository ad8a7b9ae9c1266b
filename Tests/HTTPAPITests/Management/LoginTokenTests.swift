import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("POST /api/v1/auth/token")
struct LoginTokenTests {
    @Test func bodyLoginIssuesBearer() async throws {
        let api = try await ManagementHarness()
        let reply = await api.send(
            "POST",
            "/api/v1/auth/token",
            body: ["username": "admin", "password": .string(APIFixture.adminPassword), "grant_type": "password"],
            authorization: nil
        )
        let token = try #require(reply.json?["access_token"]?.stringValue)
        let used = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        let subject = try api.fixture.tokens.describe(Secret(token)).subject
        await api.close()
        #expect(reply.status == 200)
        #expect(reply.json?["token_type"]?.stringValue == "Bearer")
        #expect(ReplyField.integer(reply.json?["expires_in"]) == APIFixture.loginTokenLifetime)
        #expect(reply.header("cache-control") == "no-store")
        #expect(reply.header("pragma") == "no-cache")
        #expect(used.status == 200)
        #expect(subject == "admin")
    }

    @Test func basicHeaderLogin() async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("POST", "/api/v1/auth/token", authorization: api.admin)
        await api.close()
        #expect(reply.status == 200)
        #expect(reply.json?["access_token"]?.stringValue != nil)
    }

    @Test func wrongPasswordIs401() async throws {
        let api = try await ManagementHarness()
        let wrong = await api.send(
            "POST",
            "/api/v1/auth/token",
            body: ["username": "admin", "password": "not-the-password"],
            authorization: nil
        )
        let unknown = await api.send(
            "POST",
            "/api/v1/auth/token",
            authorization: APIFixture.basic("nobody", "whatever-password")
        )
        await api.close()
        #expect(wrong.status == 401)
        #expect(wrong.errorCode == "Neo.ClientError.Security.Unauthorized")
        #expect(wrong.header("www-authenticate") == HTTPStatus.authenticateChallenge)
        #expect(!wrong.text.contains("not-the-password"))
        #expect(unknown.status == 401)
    }

    @Test func missingCredentialsIs401() async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("POST", "/api/v1/auth/token", authorization: nil)
        await api.close()
        #expect(reply.status == 401)
        #expect(reply.header("www-authenticate") != nil)
    }

    @Test(
        arguments: [
            (["username": "admin", "password": "admin-password-1", "grant_type": "client_credentials"], "grant_type"),
            (["username": "admin"], "password"),
            (["password": "admin-password-1"], "username"),
            (["username": "admin", "password": "admin-password-1", "scope": "all"], "scope"),
            (["username": 7, "password": "admin-password-1"], "username"),
        ] as [(JSONValue, String)]
    )
    func invalidBodyIs400(body: JSONValue, field: String) async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("POST", "/api/v1/auth/token", body: body, authorization: nil)
        await api.close()
        #expect(reply.status == 400)
        #expect(ReplyField.message(reply).contains("'\(field)'"))
    }

    @Test func bodyAndHeaderTogetherIs400() async throws {
        let api = try await ManagementHarness()
        let reply = await api.send(
            "POST",
            "/api/v1/auth/token",
            body: ["username": "admin", "password": .string(APIFixture.adminPassword)],
            authorization: api.admin
        )
        await api.close()
        #expect(reply.status == 400)
    }

    @Test func bearerCannotMintToken() async throws {
        let api = try await ManagementHarness()
        let token = try await api.loginToken("admin", APIFixture.adminPassword)
        let bearer = await api.send("POST", "/api/v1/auth/token", authorization: ManagementHarness.bearer(token))
        // Basic with an empty user name carries a JWT, as cluster nodes send it.
        let basicJWT = await api.send("POST", "/api/v1/auth/token", authorization: APIFixture.basic("", token))
        await api.close()
        #expect(bearer.status == 400)
        #expect(basicJWT.status == 400)
    }

    @Test func changeRequiredIs403() async throws {
        let api = try await ManagementHarness()
        try await api.fixture.accounts.create(
            name: "fresh",
            password: "fresh-password-1",
            roles: [],
            changeRequired: true
        )
        let reply = await api.send(
            "POST",
            "/api/v1/auth/token",
            authorization: APIFixture.basic("fresh", "fresh-password-1")
        )
        await api.close()
        #expect(reply.status == 403)
        #expect(reply.errorCode == "Neo.ClientError.Security.CredentialsExpired")
        #expect(reply.json?["access_token"] == nil)
    }

    @Test func suspendedIs401() async throws {
        let api = try await ManagementHarness()
        try await api.fixture.accounts.create(name: "gone", password: "gone-password-1", roles: [], suspended: true)
        let reply = await api.send(
            "POST",
            "/api/v1/auth/token",
            authorization: APIFixture.basic("gone", "gone-password-1")
        )
        await api.close()
        #expect(reply.status == 401)
    }

    @Test func viewerTokenHasViewerRights() async throws {
        let api = try await ManagementHarness()
        try await api.fixture.createUser("reader", roles: ["viewer"])
        let token = try await api.loginToken("reader", "user-password-1")
        let users = await api.send("GET", "/api/v1/users", authorization: ManagementHarness.bearer(token))
        let own = await api.send("GET", "/api/v1/users/reader", authorization: ManagementHarness.bearer(token))
        await api.close()
        #expect(users.status == 403)
        #expect(users.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(own.status == 200)
    }

    @Test func authenticationDisabledIssuesNone() async throws {
        let api = try await ManagementHarness(authPolicy: AuthPolicy(authenticationEnabled: false))
        let reply = await api.send("POST", "/api/v1/auth/token", authorization: api.admin)
        await api.close()
        #expect(reply.status == 403)
    }

    @Test func tokenRunsCypher() async throws {
        let api = try await ManagementHarness()
        let token = try await api.loginToken("admin", APIFixture.adminPassword)
        let statements: JSONValue = ["statements": [["statement": "RETURN 1 AS one"]]]
        let ran = await api.send(
            "POST",
            "/db/nornic/tx/commit",
            body: statements,
            authorization: ManagementHarness.bearer(token)
        )
        _ = await api.send("POST", "/api/v1/auth/revoke", body: ["token": .string(token)], authorization: api.admin)
        let revoked = await api.send(
            "POST",
            "/db/nornic/tx/commit",
            body: statements,
            authorization: ManagementHarness.bearer(token)
        )
        await api.close()
        #expect(ran.status == 200)
        #expect(ReplyField.array(ran.json?["errors"])?.isEmpty == true)
        #expect(ReplyField.array(ran.json?["results"])?.count == 1)
        #expect(revoked.status == 401)
    }

    @Test func getIs405() async throws {
        let api = try await ManagementHarness()
        let reply = await api.send("GET", "/api/v1/auth/token", authorization: nil)
        await api.close()
        #expect(reply.status == 405)
        #expect(reply.header("allow") == "POST")
    }
}
