import HTTPServer
import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP transactions: request bodies")
struct RequestBodyTests {
    static let invalidBodies: [(String, String)] = [
        (#"{"statements": "RETURN 1"}"#, "'statements'"),
        (#"{"statements": [1]}"#, "'statements[0]'"),
        (#"{"statements": [{}]}"#, "'statements[0].statement'"),
        (#"{"statements": [{"statement": 5}]}"#, "'statements[0].statement'"),
        (#"{"statements": [{"statement": "RETURN 1", "parameters": []}]}"#, "'statements[0].parameters'"),
        (#"{"statements": [{"statement": "RETURN 1", "includeStats": "yes"}]}"#, "'statements[0].includeStats'"),
        (#"{"statements": [{"statement": "RETURN 1", "resultDataContents": "row"}]}"#, "resultDataContents"),
        (#"{"statements": [{"statement": "RETURN 1", "resultDataContents": ["rest"]}]}"#, "resultDataContents"),
        (#"{"statements": [{"statement": "RETURN 1", "resultDataContents": [1]}]}"#, "resultDataContents"),
        (#"{"statements": [{"statement": "RETURN 1", "params": {}}]}"#, "'statements[0].params'"),
        (#"{"statements": [], "extra": true}"#, "'extra'"),
        (#"{"statements": [{"statement": "RETURN 1"}, {"statement": null}]}"#, "'statements[1].statement'"),
        (#"[]"#, "JSON object"),
        (#"{"statements": [}"#, "JSON object"),
        (#"{"statements": [{"statement": "RETURN 1"}]} x"#, "JSON object"),
        (#"{"a": 1, "a": 2}"#, "JSON object"),
    ]

    @Test(arguments: invalidBodies)
    func invalidBody(text: String, named: String) async throws {
        let fixture = try await APIFixture()
        let reply = await send(fixture, "/db/nornic/tx/commit", text)
        await fixture.close()
        #expect(reply.status == 400)
        #expect(reply.errorCode == "Neo.ClientError.Request.InvalidFormat")
        let message = TX.errors(reply).first?["message"]?.stringValue ?? ""
        #expect(message.contains(named), "message: \(message)")
    }

    @Test func everyPrefixRejected() async throws {
        let fixture = try await APIFixture()
        let text =
            #"{"statements": [{"statement": "RETURN $x AS x", "parameters": {"x": [1, 2.5, "s", {"k": null}]}, "#
            + #""resultDataContents": ["row", "graph"], "includeStats": true}]}"#
        let valid = Array(text.utf8)
        var statuses: [Int: Int] = [:]
        for length in 1..<valid.count {
            let reply = await send(fixture, "/db/nornic/tx/commit", bytes: Array(valid[..<length]))
            statuses[reply.status, default: 0] += 1
            if reply.status != 400 { Issue.record("prefix of \(length) bytes answered \(reply.status)") }
        }
        let whole = await send(fixture, "/db/nornic/tx/commit", bytes: valid)
        let open = await send(fixture, "/db/nornic/tx", bytes: Array(valid[..<(valid.count / 2)]))
        let registryCount = fixture.api.transactions.registry.count
        await fixture.close()
        #expect(statuses == [400: valid.count - 1])
        #expect(whole.status == 200)
        #expect(TX.errors(whole).isEmpty)
        #expect(open.status == 400)
        #expect(registryCount == 0)
    }

    @Test func malformedBodyLeavesTransactionOpen() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:Kept)"), authorization: admin)
        let id = try #require(TX.id(begin))
        let bad = await send(fixture, "/db/nornic/tx/\(id)", #"{"statements": 1}"#)
        let commit = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: admin)
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(bad.status == 400)
        #expect(commit.status == 200)
        #expect(count == 1)
    }

    @Test func wrongContentType() async throws {
        let fixture = try await APIFixture()
        let request = HTTPRequest(
            method: "POST",
            path: "/db/nornic/tx/commit",
            headers: [("authorization", fixture.adminAuthorization), ("content-type", "text/plain")],
            body: Array(#"{"statements": []}"#.utf8)
        )
        let reply = Reply(await fixture.api.handle(request))
        await fixture.close()
        #expect(reply.status == 415)
        #expect(reply.errorCode == "Neo.ClientError.Request.InvalidFormat")
    }

    @Test func invalidUTF8() async throws {
        let fixture = try await APIFixture()
        let body = Array(#"{"statements": [{"statement": ""#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8)
        let reply = await send(fixture, "/db/nornic/tx/commit", bytes: body)
        await fixture.close()
        #expect(reply.status == 400)
    }

    @Test func resultDataContentsIgnoresCase() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.statement("RETURN 1 AS one", ["resultDataContents": ["ROW", "Graph"], "includeStats": false]),
            authorization: fixture.adminAuthorization
        )
        await fixture.close()
        #expect(reply.status == 200)
        let entry = TX.results(reply).first?["data"].flatMap { data -> JSONValue? in
            guard case .array(let rows) = data else { return nil }
            return rows.first
        }
        #expect(entry?["row"] == [1])
        #expect(entry?["graph"] == ["nodes": [], "relationships": []])
    }

    private func send(_ fixture: APIFixture, _ path: String, _ text: String) async -> Reply {
        await send(fixture, path, bytes: Array(text.utf8))
    }

    private func send(_ fixture: APIFixture, _ path: String, bytes: [UInt8]) async -> Reply {
        let request = HTTPRequest(
            method: "POST",
            path: path,
            headers: [("authorization", fixture.adminAuthorization), ("content-type", "application/json")],
            body: bytes
        )
        return Reply(await fixture.api.handle(request))
    }
}
