import GraphValue
import Host
import QueryEngine
import Testing

@Suite struct CreateMatchTests {
    @Test func friendExample() throws {
        let db = try TestDatabase()
        let created = try db.run(
            "CREATE (:Person {name: $name})-[:KNOWS]->(:Person {name: 'Bo'})",
            ["name": "Al"]
        )
        #expect(created.statistics.nodesCreated == 2)
        #expect(created.statistics.relationshipsCreated == 1)
        #expect(created.statistics.propertiesSet == 2)
        #expect(created.statistics.labelsAdded == 2)
        #expect(created.queryType == .write)
        #expect(created.columns.isEmpty)
        let result = try db.run(
            "MATCH (a:Person)-[:KNOWS]->(b) WHERE a.name = $name RETURN b.name AS friend",
            ["name": "Al"]
        )
        #expect(result.columns == ["friend"])
        #expect(result.rows == [["Bo"]])
        #expect(result.queryType == .read)
    }

    @Test func returnedNodeCarriesElementID() throws {
        let db = try TestDatabase()
        let result = try db.run("CREATE (n:A:B {x: 1}) RETURN n, id(n) AS id, elementId(n) AS element")
        #expect(result.queryType == .readWrite)
        guard case .node(let node) = result.rows[0][0], case .integer(let id) = result.rows[0][1] else {
            Issue.record("expected a node and an id, got \(result.rows)")
            return
        }
        let databaseID = try db.store.databaseIdentifier(db.database)
        #expect(node.id == id)
        #expect(node.elementID == "4:\(databaseID):\(id)")
        #expect(result.rows[0][2] == .string(node.elementID))
        #expect(node.labels.sorted() == ["A", "B"])
        #expect(node.properties == ["x": 1])
    }

    @Test func relationshipAndPathValues() throws {
        let db = try TestDatabase()
        let result = try db.run("CREATE p = (a:A)-[r:R {w: 2}]->(b:B) RETURN p, r")
        guard case .path(let path) = result.rows[0][0], case .relationship(let relationship) = result.rows[0][1] else {
            Issue.record("expected a path and a relationship, got \(result.rows)")
            return
        }
        #expect(path.nodes.count == 2)
        #expect(path.relationships == [relationship])
        #expect(relationship.type == "R")
        #expect(relationship.startNodeID == path.nodes[0].id)
        #expect(relationship.endNodeElementID == path.nodes[1].elementID)
        #expect(relationship.elementID.hasPrefix("5:"))
    }

    @Test func directionAndTypeAlternatives() throws {
        let db = try TestDatabase()
        try db.run("CREATE (a {n: 'a'})-[:X]->(b {n: 'b'}), (a)-[:Y]->(c {n: 'c'}), (d {n: 'd'})-[:Z]->(a)")
        #expect(try db.column("MATCH ({n: 'a'})-[:X|Y]->(m) RETURN m.n ORDER BY m.n") == ["b", "c"])
        #expect(try db.column("MATCH ({n: 'a'})<--(m) RETURN m.n") == ["d"])
        #expect(try db.column("MATCH ({n: 'a'})--(m) RETURN m.n ORDER BY m.n") == ["b", "c", "d"])
        #expect(try db.column("MATCH (m)-[r]->() RETURN type(r) ORDER BY type(r)") == ["X", "Y", "Z"])
    }

