import GraphValue
import Host
import QueryEngine
import Testing

@Suite struct EngineTests {
    @Test func rollbackLeavesNothing() throws {
        let db = try TestDatabase()
        let transaction = try db.engine.beginTransaction(database: db.database)
        _ = try transaction.execute(db.engine.prepare("CREATE (:T), (:T)"), parameters: [:])
        let inside = try transaction.execute(db.engine.prepare("MATCH (t:T) RETURN count(t)"), parameters: [:])
        #expect(inside.rows == [[2]])
        transaction.rollback()
        transaction.rollback()
        #expect(try db.column("MATCH (t:T) RETURN count(t)") == [0])
    }

    @Test func failedStatementRollsBackTransaction() throws {
        let db = try TestDatabase()
        let transaction = try db.engine.beginTransaction(database: db.database)
        _ = try transaction.execute(db.engine.prepare("CREATE (:T)"), parameters: [:])
        #expect(throws: ServerError.self) {
            _ = try transaction.execute(db.engine.prepare("RETURN 1 / 0"), parameters: [:])
        }
        #expect(throws: ServerError.self) { try transaction.commit() }
        #expect(try db.column("MATCH (t:T) RETURN count(t)") == [0])
    }

    @Test func indexUsedForPatternAndWhere() throws {
        let db = try TestDatabase()
        try db.run("CREATE INDEX person_name FOR (p:Person) ON (p.name)")
        try db.run("UNWIND range(1, 50) AS i CREATE (:Person {name: 'p' + i})")
        let transaction = try db.engine.beginTransaction(database: db.database)
        defer { transaction.rollback() }
        let cypher = try #require(transaction as? CypherTransaction)
        let fromMap = try cypher.execute(
            db.engine.prepare("MATCH (p:Person {name: 'p7'}) RETURN p.name"),
            parameters: [:]
        )
        #expect(fromMap.rows == [["p7"]])
        #expect(cypher.lastStatementIndexLookups == 1)
        let statement = try db.engine.prepare("MATCH (p:Person) WHERE p.name = $n RETURN p.name")
        #expect(CypherEngine.planDescription(of: statement).contains("index(p.name)"))
        let fromWhere = try cypher.execute(statement, parameters: ["n": "p9"])
        #expect(fromWhere.rows == [["p9"]])
        #expect(cypher.lastStatementIndexLookups == 1)
        _ = try cypher.execute(db.engine.prepare("MATCH (p:Person) WHERE p.name > 'p8' RETURN p"), parameters: [:])
        #expect(cypher.lastStatementIndexLookups == 0)
    }

    @Test func prepareCachesAndReportsKinds() throws {
        let db = try TestDatabase()
        let first = try db.engine.prepare("MATCH (n) RETURN n")
        guard case .query = first.kind else {
            Issue.record("expected a query")
            return
        }
        #expect(first.requiredPermissions == .read)
        let write = try db.engine.prepare("CREATE (n)")
        #expect(write.requiredPermissions.contains(.write))
        let schema = try db.engine.prepare("CREATE INDEX FOR (n:A) ON (n.x)")
        guard case .schema = schema.kind else {
            Issue.record("expected a schema command")
            return
        }
    }

    @Test func administrationResolvesParameters() throws {
        let db = try TestDatabase()
        let statement = try db.engine.prepare("CREATE USER $name SET PASSWORD $password")
        guard case .administration(.createUser) = statement.kind else {
            Issue.record("expected CREATE USER, got \(statement.kind)")
            return
        }
        let command = try db.engine.resolveAdministration(statement, parameters: ["name": "bo", "password": "secret1"])
        guard case .createUser(let name, let password, _, _, _, _) = command else {
            Issue.record("expected CREATE USER")
            return
        }
        #expect(name == "bo")
        #expect(password.reveal() == "secret1")
        let missing = try #require(throws: ServerError.self) {
            try db.engine.resolveAdministration(statement, parameters: ["name": "bo"])
        }
        #expect(missing.status == .parameterMissing)
        #expect(CypherEngine.administrationStatement(of: statement) != nil)
    }

    @Test func resolveThroughProtocolUsesEngine() throws {
        let db = try TestDatabase()
        let engine: any QueryEngine = db.engine
        let statement = try engine.prepare("DROP USER $name")
        let command = try engine.resolveAdministration(statement, parameters: ["name": "al"])
        #expect(command == .dropUser(name: "al", ifExists: false))
    }
}
