import GraphValue
import Host
import QueryEngine
import Testing

@Suite struct CatalogTests {
    @Test func catalogueProcedures() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:B {y: 1})-[:T2]->(:A {x: 1})-[:T1]->()")
        #expect(try db.run("CALL db.labels()").columns == ["label"])
        #expect(try db.column("CALL db.labels()") == ["A", "B"])
        #expect(
            try db.column("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType") == ["T1", "T2"]
        )
        #expect(try db.column("CALL db.propertyKeys() YIELD propertyKey AS k WHERE k = 'x' RETURN k") == ["x"])
    }

    @Test func dbmsComponents() throws {
        let db = try TestDatabase()
        let result = try db.run("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition")
        #expect(result.rows == [["Neo4j Kernel", ["5.26.0"], "community"]])
    }

    @Test func unknownProcedure() throws {
        let db = try TestDatabase()
        #expect(db.error("CALL db.nothing()")?.status.code == "Neo.ClientError.Procedure.ProcedureNotFound")
    }

    @Test func createShowDropIndex() throws {
        let db = try TestDatabase()
        let created = try db.run("CREATE INDEX FOR (p:Person) ON (p.name)")
        #expect(created.statistics.indexesAdded == 1)
        #expect(created.queryType == .schema)
        let shown = try db.run("SHOW INDEXES")
        #expect(
            shown.columns == [
                "id", "name", "state", "populationPercent", "type", "entityType", "labelsOrTypes", "properties",
                "indexProvider", "owningConstraint", "lastRead", "readCount",
            ]
        )
        let row = try #require(shown.rows.first)
        guard case .string(let name) = row[1] else {
            Issue.record("expected an index name, got \(row)")
            return
        }
        #expect(name.hasPrefix("index_"))
        #expect(name.count == 14)
        #expect(row[2] == "ONLINE")
        #expect(row[4] == "RANGE")
        #expect(row[6] == ["Person"])
        #expect(row[7] == ["name"])
        #expect(db.error("CREATE INDEX FOR (p:Person) ON (p.name)")?.status == .equivalentSchemaRuleAlreadyExists)
        #expect(try db.run("CREATE INDEX IF NOT EXISTS FOR (p:Person) ON (p.name)").statistics.indexesAdded == 0)
        let dropped = try db.run("DROP INDEX \(name)")
        #expect(dropped.statistics.indexesRemoved == 1)
        #expect(try db.run("SHOW INDEXES").rows.isEmpty)
        #expect(db.error("DROP INDEX \(name)")?.status == .indexNotFound)
        #expect(try db.run("DROP INDEX \(name) IF EXISTS").statistics.indexesRemoved == 0)
    }

    @Test func namedIndexAndShowFilter() throws {
        let db = try TestDatabase()
        try db.run("CREATE INDEX by_name FOR (p:Person) ON (p.name)")
        try db.run("CREATE INDEX by_age FOR (p:Person) ON (p.age)")
        let result = try db.run("SHOW INDEXES YIELD name, properties WHERE name = 'by_age' RETURN name, properties")
        #expect(result.columns == ["name", "properties"])
        #expect(result.rows == [["by_age", ["age"]]])
    }
}
