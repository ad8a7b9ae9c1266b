import HTTPServer
import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP API: cross-site requests")
struct CrossSiteTests {
    static let body = Array(#"{"statements": [{"statement": "RETURN 1 AS one"}]}"#.utf8)

    /// Content types a browser form or `fetch` without a preflight can send, and other non-JSON ones.
    static let rejectedTypes: [String?] = [
        nil, "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "*/*",
        "application/*", "text/json", "application/jsonx", "+json", "*/+json", "",
    ]

    static let acceptedTypes = [
        "application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=UTF-8",
        "application/vnd.neo4j.query+json", " application/json ",
    ]

    @Test(arguments: rejectedTypes)
    func nonJSONBodyIs415(contentType: String?) async throws {
        let fixture = try await APIFixture()
        var headers = [(name: "authorization", value: fixture.adminAuthorization)]
        if let contentType { headers.append(("content-type", contentType)) }
        let request = HTTPRequest(method: "POST", path: "/db/nornic/tx/commit", headers: headers, body: Self.body)
        let reply = Reply(await fixture.api.handle(request))
        await fixture.close()
        #expect(reply.status == 415)
        #expect(reply.errorCode == "Neo.ClientError.Request.InvalidFormat")
        #expect(reply.text.contains("application/json"))
    }

    @Test(arguments: acceptedTypes)
    func jsonBodyAccepted(contentType: String) async throws {
        let fixture = try await APIFixture()
        let headers = [("authorization", fixture.adminAuthorization), ("content-type", contentType)]
        let request = HTTPRequest(method: "POST", path: "/db/nornic/tx/commit", headers: headers, body: Self.body)
        let reply = Reply(await fixture.api.handle(request))
        await fixture.close()
        #expect(reply.status == 200)
        #expect(TX.rows(reply) == [[1]])
    }

    @Test func twoContentTypesIs415() async throws {
        let fixture = try await APIFixture()
        let headers = [
            ("authorization", fixture.adminAuthorization), ("content-type", "application/json"),
            ("content-type", "text/plain"),
        ]
        let request = HTTPRequest(method: "POST", path: "/db/nornic/tx/commit", headers: headers, body: Self.body)
        let reply = Reply(await fixture.api.handle(request))
        await fixture.close()
        #expect(reply.status == 415)
    }

    /// `curl -u user:password -X POST /api/v1/auth/token` sends no body and no content type.
    @Test func bodilessPostAccepted() async throws {
        let fixture = try await APIFixture()
        let login = HTTPRequest(
            method: "POST",
            path: "/api/v1/auth/token",
            headers: [("authorization", fixture.adminAuthorization)]
        )
        let commit = HTTPRequest(
            method: "POST",
            path: "/db/nornic/tx/commit",
            headers: [("authorization", fixture.adminAuthorization)]
        )
        let loginReply = Reply(await fixture.api.handle(login))
        let commitReply = Reply(await fixture.api.handle(commit))
        await fixture.close()
        #expect(loginReply.status == 200)
        #expect(loginReply.json?["access_token"]?.stringValue != nil)
        #expect(commitReply.status == 200)
    }

    static let sameOrigins: [(origin: String, host: String)] = [
        ("http://localhost:7474", "localhost:7474"),
        ("HTTP://LocalHost:7474", "localhost:7474"),
        ("http://127.0.0.1:7474", "127.0.0.1:7474"),
        ("http://[::1]:7474", "[::1]:7474"),
        ("http://db.example", "db.example"),
        ("http://db.example:80", "db.example"),
        ("https://db.example", "db.example"),
        ("https://db.example", "db.example:443"),
    ]

    static let crossOrigins: [(origin: String, host: String)] = [
        ("http://evil.example", "localhost:7474"),
        ("http://localhost:8080", "localhost:7474"),
        ("http://localhost", "localhost:7474"),
        ("null", "localhost:7474"),
        ("file://", "localhost:7474"),
        ("http://localhost:7474/", "localhost:7474"),
        ("http://localhost:７４７４", "localhost:7474"),
        ("http://db.example", "db.example:7474"),
    ]

    @Test(arguments: sameOrigins.indices)
    func sameOriginAccepted(index: Int) async throws {
        let (origin, host) = Self.sameOrigins[index]
        let reply = try await send(origin: origin, host: host)
        #expect(reply.status == 200, "Origin \(origin) with Host \(host)")
    }

    @Test(arguments: crossOrigins.indices)
    func crossOriginIs403(index: Int) async throws {
        let (origin, host) = Self.crossOrigins[index]
        let reply = try await send(origin: origin, host: host)
        #expect(reply.status == 403, "Origin \(origin) with Host \(host)")
        #expect(reply.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(reply.text.contains("Cross-origin"))
    }

    @Test func originWithoutHostIs403() async throws {
        let fixture = try await APIFixture()
        let request = HTTPRequest(
            method: "GET",
            path: "/api/v1/users",
            headers: [("authorization", fixture.adminAuthorization), ("origin", "http://localhost:7474")]
        )
        let reply = Reply(await fixture.api.handle(request))
        await fixture.close()
        #expect(reply.status == 403)
    }

    @Test func crossOriginRejectedBeforeAuthentication() async throws {
        let fixture = try await APIFixture()
        let request = HTTPRequest(
            method: "POST",
            path: "/api/v1/auth/token",
            headers: [
                ("host", "localhost:7474"), ("origin", "http://evil.example"), ("content-type", "application/json"),
            ],
            body: Array(#"{"username":"admin","password":"admin-password-1"}"#.utf8)
        )
        let reply = Reply(await fixture.api.handle(request))
        await fixture.close()
        #expect(reply.status == 403)
        #expect(reply.json?["access_token"] == nil)
    }

    private func send(origin: String, host: String) async throws -> Reply {
        let fixture = try await APIFixture()
        let request = HTTPRequest(
            method: "GET",
            path: "/api/v1/users",
            headers: [("authorization", fixture.adminAuthorization), ("host", host), ("origin", origin)]
        )
        let reply = Reply(await fixture.api.handle(request))
        await fixture.close()
        return reply
    }
}
