import Foundation
import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP transactions: round trips")
struct RoundTripTests {
    @Test func commitAtOnce() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (n:Person {name: 'Ada'}) RETURN n.name AS name"),
            authorization: fixture.adminAuthorization
        )
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(reply.status == 200)
        #expect(TX.errors(reply).isEmpty)
        #expect(TX.results(reply).first?["columns"] == ["name"])
        #expect(TX.rows(reply) == [["Ada"]])
        #expect(reply.json?["commit"] == nil)
        #expect(reply.json?["transaction"] == nil)
        guard case .array(let bookmarks)? = reply.json?["lastBookmarks"] else {
            Issue.record("no lastBookmarks in \(reply.text)")
            return
        }
        #expect(bookmarks.count == 1)
        #expect(count == 1)
    }

    @Test func commitWithoutStatements() async throws {
        let fixture = try await APIFixture()
        let empty = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: ["statements": []],
            authorization: fixture.adminAuthorization
        )
        let noBody = await fixture.send("POST", "/db/nornic/tx/commit", authorization: fixture.adminAuthorization)
        await fixture.close()
        #expect(empty.status == 200)
        #expect(empty.json?["results"] == [])
        #expect(empty.json?["errors"] == [])
        #expect(noBody.status == 200)
        #expect(noBody.json?["results"] == [])
    }

    @Test func beginAnswersLocation() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: TX.body("RETURN 1 AS one"),
            authorization: fixture.adminAuthorization,
            headers: [("host", "db.example:7474")]
        )
        await fixture.close()
        #expect(reply.status == 201)
        let location = try #require(reply.header("location"))
        let id = try #require(TX.id(reply))
        #expect(location == "http://db.example:7474/db/nornic/tx/\(id)")
        #expect(id.count == 22)
        #expect(reply.json?["commit"]?.stringValue == location + "/commit")
        #expect(TX.rows(reply) == [[1]])
        let expires = try #require(reply.json?["transaction"]?["expires"]?.stringValue)
        let pattern = #/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/#
        #expect(expires.wholeMatch(of: pattern) != nil, "expires is \(expires)")
    }

    @Test func transactionIDsDiffer() async throws {
        let fixture = try await APIFixture()
        var ids: Set<String> = []
        for _ in 0..<5 {
            let reply = await fixture.send(
                "POST",
                "/db/nornic/tx",
                body: ["statements": []],
                authorization: fixture.adminAuthorization
            )
            ids.insert(TX.id(reply) ?? "")
        }
        await fixture.close()
        #expect(ids.count == 5)
    }

    @Test func openRunCommit() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:A)"), authorization: admin)
        let id = try #require(TX.id(begin))
        let more = await fixture.send("POST", "/db/nornic/tx/\(id)", body: TX.body("CREATE (:B)"), authorization: admin)
        // Another transaction must not see uncommitted nodes.
        let outside = await fixture.nodeCount()
        let commit = await fixture.send(
            "POST",
            "/db/nornic/tx/\(id)/commit",
            body: TX.body("CREATE (:C)", "MATCH (n) RETURN count(n) AS c"),
            authorization: admin
        )
        let after = await fixture.nodeCount()
        let reuse = await fixture.send("POST", "/db/nornic/tx/\(id)", body: ["statements": []], authorization: admin)
        await fixture.close()
        #expect(begin.status == 201)
        #expect(more.status == 200)
        #expect(more.json?["commit"]?.stringValue?.hasSuffix("/db/nornic/tx/\(id)/commit") == true)
        #expect(more.header("location") == nil)
        #expect(outside == 0)
        #expect(commit.status == 200)
        #expect(TX.errors(commit).isEmpty)
        #expect(TX.rows(commit, result: 1) == [[3]])
        #expect(commit.json?["commit"] == nil)
        #expect(commit.json?["transaction"] == nil)
        #expect(commit.json?["lastBookmarks"] != nil)
        #expect(after == 3)
        #expect(reuse.status == 404)
        #expect(reuse.errorCode == "Neo.ClientError.Transaction.TransactionNotFound")
    }

    @Test func keepAlive() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: ["statements": []], authorization: admin)
        let id = try #require(TX.id(begin))
        let alive = await fixture.send("POST", "/db/nornic/tx/\(id)", body: ["statements": []], authorization: admin)
        await fixture.close()
        #expect(alive.status == 200)
        #expect(alive.json?["results"] == [])
        #expect(alive.json?["errors"] == [])
        #expect(alive.json?["transaction"]?["expires"]?.stringValue != nil)
    }

    @Test func rollbackDiscards() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:Gone)"), authorization: admin)
        let id = try #require(TX.id(begin))
        let rollback = await fixture.send("DELETE", "/db/nornic/tx/\(id)", authorization: admin)
        let count = await fixture.nodeCount()
        let again = await fixture.send("DELETE", "/db/nornic/tx/\(id)", authorization: admin)
        await fixture.close()
        #expect(rollback.status == 200)
        #expect(rollback.json == ["results": [], "errors": []])
        #expect(count == 0)
        #expect(again.status == 404)
    }

    @Test func commitPersistsAcrossTransactions() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: TX.body("CREATE (:Kept {v: 7})"),
            authorization: admin
        )
        let id = try #require(TX.id(begin))
        _ = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: admin)
        let read = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: TX.body("MATCH (k:Kept) RETURN k.v AS v"),
            authorization: admin
        )
        await fixture.close()
        #expect(TX.rows(read) == [[7]])
    }

    @Test func databaseNotFound() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let commit = await fixture.send(
            "POST",
            "/db/missing/tx/commit",
            body: TX.body("RETURN 1"),
            authorization: admin
        )
        let begin = await fixture.send("POST", "/db/missing/tx", body: TX.body("RETURN 1"), authorization: admin)
        await fixture.close()
        #expect(commit.status == 404)
        #expect(commit.errorCode == "Neo.ClientError.Database.DatabaseNotFound")
        #expect(begin.status == 404)
        #expect(begin.errorCode == "Neo.ClientError.Database.DatabaseNotFound")
    }

    @Test(arguments: [
        ("GET", "/db/nornic/tx", "POST"),
        ("PUT", "/db/nornic/tx/commit", "POST"),
        ("GET", "/db/nornic/tx/abc", "POST, DELETE"),
        ("DELETE", "/db/nornic/tx/abc/commit", "POST"),
    ])
    func methodNotAllowed(method: String, path: String, allow: String) async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send(method, path, authorization: fixture.adminAuthorization)
        await fixture.close()
        #expect(reply.status == 405)
        #expect(reply.header("allow") == allow)
    }

    @Test(arguments: ["/db/nornic", "/db/nornic/other", "/db/nornic/tx/a/b", "/db/nornic/tx/a/commit/x"])
    func unknownPaths(path: String) async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send("POST", path, authorization: fixture.adminAuthorization)
        await fixture.close()
        #expect(reply.status == 404)
    }
}
