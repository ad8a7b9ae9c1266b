import Cypher
import Host
import Testing

@Suite struct PermissionTests {
    static let table: [(String, PermissionSet)] = [
        // Reading queries.
        ("RETURN 1", .read),
        ("MATCH (n) RETURN n", .read),
        ("OPTIONAL MATCH (n) RETURN n", .read),
        ("MATCH (n {created_at: 1}) RETURN n", .read),
        ("MATCH (n:CREATE) RETURN n", .read),
        ("MATCH (n:`DELETE`) RETURN n.set", .read),
        ("RETURN 'CREATE'", .read),
        ("RETURN 'DELETE' AS x, \"SET n.x = 1\" AS y", .read),
        ("// DELETE\nRETURN 1", .read),
        ("/* DETACH DELETE n */ MATCH (n) RETURN n", .read),
        ("MATCH (n) WHERE n.delete = true RETURN n.remove, n.merge", .read),
        ("MATCH (n) RETURN n.created_at AS created, n.deleted_at AS deleted", .read),
        ("UNWIND [1, 2] AS x RETURN x", .read),
        ("WITH 1 AS x RETURN x", .read),
        ("MATCH (n) WHERE EXISTS { (n)-->() } RETURN n", .read),
        ("MATCH (n) RETURN [(n)-->(m) | m.name]", .read),
        ("MATCH (n) RETURN COUNT { (n)-->() }", .read),
        ("RETURN 1 AS x UNION RETURN 2 AS x", .read),
        ("MATCH (set) RETURN `set`", .read),
        ("MATCH (n) RETURN n {.create, .delete}", .read),
        ("RETURN $create", .read),
        ("MATCH (n) WITH n AS remove RETURN `remove`", .read),
        // Writing queries.
        ("CREATE (n)", [.read, .write]),
        ("CREATE (n:Person {name: 'DELETE'})", [.read, .write]),
        ("MERGE (n:N {id: 1})", [.read, .write]),
        ("MERGE (n:N) ON CREATE SET n.x = 1 ON MATCH SET n.y = 2", [.read, .write]),
        ("MATCH (n) SET n.x=1", [.read, .write]),
        ("MATCH (n) SET n = {}", [.read, .write]),
        ("MATCH (n) SET n += {a: 1}", [.read, .write]),
        ("MATCH (n) SET n:Label", [.read, .write]),
        ("MATCH (n) REMOVE n.x", [.read, .write]),
        ("MATCH (n) REMOVE n:Label", [.read, .write]),
        ("CREATE (a)-[:R]->(b) RETURN a, b", [.read, .write]),
        ("UNWIND [1] AS x CREATE (:N {v: x})", [.read, .write]),
        // Deleting queries.
        ("MATCH (n) DELETE n", [.read, .delete]),
        ("MATCH (n) DETACH DELETE n", [.read, .delete]),
        ("MATCH ()-[r]->() DELETE r", [.read, .delete]),
        ("MATCH (n) WITH n DETACH DELETE n RETURN count(*)", [.read, .delete]),
        ("MATCH (n) SET n.x = 1 DELETE n", [.read, .write, .delete]),
        // Nested clauses.
        ("MATCH (n) FOREACH (x IN [1] | SET n.x = x)", [.read, .write]),
        ("MATCH (n) FOREACH (x IN [1] | DETACH DELETE n)", [.read, .delete]),
        ("FOREACH (x IN [1] | FOREACH (y IN [2] | CREATE (:N)))", [.read, .write]),
        ("MATCH (n) CALL { WITH n DELETE n } RETURN 1", [.read, .delete]),
        ("CALL { CREATE (:N) RETURN 1 AS x } RETURN x", [.read, .write]),
        ("CALL { MATCH (n) RETURN n } RETURN n", .read),
        ("RETURN 1 AS x UNION CREATE (n) RETURN 2 AS x", [.read, .write]),
        ("MATCH (n) RETURN n AS x UNION ALL MATCH (m) DETACH DELETE m RETURN 1 AS x", [.read, .delete]),
        (
            "MATCH (n) WHERE EXISTS { CALL dbms.security.listUsers() YIELD username RETURN username } RETURN n",
            [.read, .admin]
        ),
        // Procedures.
        ("CALL db.labels()", .read),
        ("CALL db.labels", .read),
        ("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType", .read),
        ("CALL db.propertyKeys", .read),
        ("CALL db.indexes", .read),
        ("CALL dbms.components()", .read),
        ("CALL dbms.showCurrentUser()", []),
        ("CALL dbms.showCurrentUser", []),
        ("CALL dbms.showCurrentUser() YIELD username, roles RETURN username, roles", []),
        ("CALL dbms.showCurrentUser() YIELD username WHERE username = 'a' RETURN username", []),
        ("CALL dbms.showCurrentUser() YIELD username MATCH (n) RETURN n", .read),
        ("CALL dbms.showCurrentUser() YIELD username RETURN username UNION RETURN 'x' AS username", .read),
        ("CALL dbms.showCurrentUser() YIELD username RETURN COUNT { MATCH (n) RETURN n } AS c", .read),
        ("CALL dbms.showCurrentUser() YIELD username CREATE (:N {name: username})", [.read, .write]),
        // Pattern comprehensions and pattern predicates read the graph, so they take the read
        // permission back from a call that needs none.
        ("CALL dbms.showCurrentUser() YIELD username RETURN [(n)-->(m) | m.name] AS names", .read),
        ("CALL dbms.showCurrentUser() YIELD username RETURN [(n)-[*0..0]-(m) | properties(n)] AS all", .read),
        ("CALL dbms.showCurrentUser() YIELD username WHERE size([(n)-->(m) | 1]) > 0 RETURN username", .read),
        ("CALL dbms.showCurrentUser() YIELD username WHERE ()-->() RETURN username", .read),
        ("CALL dbms.showCurrentUser() YIELD username RETURN username ORDER BY size([(n)-->(m) | 1])", .read),
        ("CALL db.indexes() YIELD name, type RETURN name, type", .read),
        ("CALL db.labels() YIELD label AS l WHERE l STARTS WITH 'A' RETURN count(*)", .read),
        ("CALL test.my.proc(1)", .read),
        ("CALL test.my.proc", .read),
        ("CALL test.my.proc('Stefan', 1) YIELD city RETURN city", .read),
        ("CALL dbms.security.createUser('a', 'b', false)", [.read, .admin]),
        ("CALL DBMS.SECURITY.listUsers", [.read, .admin]),
        ("CALL custom.unknown()", .read),
        ("CALL { CALL dbms.security.listUsers() YIELD username RETURN username } RETURN username", [.read, .admin]),
        // EXPLAIN and PROFILE need what the query they prefix needs.
        ("EXPLAIN MATCH (n) RETURN n", .read),
        ("PROFILE MATCH (n) RETURN n", .read),
        ("explain RETURN 1", .read),
        ("EXPLAIN CREATE (n)", [.read, .write]),
        ("PROFILE CREATE (n)", [.read, .write]),
        ("EXPLAIN MERGE (n:N {id: 1})", [.read, .write]),
        ("PROFILE MATCH (n) SET n.x = 1", [.read, .write]),
        ("EXPLAIN MATCH (n) DETACH DELETE n", [.read, .delete]),
        ("PROFILE MATCH (n) DETACH DELETE n", [.read, .delete]),
        ("EXPLAIN CALL db.labels()", .read),
        ("PROFILE CALL db.indexes() YIELD name RETURN name", .read),
        ("EXPLAIN CALL dbms.showCurrentUser()", []),
        ("PROFILE CALL dbms.security.listUsers()", [.read, .admin]),
        ("EXPLAIN CALL test.my.proc(1)", .read),
        ("PROFILE CALL test.my.proc('Stefan', 1) YIELD city RETURN city", .read),
        // Schema commands.
        ("CREATE INDEX FOR (n:Person) ON (n.name)", .schema),
        ("CREATE RANGE INDEX idx IF NOT EXISTS FOR (n:A) ON (n.x, n.y)", .schema),
        ("DROP INDEX idx", .schema),
        ("DROP INDEX idx IF EXISTS", .schema),
        ("CREATE CONSTRAINT c FOR (n:A) REQUIRE n.x IS UNIQUE", .schema),
        ("DROP CONSTRAINT c", .schema),
        ("SHOW INDEXES", .read),
        ("SHOW INDEX", .read),
        ("SHOW CONSTRAINTS", .read),
        // Administration commands.
        ("CREATE USER a SET PASSWORD 'p'", .admin),
        ("CREATE OR REPLACE USER a SET PASSWORD $p", .admin),
        ("ALTER USER a SET STATUS SUSPENDED", .admin),
        ("DROP USER a", .admin),
        ("SHOW USERS", .admin),
        ("GRANT ROLE editor TO a", .admin),
        ("REVOKE ROLES editor, viewer FROM a", .admin),
        ("SHOW ROLES", .admin),
        ("SHOW ALL ROLES", .admin),
        ("SHOW CURRENT USER", []),
        ("ALTER CURRENT USER SET PASSWORD FROM 'old' TO 'new'", []),
    ]

