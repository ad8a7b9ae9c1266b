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

    // Compile-time checks after parsing report SyntaxError, as Neo4j 5 does; drivers do not retry
    // client errors.
    static let cases: [(String, ServerError.Status)] = [
        ("RETURN x", .syntaxError),
        ("MATCH (n) RETURN m", .syntaxError),
        ("MATCH (n)", .syntaxError),
        ("RETURN 1 / 0", .arithmeticError),
        ("RETURN 9223372036854775807 + 1", .arithmeticError),
        ("RETURN 'a' - 1", .syntaxError),
        ("UNWIND ['a'] AS s RETURN s - 1", .typeError),
        ("RETURN toUpper(1)", .typeError),
        ("RETURN range(1, 2, 0)", .argumentError),
        ("RETURN nope(1)", .syntaxError),
        ("WITH 1 + 1 RETURN 1", .syntaxError),
        ("CREATE (a)-[:R]-(b)", .syntaxError),
        ("CREATE (a)-[:R|S]->(b)", .syntaxError),
        ("MATCH (a) CREATE (a:L)", .syntaxError),
        ("UNWIND [1] AS x RETURN x SKIP -1", .syntaxError),
        ("RETURN NOT 1", .syntaxError),
        ("UNWIND [1] AS x RETURN NOT x", .typeError),
        ("MATCH (n) RETURN n LIMIT $l", .argumentError),
        ("MATCH (n) WHERE count(n) > 1 RETURN n", .syntaxError),
        ("RETURN count(count(*))", .syntaxError),
        ("MATCH (n:Missing) RETURN nope(n)", .syntaxError),
        ("MATCH (n:Missing) RETURN toUpper(n.a, n.b)", .syntaxError),
        ("MATCH (n:Missing) RETURN percentileDisc(n.x)", .syntaxError),
        ("RETURN range(1, 2.0)", .argumentError),
        ("MERGE ({num: null})", .semanticError),
        ("MATCH (n) RETURN percentileCont(n.x, 1.5)", .argumentError),
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