    @Test func relationshipUniquenessWithinMatch() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:P {n: 1})-[:R]->(:P {n: 2})")
        // The one relationship cannot be used for both hops.
        #expect(try db.column("MATCH (a)-[:R]-(b)-[:R]-(c) RETURN count(*)") == [0])
        #expect(try db.column("MATCH (a)-[r1]-(b), (c)-[r2]-(d) RETURN count(*)") == [0])
        #expect(try db.column("MATCH (a)-[:R]-(b) RETURN count(*)") == [2])
    }

    @Test func severalPatternPartsFormCartesianProduct() throws {
        let db = try TestDatabase()
        try db.run("UNWIND range(1, 3) AS i CREATE (:A {i: i}), (:B {i: i})")
        #expect(try db.column("MATCH (a:A), (b:B) RETURN count(*)") == [9])
        #expect(try db.column("MATCH (a:A), (b:B) WHERE a.i = b.i RETURN count(*)") == [3])
    }

    @Test func optionalMatchPadsWithNull() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A {n: 1})-[:R]->(:B), (:A {n: 2})")
        let rows = try db.run("MATCH (a:A) OPTIONAL MATCH (a)-[r:R]->(b) RETURN a.n, type(r), b IS NULL ORDER BY a.n")
            .rows
        #expect(rows == [[1, "R", false], [2, .null, true]])
    }

    @Test func variableLengthPatterns() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:N {i: 0})-[:R]->(:N {i: 1})-[:R]->(:N {i: 2})-[:R]->(:N {i: 3})")
        #expect(try db.column("MATCH (:N {i: 0})-[:R*]->(m) RETURN m.i ORDER BY m.i") == [1, 2, 3])
        #expect(try db.column("MATCH (:N {i: 0})-[:R*2..3]->(m) RETURN m.i ORDER BY m.i") == [2, 3])
        #expect(try db.column("MATCH (:N {i: 0})-[:R*0..1]->(m) RETURN m.i ORDER BY m.i") == [0, 1])
        #expect(try db.column("MATCH (:N {i: 0})-[rs:R*]->(:N {i: 3}) RETURN size(rs)") == [3])
        #expect(try db.column("MATCH p = (:N {i: 3})<-[:R*]-(:N {i: 1}) RETURN length(p)") == [2])
    }

    @Test func variableLengthListInPathOrder() throws {
        let db = try TestDatabase()
        try db.run("CREATE (a)-[:REL {num: 1}]->()-[:REL {num: 2}]->(:End)")
        // The end node has the only label, so the walk starts there and runs backwards.
        let lists = try db.column("MATCH (a)-[r:REL*2..2]->(b:End) RETURN [x IN r | x.num]")
        #expect(lists == [[1, 2]])
        let rebound = try db.column(
            "MATCH ()-[r1]->()-[r2]->() WITH [r1, r2] AS rs MATCH (x)-[rs*]->(y:End) RETURN count(*)"
        )
        #expect(rebound == [1])
    }

    @Test func whereOperators() throws {
        let db = try TestDatabase()
        try db.run("UNWIND ['apple', 'banana', 'cherry'] AS f CREATE (:F {name: f, len: size(f)})")
        let cases: [(String, [Value])] = [
            ("n.name STARTS WITH 'b'", ["banana"]),
            ("n.name ENDS WITH 'y'", ["cherry"]),
            ("n.name CONTAINS 'an'", ["banana"]),
            ("n.len > 5 AND NOT n.name = 'cherry'", ["banana"]),
            ("n.len = 5 OR n.name = 'cherry'", ["apple", "cherry"]),
            ("n.len = 6 XOR n.name = 'cherry'", ["banana"]),
            ("n.name IN ['apple', 'kiwi']", ["apple"]),
            ("n.missing IS NULL AND n.name IS NOT NULL", ["apple", "banana", "cherry"]),
            ("n.missing = 1", []),
            ("n.name =~ 'b.*'", ["banana"]),
        ]
        for (predicate, expected) in cases {
            let names = try db.column("MATCH (n:F) WHERE \(predicate) RETURN n.name ORDER BY n.name")
            #expect(names == expected, "WHERE \(predicate)")
        }
    }

    @Test func matchOnBoundVariableAfterWith() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A {n: 1})-[:R]->(:B {n: 2})")
        #expect(try db.column("MATCH (a:A) WITH a MATCH (a)-->(b) RETURN b.n") == [2])
        #expect(try db.column("MATCH (b:B) WITH b MATCH (a)-->(b) RETURN a.n") == [1])
    }

    @Test func createWithParameterMapAndList() throws {
        let db = try TestDatabase()
        let result = try db.run(
            "CREATE (n:T $props) SET n.tags = $tags RETURN n.a, n.b, n.tags",
            ["props": ["a": 1, "b": "x", "c": .null], "tags": ["p", "q"]]
        )
        #expect(result.rows == [[1, "x", ["p", "q"]]])
        #expect(result.statistics.propertiesSet == 3)
    }

    @Test func patternPredicateAndExists() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A {n: 1})-[:R]->(:B), (:A {n: 2})")
        #expect(try db.column("MATCH (a:A) WHERE (a)-[:R]->() RETURN a.n") == [1])
        #expect(try db.column("MATCH (a:A) WHERE NOT exists { (a)-[:R]->() } RETURN a.n") == [2])
        #expect(try db.column("MATCH (a:A) RETURN count { (a)-->() } AS c ORDER BY c") == [0, 1])
    }
}