    @Test func tableIsLarge() {
        #expect(Self.table.count >= 60)
    }

    @Test(arguments: table)
    func permissions(text: String, expected: PermissionSet) throws {
        let (_, statement) = try CypherParser.parseWithMode(text)
        #expect(requiredPermissions(of: statement) == expected, "\(text)")
    }

    @Test func explainNeedsQueryPermissions() throws {
        for text in ["MATCH (n) RETURN n", "CREATE (n)", "MATCH (n) DELETE n", "CALL dbms.showCurrentUser()"] {
            let (_, plain) = try CypherParser.parseWithMode(text)
            for prefix in ["EXPLAIN", "PROFILE"] {
                let (mode, prefixed) = try CypherParser.parseWithMode("\(prefix) \(text)")
                #expect(mode == (prefix == "EXPLAIN" ? .explain : .profile), "\(prefix) \(text)")
                #expect(requiredPermissions(of: prefixed) == requiredPermissions(of: plain), "\(prefix) \(text)")
            }
        }
    }

    @Test func explainOfCommandRejected() {
        for text in [
            "EXPLAIN CREATE INDEX FOR (n:A) ON (n.x)", "PROFILE SHOW USERS", "EXPLAIN CREATE USER a SET PASSWORD 'p'",
        ] {
            #expect(throws: ServerError.self, "\(text)") { try CypherParser.parseWithMode(text) }
        }
    }

    @Test func procedureTable() {
        #expect(procedurePermissions("db.labels") == .read)
        #expect(procedurePermissions("dbms.security.changePassword") == .admin)
        #expect(procedurePermissions("apoc.create.node") == .read)
    }
}
