import Testing

@testable import HTTPAPI

@Suite("HTTP discovery and health")
struct DiscoveryTests {
    @Test func rootNeedsNoAuthentication() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send("GET", "/", authorization: nil, headers: [("host", "db.example:7474")])
        await fixture.close()
        #expect(reply.status == 200)
        #expect(reply.json?["bolt_direct"]?.stringValue == "bolt://db.example:7687")
        #expect(reply.json?["transaction"]?.stringValue == "http://db.example:7474/db/{databaseName}/tx")
        #expect(reply.json?["neo4j_version"]?.stringValue == "5.26.0")
    }

    @Test func forgedHostIgnored() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send("GET", "/", authorization: nil, headers: [("host", "evil\"/x")])
        await fixture.close()
        #expect(reply.json?["bolt_direct"]?.stringValue == "bolt://127.0.0.1:7687")
    }

    @Test func health() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send("GET", "/health", authorization: nil)
        let post = await fixture.send("POST", "/health", authorization: nil)
        await fixture.close()
        #expect(reply.status == 200)
        #expect(reply.json?["status"]?.stringValue == "ok")
        #expect(post.status == 405)
    }

    @Test func unknownPath() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send("GET", "/nothing/here", authorization: nil)
        await fixture.close()
        #expect(reply.status == 404)
    }
}
