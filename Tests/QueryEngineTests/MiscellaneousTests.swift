import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct MiscellaneousTests {
    @Test func missingParametersListed() throws {
        let db = try TestDatabase()
        let error = try #require(db.error("RETURN $a + $b + $a", ["b": 1]))
        #expect(error.message == "Expected parameter(s): a")
        let both = try #require(db.error("RETURN $a, $b"))
        #expect(both.message == "Expected parameter(s): a, b")
    }

    @Test func optionalMatchWhereKeepsRow() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A {n: 1})-[:R]->(:B {v: 1}), (:A {n: 2})-[:R]->(:B {v: 5})")
        let rows = try db.run(
            "MATCH (a:A) OPTIONAL MATCH (a)-->(b) WHERE b.v > 2 RETURN a.n, b.v ORDER BY a.n"
        ).rows
        #expect(rows == [[1, .null], [2, 5]])
    }

    @Test func existsFunctionAndTimestamp() throws {
        let db = try TestDatabase()
        try db.run("CREATE ({x: 1}), ({y: 1})")
        #expect(try db.column("MATCH (n) WHERE exists(n.x) RETURN n.x") == [1])
        let stamps = try db.run("UNWIND [1, 2] AS i RETURN timestamp() AS t").rows
        #expect(stamps.count == 2)
        #expect(stamps[0] == stamps[1])
    }

    @Test func inWithParameterList() throws {
        let db = try TestDatabase()
        try db.run("UNWIND range(1, 5) AS i CREATE (:N {i: i})")
        let values = try db.column("MATCH (n:N) WHERE n.i IN $wanted RETURN n.i ORDER BY n.i", ["wanted": [2, 4, 9]])
        #expect(values == [2, 4])
    }

    @Test func indexHintFromEarlierVariable() throws {
        let db = try TestDatabase()
        try db.run("CREATE INDEX FOR (p:P) ON (p.k)")
        try db.run("CREATE (:P {k: 1}), (:P {k: 2}), (:Q {k: 2})")
        let statement = try db.engine.prepare("MATCH (q:Q) MATCH (p:P) WHERE p.k = q.k RETURN count(p)")
        #expect(CypherEngine.planDescription(of: statement).contains("index(p.k)"))
        #expect(try db.column("MATCH (q:Q) MATCH (p:P) WHERE p.k = q.k RETURN count(p)") == [1])
        let same = try db.engine.prepare("MATCH (p:P), (q:Q) WHERE p.k = q.k RETURN p")
        #expect(!CypherEngine.planDescription(of: same).contains("index"))
    }

    @Test func callInsideQuery() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A), (:B)")
        let values = try db.column("CALL db.labels() YIELD label WITH label WHERE label <> 'A' RETURN label")
        #expect(values == ["B"])
        #expect(db.error("MATCH (n) CALL db.labels() RETURN n")?.status == .syntaxError)
    }

    @Test func parseCacheEvictsLeastRecentlyUsed() throws {
        let cache = ParseCache(capacity: 10)
        let statement = PreparedStatement(text: "", kind: .query, requiredPermissions: [], plan: 0)
        for index in 0..<10 { cache.insert(statement, for: "q\(index)") }
        #expect(cache.statement(for: "q0") != nil)
        cache.insert(statement, for: "q10")
        #expect(cache.count == 10)
        #expect(cache.statement(for: "q0") != nil)
        #expect(cache.statement(for: "q1") == nil)
        #expect(cache.statement(for: "q10") != nil)
    }

    @Test func engineReturnsCachedStatement() throws {
        let db = try TestDatabase()
        let first = try db.engine.prepare("RETURN 1 AS x")
        let second = try db.engine.prepare("RETURN 1 AS x")
        #expect(first.text == second.text)
        #expect(CypherEngine.planDescription(of: first) == CypherEngine.planDescription(of: second))
    }

    @Test func defaultIndexNameIsStable() {
        let name = SchemaPlan.defaultIndexName(label: "Person", properties: ["name"])
        #expect(name == SchemaPlan.defaultIndexName(label: "Person", properties: ["name"]))
        #expect(name != SchemaPlan.defaultIndexName(label: "Person", properties: ["age"]))
        #expect(name.count == 14)
    }

    @Test func statementsSeeEarlierWritesInTransaction() throws {
        let db = try TestDatabase()
        let transaction = try db.engine.beginTransaction(database: db.database)
        _ = try transaction.execute(db.engine.prepare("CREATE (:W {v: 1})"), parameters: [:])
        _ = try transaction.execute(db.engine.prepare("MATCH (w:W) SET w.v = 2"), parameters: [:])
        let result = try transaction.execute(db.engine.prepare("MATCH (w:W) RETURN w.v"), parameters: [:])
        #expect(result.rows == [[2]])
        try transaction.commit()
        #expect(try db.column("MATCH (w:W) RETURN w.v") == [2])
    }
}

