import Cypher
import Host
import Testing

@Suite struct SchemaCommandTests {
    private func schema(_ text: String) throws -> SchemaCommand {
        guard case .schema(let command) = try CypherParser.parse(text) else {
            throw ServerError(.unknownError, "not a schema command")
        }
        return command
    }

    @Test func createIndex() throws {
        #expect(
            try schema("CREATE INDEX FOR (n:Person) ON (n.name)")
                == .createIndex(IndexDefinition(entity: .node(variable: "n", label: "Person"), properties: ["name"]))
        )
        #expect(
            try schema("CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.first, p.last)")
                == .createIndex(
                    IndexDefinition(
                        name: "person_name",
                        ifNotExists: true,
                        entity: .node(variable: "p", label: "Person"),
                        properties: ["first", "last"]
                    )
                )
        )
        #expect(
            try schema("create range index `idx` for ()-[r:KNOWS]-() on (r.since)")
                == .createIndex(
                    IndexDefinition(
                        name: "idx",
                        kind: .range,
                        entity: .relationship(variable: "r", type: "KNOWS"),
                        properties: ["since"]
                    )
                )
        )
        #expect(
            try schema("CREATE TEXT INDEX FOR (n:A) ON (n.x) OPTIONS {}")
                == .createIndex(
                    IndexDefinition(
                        kind: .text,
                        entity: .node(variable: "n", label: "A"),
                        properties: ["x"],
                        options: .map([])
                    )
                )
        )
        #expect(parseError("CREATE INDEX FOR (n:A) ON (m.x)")?.status == .syntaxError)
        #expect(parseError("CREATE INDEX ON :A(x)")?.status == .syntaxError)
        #expect(parseError("CREATE INDEX FOR (n:A)")?.status == .syntaxError)
    }

    @Test func dropIndex() throws {
        #expect(try schema("DROP INDEX idx") == .dropIndex(name: "idx", ifExists: false))
        #expect(try schema("DROP INDEX idx IF EXISTS") == .dropIndex(name: "idx", ifExists: true))
        #expect(try schema("DROP INDEX ON :Person(name)") == .dropIndexOn(label: "Person", properties: ["name"]))
    }

    @Test func showIndexes() throws {
        #expect(try schema("SHOW INDEXES") == .showIndexes(kind: nil, filter: ShowFilter()))
        #expect(try schema("SHOW INDEX") == .showIndexes(kind: nil, filter: ShowFilter()))
        #expect(try schema("SHOW RANGE INDEXES") == .showIndexes(kind: .range, filter: ShowFilter()))
        #expect(try schema("SHOW ALL INDEXES") == .showIndexes(kind: .all, filter: ShowFilter()))
        guard
            case .showIndexes(_, let filter) = try schema(
                "SHOW INDEXES YIELD name, type WHERE type = 'RANGE' RETURN name"
            )
        else {
            Issue.record("expected SHOW INDEXES")
            return
        }
        #expect(filter.yield?.items.map(\.field) == ["name", "type"])
        #expect(filter.predicate != nil)
        #expect(filter.returnProjection?.items.map(\.name) == ["name"])
        guard case .showIndexes(_, let whereOnly) = try schema("SHOW INDEXES WHERE name = 'x'") else { return }
        #expect(whereOnly.yield == nil)
        #expect(whereOnly.predicate != nil)
    }

    @Test func constraints() throws {
        #expect(
            try schema("CREATE CONSTRAINT c FOR (n:User) REQUIRE n.email IS UNIQUE")
                == .createConstraint(
                    ConstraintDefinition(
                        name: "c",
                        entity: .node(variable: "n", label: "User"),
                        properties: ["email"],
                        kind: .unique
                    )
                )
        )
        #expect(
            try schema("CREATE CONSTRAINT IF NOT EXISTS FOR (n:User) REQUIRE (n.a, n.b) IS NODE KEY")
                == .createConstraint(
                    ConstraintDefinition(
                        ifNotExists: true,
                        entity: .node(variable: "n", label: "User"),
                        properties: ["a", "b"],
                        kind: .key
                    )
                )
        )
        #expect(
            try schema("CREATE CONSTRAINT FOR ()-[r:R]-() REQUIRE r.x IS NOT NULL")
                == .createConstraint(
                    ConstraintDefinition(
                        entity: .relationship(variable: "r", type: "R"),
                        properties: ["x"],
                        kind: .notNull
                    )
                )
        )
        #expect(
            try schema("CREATE CONSTRAINT FOR (n:A) REQUIRE n.x IS :: INTEGER")
                == .createConstraint(
                    ConstraintDefinition(
                        entity: .node(variable: "n", label: "A"),
                        properties: ["x"],
                        kind: .propertyType("INTEGER")
                    )
                )
        )
        #expect(
            try schema("CREATE CONSTRAINT ON (n:A) ASSERT n.x IS UNIQUE")
                == .createConstraint(
                    ConstraintDefinition(entity: .node(variable: "n", label: "A"), properties: ["x"], kind: .unique)
                )
        )
        #expect(try schema("DROP CONSTRAINT c IF EXISTS") == .dropConstraint(name: "c", ifExists: true))
        #expect(try schema("SHOW CONSTRAINTS") == .showConstraints(filter: ShowFilter()))
        #expect(try schema("SHOW UNIQUE CONSTRAINTS") == .showConstraints(filter: ShowFilter()))
    }

    @Test func createClauseIsNotACommand() throws {
        #expect(try parseClauses("CREATE (index:INDEX)").count == 1)
        #expect(try parseClauses("CREATE p = (a)-[:R]->(b)").count == 1)
    }
}
