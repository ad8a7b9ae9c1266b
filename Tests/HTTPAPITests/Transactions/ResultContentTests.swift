import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP transactions: result contents")
struct ResultContentTests {
    @Test func parametersOfEveryJSONType() async throws {
        let fixture = try await APIFixture()
        let parameters: JSONValue = [
            "i": 42, "f": .number(2.5), "s": "text", "t": true, "n": nil,
            "l": [1, "two", [3]], "m": ["k": ["nested": false]], "big": .integer(Int64.max),
        ]
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.statement(
                "RETURN $i + 1 AS i, $f * 2 AS f, $s AS s, $t AS t, $n IS NULL AS n, $l AS l, $m AS m, $big AS big",
                ["parameters": parameters]
            ),
            authorization: fixture.adminAuthorization
        )
        await fixture.close()
        #expect(TX.errors(reply).isEmpty, "\(reply.text)")
        let row = try #require(TX.rows(reply).first)
        #expect(row.count == 8)
        #expect(row[0] == .integer(43))
        #expect(row[1] == .number(5.0))
        #expect(row[2] == "text")
        #expect(row[3] == true)
        #expect(row[4] == true)
        #expect(row[5] == [1, "two", [3]])
        #expect(row[6] == ["k": ["nested": false]])
        #expect(row[7] == .integer(Int64.max))
    }

    @Test func integerParameterStaysInteger() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.statement(
                "RETURN $whole / 2 AS whole, $fraction / 2 AS fraction",
                ["parameters": ["whole": 5, "fraction": .number(5.0)]]
            ),
            authorization: fixture.adminAuthorization
        )
        await fixture.close()
        #expect(TX.rows(reply) == [[.integer(2), .number(2.5)]])
    }

    @Test func entitiesInRowAndMeta() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        _ = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (:P {name: 'a'})-[:KNOWS {since: 2020}]->(:P {name: 'b'})"),
            authorization: admin
        )
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("MATCH p = (a:P {name: 'a'})-[r:KNOWS]->(b) RETURN a, r, p, a.name AS name"),
            authorization: admin
        )
        await fixture.close()
        let results = TX.results(reply)
        let data = try #require(results.first?["data"])
        guard case .array(let entries) = data, let entry = entries.first else {
            Issue.record("no data in \(reply.text)")
            return
        }
        #expect(
            entry["row"] == [["name": "a"], ["since": 2020], [["name": "a"], ["since": 2020], ["name": "b"]], "a"]
        )
        guard case .array(let meta)? = entry["meta"], meta.count == 4 else {
            Issue.record("meta is \(String(describing: entry["meta"]))")
            return
        }
        #expect(meta[0]["type"] == "node")
        #expect(meta[0]["deleted"] == false)
        #expect(meta[0]["elementId"]?.stringValue?.isEmpty == false)
        guard case .integer? = meta[0]["id"] else {
            Issue.record("meta id is not an integer")
            return
        }
        #expect(meta[1]["type"] == "relationship")
        guard case .array(let pathMeta) = meta[2] else {
            Issue.record("path meta is not a list")
            return
        }
        #expect(pathMeta.map { $0["type"] } == ["node", "relationship", "node"])
        #expect(pathMeta[0] == meta[0])
        #expect(meta[3] == .null)
        #expect(entry["graph"] == nil)
    }

    @Test func graphFormatDeduplicates() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        _ = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (:P {name: 'a'})-[:KNOWS {since: 2020}]->(:Q {name: 'b'})"),
            authorization: admin
        )
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.statement(
                "MATCH p = (a:P)-[r:KNOWS]->(b) RETURN a, a AS again, r, p, [a, b] AS both",
                ["resultDataContents": ["graph"]]
            ),
            authorization: admin
        )
        await fixture.close()
        guard case .array(let entries)? = TX.results(reply).first?["data"], let entry = entries.first else {
            Issue.record("no data in \(reply.text)")
            return
        }
        #expect(entry["row"] == nil)
        #expect(entry["meta"] == nil)
        guard case .array(let nodes)? = entry["graph"]?["nodes"],
            case .array(let relationships)? = entry["graph"]?["relationships"]
        else {
            Issue.record("no graph in \(reply.text)")
            return
        }
        #expect(nodes.count == 2)
        #expect(relationships.count == 1)
        let a = nodes[0]
        #expect(a["labels"] == ["P"])
        #expect(a["properties"] == ["name": "a"])
        #expect(a["id"]?.stringValue != nil)
        #expect(a["elementId"]?.stringValue?.isEmpty == false)
        let knows = relationships[0]
        #expect(knows["type"] == "KNOWS")
        #expect(knows["properties"] == ["since": 2020])
        #expect(knows["startNode"] == a["id"])
        #expect(knows["endNode"] == nodes[1]["id"])
        #expect(knows["id"]?.stringValue != nil)
    }

    @Test func includeStats() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: [
                "statements": [
                    ["statement": "CREATE (:S {a: 1, b: 2})", "includeStats": true],
                    ["statement": "CREATE (:S)"],
                    ["statement": "MATCH (n) RETURN n", "includeStats": true],
                ]
            ],
            authorization: fixture.adminAuthorization
        )
        await fixture.close()
        let results = TX.results(reply)
        try #require(results.count == 3)
        let stats = try #require(results[0]["stats"])
        #expect(stats["contains_updates"] == true)
        #expect(stats["nodes_created"] == 1)
        #expect(stats["labels_added"] == 1)
        #expect(stats["properties_set"] == 2)
        #expect(stats["relationship_deleted"] == 0)
        #expect(stats["contains_system_updates"] == false)
        guard case .object(let members) = stats else { return }
        #expect(members.count == 14)
        #expect(results[1]["stats"] == nil)
        #expect(results[2]["stats"]?["contains_updates"] == false)
    }
}