@Suite struct IdentifierLookupTests {
    @Test func idAndElementIDLookups() throws {
        let db = try TestDatabase()
        let created = try db.run("CREATE (a:A {n: 1}), (b:B {n: 2}) RETURN id(b), elementId(b)")
        let row = try #require(created.rows.first)
        let byID = try db.engine.prepare("MATCH (n) WHERE id(n) = $id RETURN n.n")
        #expect(CypherEngine.planDescription(of: byID).contains("byId(n)"))
        #expect(try db.column("MATCH (n) WHERE id(n) = $id RETURN n.n", ["id": row[0]]) == [2])
        #expect(try db.column("MATCH (n:A) WHERE id(n) = $id RETURN n.n", ["id": row[0]]).isEmpty)
        #expect(try db.column("MATCH (n) WHERE elementId(n) = $id RETURN n.n", ["id": row[1]]) == [2])
        #expect(try db.column("MATCH (n) WHERE elementId(n) = 'junk' RETURN n.n").isEmpty)
        #expect(try db.column("MATCH (n) WHERE id(n) = 'text' RETURN n.n").isEmpty)
        #expect(try db.column("MATCH (n) WHERE id(n) = 999999 RETURN n.n").isEmpty)
    }
}

@Suite struct SubqueryTests {
    @Test func returningSubqueryJoinsRows() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:P {n: 1})-[:R]->(:Q), (:P {n: 2})")
        let rows = try db.run(
            "MATCH (p:P) CALL (p) { MATCH (p)-->(q) RETURN count(q) AS c } RETURN p.n, c ORDER BY p.n"
        ).rows
        #expect(rows == [[1, 1], [2, 0]])
        let legacy = try db.run("MATCH (p:P) CALL { WITH p RETURN p.n * 10 AS t } RETURN t ORDER BY t").rows
        #expect(legacy == [[10], [20]])
    }

    @Test func uncorrelatedSubqueryIgnoresOuterNames() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:P), (:P), (:P)")
        let rows = try db.column("MATCH (n:P) CALL { MATCH (n:P) RETURN count(n) AS c } RETURN DISTINCT c")
        #expect(rows == [3])
    }

    @Test func unitSubqueryWrites() throws {
        let db = try TestDatabase()
        let result = try db.run("UNWIND [1, 2] AS i CALL (i) { CREATE (:U {i: i}) } RETURN count(*) AS rows")
        #expect(result.rows == [[2]])
        #expect(result.statistics.nodesCreated == 2)
        #expect(result.queryType == .readWrite)
    }

    @Test func subqueryColumnClash() throws {
        let db = try TestDatabase()
        #expect(db.error("WITH 1 AS x CALL { RETURN 2 AS x } RETURN x")?.status == .syntaxError)
    }
}

@Suite struct SubqueryExpressionTests {
    @Test func collectSubquery() throws {
        let db = try TestDatabase()
        try db.run("CREATE (p:P {n: 1})-[:R]->(:Q {v: 'a'}), (p)-[:R]->(:Q {v: 'b'})")
        let values = try db.column("MATCH (p:P) RETURN COLLECT { MATCH (p)-->(q) RETURN q.v ORDER BY q.v } AS vs")
        #expect(values == [["a", "b"]])
    }
}
