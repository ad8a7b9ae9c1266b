import GraphValue
import Host
import QueryEngine
import Testing

@Suite struct ErrorTests {
    @Test func missingParameter() throws {
        let db = try TestDatabase()
        let error = try #require(db.error("MATCH (n) WHERE n.name = $name RETURN n"))
        #expect(error.status == .parameterMissing)
        #expect(error.message == "Expected parameter(s): name")
    }

    // Compile-time checks after parsing report SemanticError; Neo4j 5 reports most of them as
    // SyntaxError, and both are client errors that drivers do not retry.
    static let cases: [(String, ServerError.Status)] = [
        ("RETURN x", .semanticError),
        ("MATCH (n) RETURN m", .semanticError),
        ("MATCH (n)", .syntaxError),
        ("RETURN 1 / 0", .arithmeticError),
        ("RETURN 9223372036854775807 + 1", .arithmeticError),
        ("RETURN 'a' - 1", .typeError),
        ("RETURN toUpper(1)", .typeError),
        ("RETURN range(1, 2, 0)", .argumentError),
        ("RETURN nope(1)", .syntaxError),
        ("WITH 1 + 1 RETURN 1", .semanticError),
        ("CREATE (a)-[:R]-(b)", .semanticError),
        ("CREATE (a)-[:R|S]->(b)", .semanticError),
        ("MATCH (a) CREATE (a:L)", .semanticError),
        ("UNWIND [1] AS x RETURN x SKIP -1", .semanticError),
        ("RETURN NOT 1", .typeError),
        ("MATCH (n) RETURN n LIMIT $l", .argumentError),
        ("MATCH (n) WHERE count(n) > 1 RETURN n", .semanticError),
        ("RETURN count(count(*))", .semanticError),
    ]

    @Test(arguments: cases)
    func statusOf(query: String, status: ServerError.Status) throws {
        let db = try TestDatabase()
        try db.run("CREATE ()")
        let error = db.error(query, ["l": -1])
        #expect(error?.status == status, "\(query): \(String(describing: error))")
    }

    @Test func syntaxErrorFromParser() throws {
        let db = try TestDatabase()
        #expect(throws: ServerError.self) { try db.engine.prepare("MATCH (n RETURN n") }
    }
}
