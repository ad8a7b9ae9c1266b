import Foundation
import GraphValue
import HTTPServer
import Host
import JSON
import Testing

@testable import HTTPAPI

/// Calls of the management API over an ``APIFixture``, with the logins and checks the
/// management tests share.
struct ManagementHarness {
    let fixture: APIFixture

    init(authPolicy: AuthPolicy = AuthPolicy()) async throws {
        fixture = try await APIFixture(authPolicy: authPolicy)
    }

    /// Wraps a fixture built with other settings, such as extra providers.
    init(fixture: APIFixture) {
        self.fixture = fixture
    }

    func close() async { await fixture.close() }

    var admin: String { fixture.adminAuthorization }

    static func bearer(_ token: String) -> String { "Bearer " + token }

    func send(_ method: String, _ path: String, body: JSONValue? = nil, authorization: String?) async -> Reply {
        await fixture.send(method, path, body: body, authorization: authorization)
    }

    /// Sends `body` as it is, with `Content-Type: application/json` unless `contentType` is nil.
    func sendRaw(
        _ method: String,
        _ path: String,
        body: [UInt8],
        authorization: String?,
        contentType: String? = "application/json"
    ) async -> Reply {
        var headers: [(name: String, value: String)] = [("host", "127.0.0.1:7474")]
        if let authorization { headers.append(("authorization", authorization)) }
        if let contentType { headers.append(("content-type", contentType)) }
        let request = HTTPRequest(method: method, path: path, headers: headers, body: body, remoteAddress: "127.0.0.1")
        return Reply(await fixture.api.handle(request))
    }

    /// Logs in through `POST /api/v1/auth/token` and returns the access token.
    func loginToken(_ user: String, _ password: String) async throws -> String {
        let reply = await send(
            "POST",
            "/api/v1/auth/token",
            body: ["username": .string(user), "password": .string(password)],
            authorization: nil
        )
        try #require(reply.status == 200, "login of \(user) failed: \(reply.text)")
        return try #require(reply.json?["access_token"]?.stringValue)
    }

    /// Returns the admin's login token as a `Bearer` header value, which is cheaper than Basic for many calls.
    func adminBearer() async throws -> String {
        Self.bearer(try await loginToken(APIFixture.adminName, APIFixture.adminPassword))
    }

    /// Creates a user with role `viewer` and returns its Basic header value.
    func viewer(_ name: String = "viewer-user") async throws -> String {
        try await fixture.createUser(name, roles: ["viewer"])
    }

    /// Issues a cluster token through the API and returns the response.
    func clusterToken(nodeID: String, role: String, expiresIn: JSONValue? = nil) async throws -> Reply {
        var body: [String: JSONValue] = ["node_id": .string(nodeID), "role": .string(role)]
        if let expiresIn { body["expires_in"] = expiresIn }
        return await send("POST", "/api/v1/auth/cluster-token", body: .object(body), authorization: admin)
    }

    /// Runs `SHOW USERS` in a Cypher session of the admin and returns the rows keyed by user name.
    func showUsers() async throws -> [String: [Value]] {
        let identity = Identity(
            principal: APIFixture.adminName,
            roles: ["admin"],
            provider: "local",
            accountName: "admin"
        )
        let session = fixture.queries.makeSession(identity: identity, logger: Logger(label: "test", sink: .memory()))
        let result = try await session.run("SHOW USERS", parameters: [:], database: "system")
        var rows: [String: [Value]] = [:]
        for row in result.rows {
            if case .string(let name)? = row.first { rows[name] = row }
        }
        return rows
    }

    /// Waits until the wall clock is in a later whole second, since account changes and token
    /// issue times are compared in whole seconds.
    func waitForNextSecond() async throws {
        let start = UnixTime.now()
        while UnixTime.now() == start { try await Task.sleep(nanoseconds: 50_000_000) }
    }
}

/// Readers of JSON values in replies.
enum ReplyField {
    static func bool(_ value: JSONValue?) -> Bool? {
        if case .bool(let flag)? = value { return flag }
        return nil
    }

    static func integer(_ value: JSONValue?) -> Int64? {
        if case .integer(let number)? = value { return number }
        return nil
    }

    static func array(_ value: JSONValue?) -> [JSONValue]? {
        if case .array(let elements)? = value { return elements }
        return nil
    }

    static func strings(_ value: JSONValue?) -> [String]? {
        array(value)?.compactMap(\.stringValue)
    }

    /// Returns the first error message of a Neo4j error body.
    static func message(_ reply: Reply) -> String {
        array(reply.json?["errors"])?.first?["message"]?.stringValue ?? ""
    }
}
