import Cypher
import Host
import Testing

@Suite struct SemanticAnalysisTests {
    private func check(_ text: String) throws(ServerError) {
        try SemanticAnalysis.check(try CypherParser.parse(text))
    }

    private func semanticError(_ text: String) -> ServerError? {
        do {
            try check(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "MATCH (n) RETURN n",
        "MATCH (a)-[r]->(b) WITH a, r AS rel WHERE rel.x = 1 RETURN a, rel",
        "UNWIND [1, 2] AS x RETURN [y IN range(0, x) WHERE y > 0 | y * x] AS l",
        "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WHERE m.x = n.x } RETURN n",
        "MATCH (n) RETURN [(n)-->(m) | m.name] AS names",
        "MATCH (n) WHERE (n)-->() RETURN n",
        "RETURN reduce(acc = 0, x IN [1, 2] | acc + x) AS s",
        "MATCH (n) WITH n.x AS x, count(*) AS c ORDER BY x RETURN x, c",
        "MATCH (n) RETURN n.x, count(*) AS c",
        "MATCH (n) CALL { WITH n RETURN n.x AS x } RETURN x",
        "CREATE (a:A)-[:R]->(b:B) CREATE (a)-[:S]->(b)",
        "MATCH (a) CREATE (a)-[:R]->(:B)",
        "MERGE (a:A {id: 1})-[:R]-(b:B)",
        "CREATE (n $props)",
        "MATCH (n) FOREACH (x IN [1] | SET n.v = x)",
        "RETURN 1 AS a UNION RETURN 2 AS a",
        "WITH 1 AS x WITH * RETURN x",
        "MATCH ()-[rs*]->() WITH rs MATCH ()-[rs*]->() RETURN rs",
        "MATCH (me)--(you) RETURN me.age AS age, count(you.age) AS c ORDER BY age, age + count(you.age)",
        "MATCH (me)--(you) RETURN me.age AS age, count(you.age) AS c ORDER BY me.age + count(you.age)",
        "MATCH (a) WITH a.x % 3 AS m, sum(a.x + a.y) AS s ORDER BY sum(a.x + a.y) RETURN m, s",
        "MATCH (n) RETURN avg(n.age) AS a ORDER BY $age + avg(n.age) - 1000",
        "MATCH (me)--(you) RETURN me.age, me.age + count(you.age)",
        "RETURN rand() AS r, count(*) AS c",
    ])
    func accepts(text: String) {
        #expect(semanticError(text) == nil, "\(text): \(String(describing: semanticError(text)))")
    }

    @Test(arguments: [
        ("RETURN x", "not defined"),
        ("MATCH (n) WITH n.x AS x RETURN n", "not defined"),
        ("MATCH (n) WHERE (n)-[r]->() RETURN n", "not defined"),
        ("MATCH (n) RETURN [x IN [1] | y]", "not defined"),
        ("UNWIND [1] AS x UNWIND [2] AS x RETURN x", "already declared"),
        ("MATCH (a) CREATE (a:B)", "already declared"),
        ("MATCH ()-[r]-() CREATE ()-[r:R]->()", "already declared"),
        ("MATCH p = (p)-->() RETURN p", "already declared"),
        ("MATCH ()-[r]-() MATCH (r) RETURN r", "Type mismatch"),
        ("WITH 1 AS n MATCH (n) RETURN n", "Type mismatch"),
        ("CREATE ()-->()", "relationship type"),
        ("CREATE (a)-[:R]-(b)", "directed"),
        ("CREATE ()-[:R*2]->()", "Variable length"),
        ("MATCH (n $p) RETURN n", "Parameter maps"),
        ("MATCH (n) WHERE count(n) > 1 RETURN n", "aggregating"),
        ("MATCH (n) RETURN count(count(n))", "inside of aggregate"),
        ("MATCH (n) WITH n.x AS x ORDER BY count(n) RETURN x", "ORDER BY"),
        ("MATCH (a)--(b) RETURN a.age + count(b)", "grouping"),
        ("MATCH (n) WITH n.x RETURN 1", "aliased"),
        ("RETURN 1 AS a, 2 AS a", "same name"),
        ("RETURN *", "no variables"),
        ("RETURN 1 AS a UNION RETURN 2 AS b", "same return column"),
        ("MATCH (n) RETURN (n)-->()", "pattern expression"),
        ("MATCH (n) RETURN n LIMIT n.x", "refer to variables"),
        ("RETURN 1 SKIP -1", "non-negative"),
        ("MATCH (me)--(you) RETURN me.age + you.age, me.age + you.age + count(*)", "implicit grouping"),
        ("MATCH (me)--(you) RETURN me.age + you.age, count(*) AS c ORDER BY me.age + you.age + count(*)", "implicit"),
        ("MATCH (a) WITH a.x % 3 AS m, min(a.x + a.y) AS s ORDER BY sum(a.x + a.y) RETURN m", "not defined"),
        ("MATCH (a) WITH a, a.x AS s WITH a.y AS m, min(s) AS n ORDER BY sum(s) RETURN m", "not defined"),
        ("MATCH (me)--(you) RETURN count(you.age) AS c ORDER BY me.age + count(you.age)", "not defined"),
        ("RETURN count(rand())", "non-deterministic"),
    ])
    func rejects(text: String, fragment: String) throws {
        let error = try #require(semanticError(text), "\(text)")
        #expect(error.status == .syntaxError, "\(text)")
        #expect(error.message.contains(fragment), "\(text): \(error.message)")
    }

    @Test func otherStatementsPass() throws {
        try check("CREATE INDEX FOR (n:A) ON (n.x)")
        try check("SHOW USERS")
    }
}

@Suite struct SubqueryUpdateTests {
    private func error(_ text: String) -> ServerError? {
        do {
            try SemanticAnalysis.check(try CypherParser.parse(text))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("MATCH (n) RETURN COUNT { CREATE (:X) } AS z", "COUNT", "CREATE"),
        ("MATCH (n) WHERE EXISTS { MATCH (m) SET m.p = 1 } RETURN n", "EXISTS", "SET"),
        ("MATCH (n) RETURN COLLECT { MATCH (m) DETACH DELETE m RETURN 1 } AS l", "COLLECT", "DETACH DELETE"),
        ("MATCH (n) WHERE EXISTS { MATCH (m) CALL { MERGE (:Y) } } RETURN n", "EXISTS", "MERGE"),
        ("MATCH (n) RETURN [(n)-->(m) WHERE EXISTS { MATCH (m) REMOVE m:L } | m] AS l", "EXISTS", "REMOVE"),
        ("RETURN COUNT { UNWIND [1] AS x FOREACH (y IN [x] | CREATE (:Z)) } AS c", "COUNT", "FOREACH"),
        ("MATCH (n) RETURN COUNT { MATCH (m) WHERE EXISTS { CREATE (:W) } RETURN m } AS c", "EXISTS", "CREATE"),
    ])
    func updatesRejected(text: String, keyword: String, clause: String) throws {
        let failure = try #require(error(text))
        #expect(failure.status == .syntaxError)
        #expect(failure.message.contains("\(keyword) subqueries cannot contain updating clauses"), "\(failure.message)")
        #expect(failure.message.contains(clause), "\(failure.message)")
    }

    @Test(arguments: [
        "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) } RETURN n",
        "MATCH (n) RETURN COUNT { MATCH (n)-->(m) RETURN m } AS c",
        "MATCH (n) RETURN COLLECT { MATCH (n)-->(m) RETURN m.x } AS l",
        "MATCH (n) CALL { CREATE (:X) } RETURN n",
    ])
    func readsAccepted(text: String) {
        #expect(error(text) == nil)
    }
}
