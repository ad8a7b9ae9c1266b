import GraphValue
import Host
import QueryEngine
import Testing

@Suite struct ResultValueTests {
    @Test func pathWithBackwardRelationship() throws {
        let db = try TestDatabase()
        try db.run(
            "CREATE (:G {name: 'a'})-[:LINKS {weight: 2}]->(:G {name: 'b'})<-[:LINKS {weight: 3}]-(:G {name: 'c'})"
        )
        let result = try db.run("MATCH p = (a:G {name: 'a'})-[r:LINKS]->(b)<-[s:LINKS]-(c) RETURN a, r, b, p, s, c")
        #expect(result.rows.count == 1)
        let row = try #require(result.rows.first)
        guard case .node(let a) = row[0], case .relationship(let r) = row[1], case .node(let b) = row[2],
            case .path(let path) = row[3], case .relationship(let s) = row[4], case .node(let c) = row[5]
        else {
            Issue.record("unexpected value types in \(row)")
            return
        }
        #expect(path.nodes.map { $0.properties["name"] } == ["a", "b", "c"])
        #expect(path.relationships.map { $0.properties["weight"] } == [2, 3])
        #expect(r.startNodeElementID == a.elementID)
        #expect(r.endNodeElementID == b.elementID)
        #expect(path.relationships[1].elementID == s.elementID)
        #expect(s.startNodeElementID == c.elementID)
        #expect(s.endNodeElementID == b.elementID)
    }

    @Test func typedPropertiesRoundTrip() throws {
        let db = try TestDatabase()
        let properties: [String: Value] = [
            "flag": true, "count": .integer(1 << 40), "ratio": 0.125, "name": "Zoë", "blob": .bytes([0, 255]),
            "tags": ["a", "b"], "numbers": [1, 2, 3], "born": .date(CalendarDate(daysSinceEpoch: 7669)),
            "at": .dateTime(DateTime(secondsSinceEpoch: 1_704_164_645, nanoseconds: 6000, zone: .offset(seconds: 0))),
            "local": .localDateTime(LocalDateTime(secondsSinceEpoch: 1_704_164_645, nanoseconds: 6000)),
            "alarm": .localTime(LocalTime(nanosecondsSinceMidnight: 23_400_000_000_000)),
            "span": .duration(CypherDuration(months: 0, days: 0, seconds: 18000, nanoseconds: 0)),
            "where": .point(Point(srid: 4326, x: 18.07, y: 59.33)),
        ]
        try db.run("CREATE (n:Typed $props)", ["props": .map(properties)])
        let result = try db.run("MATCH (n:Typed) RETURN n")
        guard case .node(let node) = result.rows.first?.first else {
            Issue.record("expected a node, got \(result.rows)")
            return
        }
        #expect(node.properties == properties)
    }

    @Test func elementIDLookup() throws {
        let db = try TestDatabase()
        let created = try db.run("CREATE (n:S) RETURN elementId(n) AS id")
        let id = try #require(created.rows.first?.first)
        #expect(try db.column("MATCH (n) WHERE elementId(n) = $id RETURN count(n) AS c", ["id": id]) == [1])
    }
}
