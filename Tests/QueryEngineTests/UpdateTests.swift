import GraphValue
import Host
import QueryEngine
import Testing

@Suite struct UpdateTests {
    @Test func setPropertyAndReadBack() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:P {name: 'Al', age: 1})")
        let result = try db.run("MATCH (p:P) SET p.age = p.age + 1, p.city = 'X' RETURN p.age, p.city")
        #expect(result.rows == [[2, "X"]])
        #expect(result.statistics.propertiesSet == 2)
        #expect(result.queryType == .readWrite)
    }

    @Test func setNullRemovesProperty() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:P {a: 1})")
        let result = try db.run("MATCH (p:P) SET p.a = null, p.b = null RETURN keys(p)")
        #expect(result.rows == [[[]]])
        #expect(result.statistics.propertiesSet == 1)
    }

    @Test func replaceAndMergeProperties() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:P {a: 1, b: 2})")
        let merged = try db.run("MATCH (p:P) SET p += {b: 3, c: 4} RETURN properties(p)")
        #expect(merged.rows == [[["a": 1, "b": 3, "c": 4]]])
        #expect(merged.statistics.propertiesSet == 2)
        let replaced = try db.run("MATCH (p:P) SET p = {z: 0} RETURN properties(p)")
        #expect(replaced.rows == [[["z": 0]]])
        #expect(replaced.statistics.propertiesSet == 4)
    }

    @Test func setAndRemoveLabels() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A)")
        let added = try db.run("MATCH (n:A) SET n:B:C RETURN labels(n)")
        #expect(added.statistics.labelsAdded == 2)
        #expect(try db.column("MATCH (n:B:C) RETURN count(n)") == [1])
        let removed = try db.run("MATCH (n:A) REMOVE n:B, n:Missing RETURN labels(n)")
        #expect(removed.statistics.labelsRemoved == 1)
        #expect(removed.rows == [[["A", "C"]]])
    }

    @Test func removeProperty() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A {x: 1, y: 2})")
        let result = try db.run("MATCH (n:A) REMOVE n.x RETURN n.x, n.y")
        #expect(result.rows == [[.null, 2]])
        #expect(result.statistics.propertiesSet == 1)
    }

    @Test func setOnRelationship() throws {
        let db = try TestDatabase()
        try db.run("CREATE ()-[:R]->()")
        #expect(try db.column("MATCH ()-[r:R]->() SET r.w = 5 RETURN r.w") == [5])
    }

    @Test func invalidPropertyValueIsTypeError() throws {
        let db = try TestDatabase()
        #expect(db.error("CREATE (n {m: {a: 1}})")?.status == .typeError)
        #expect(db.error("CREATE (n {l: [1, 'a']})")?.status == .typeError)
        #expect(try db.column("CREATE (n {l: [1, 2.5]}) RETURN n.l") == [[1.0, 2.5]])
    }

    @Test func deleteNodeWithRelationshipsFails() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A)-[:R]->(:B)")
        let error = db.error("MATCH (a:A) DELETE a")
        #expect(error?.status == .constraintValidationFailed)
        #expect(try db.column("MATCH (n) RETURN count(n)") == [2])
    }

    @Test func deleteRelationshipThenNodes() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A)-[:R]->(:B)")
        let result = try db.run("MATCH (a)-[r]->(b) DELETE r, a, b")
        #expect(result.statistics.relationshipsDeleted == 1)
        #expect(result.statistics.nodesDeleted == 2)
        #expect(try db.column("MATCH (n) RETURN count(n)") == [0])
    }

    @Test func detachDelete() throws {
        let db = try TestDatabase()
        try db.run("CREATE (a:A)-[:R]->(:B), (a)-[:R]->(:C), (:D)")
        let result = try db.run("MATCH (a:A) DETACH DELETE a")
        #expect(result.statistics.nodesDeleted == 1)
        #expect(result.statistics.relationshipsDeleted == 2)
        #expect(try db.column("MATCH (n) RETURN count(n)") == [3])
        #expect(try db.column("MATCH ()-[r]->() RETURN count(r)") == [0])
    }

    @Test func deletedNodePropertyIsEntityNotFound() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A {x: 1})")
        #expect(db.error("MATCH (a:A) DELETE a RETURN a.x")?.status == .entityNotFound)
        // The rolled-back statement left the node in place.
        #expect(try db.column("MATCH (a:A) RETURN a.x") == [1])
    }

    @Test func mergeIsIdempotent() throws {
        let db = try TestDatabase()
        let first = try db.run("MERGE (p:P {name: 'Al'}) ON CREATE SET p.created = true ON MATCH SET p.matched = true")
        #expect(first.statistics.nodesCreated == 1)
        #expect(first.statistics.propertiesSet == 2)
        let second = try db.run("MERGE (p:P {name: 'Al'}) ON CREATE SET p.created = true ON MATCH SET p.matched = true")
        #expect(second.statistics.nodesCreated == 0)
        #expect(second.statistics.propertiesSet == 1)
        #expect(try db.column("MATCH (p:P) RETURN count(p)") == [1])
        #expect(try db.run("MATCH (p:P) RETURN p.created, p.matched").rows == [[true, true]])
    }

    @Test func mergeRelationshipBetweenBoundNodes() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A), (:B)")
        for _ in 0..<2 { try db.run("MATCH (a:A), (b:B) MERGE (a)-[:R]->(b)") }
        #expect(try db.column("MATCH (:A)-[r:R]->(:B) RETURN count(r)") == [1])
    }

    @Test func mergeSeesItsOwnEarlierRows() throws {
        let db = try TestDatabase()
        let result = try db.run("UNWIND [1, 1, 2] AS i MERGE (n:M {i: i}) RETURN count(*)")
        #expect(result.statistics.nodesCreated == 2)
        #expect(result.rows == [[3]])
    }

    @Test func mergeWithNullPropertyFails() throws {
        let db = try TestDatabase()
        #expect(db.error("MERGE (n:M {i: null})")?.status == .semanticError)
    }

    @Test func foreachCreates() throws {
        let db = try TestDatabase()
        let result = try db.run("FOREACH (i IN range(1, 3) | CREATE (:F {i: i}))")
        #expect(result.statistics.nodesCreated == 3)
    }

    @Test func writesVisibleToLaterClauses() throws {
        let db = try TestDatabase()
        let result = try db.run(
            "CREATE (:V {i: 1}) WITH 1 AS one MATCH (v:V) SET v.i = 2 WITH v MATCH (w:V) RETURN w.i"
        )
        #expect(result.rows == [[2]])
    }
}
