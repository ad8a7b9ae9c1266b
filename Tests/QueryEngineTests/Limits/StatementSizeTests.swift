import Foundation
import GraphValue
import Host
import QueryEngine
import Testing

/// Long clause chains, long variable-length walks, large built strings and ranges at the edge
/// of Int64 end in a result or a clear error, never in a crash.
@Suite struct StatementSizeTests {
    private static func withChain(_ count: Int) -> String {
        Array(repeating: "WITH 1 AS x", count: count).joined(separator: " ") + " RETURN x"
    }

    @Test func overlongClauseChainRejected() async throws {
        let database = SendableBox(value: try TestDatabase())
        let outcome = await SmallStack.run { database.value.outcome(Self.withChain(100_000)) }
        guard case .failure(let error) = outcome else {
            Issue.record("a 100,000-clause query ran")
            return
        }
        #expect(error.status == .syntaxError)
        #expect(error.message.contains("more than 200 clauses"), "\(error.message)")
    }

    @Test func clauseChainAboveMaximumRejected() throws {
        let database = try TestDatabase()
        let error = database.error("UNWIND range(1, 3) AS y " + Self.withChain(199))
        #expect(error?.status == .syntaxError)
    }

    @Test func clauseChainAtMaximumRuns() async throws {
        let database = SendableBox(value: try TestDatabase())
        // UNWIND, 198 WITH clauses and RETURN make 200 clauses.
        let text = "UNWIND range(1, 3) AS y " + Self.withChain(198)
        let outcome = await SmallStack.run { database.value.outcome(text) }
        #expect(try outcome.get() == [[1], [1], [1]])
    }

    @Test func longCreateScriptRuns() async throws {
        let database = SendableBox(value: try TestDatabase())
        var clauses = ["CREATE (n0:S {i: 0})"]
        for index in 1..<3_000 { clauses.append("CREATE (n\(index):S {i: \(index)})-[:PREV]->(n\(index - 1))") }
        let text = clauses.joined(separator: "\n") + "\nRETURN count(*) AS c"
        let outcome = await SmallStack.run { database.value.outcome(text) }
        #expect(try outcome.get() == [[1]])
    }

    @Test func updatesBetweenStepsCountEach() throws {
        let database = try TestDatabase()
        let alternating = Array(repeating: "CREATE (:T) WITH 1 AS x", count: 101).joined(separator: " ") + " RETURN x"
        let error = database.error(alternating)
        #expect(error?.status == .syntaxError)
        #expect(error?.message.contains("more than 200 clauses") == true, "\(String(describing: error))")
        let updates = "MATCH (n) SET n.a = 1 REMOVE n.b SET n.c = 2 DELETE n " + Self.withChain(150)
        #expect(database.error(updates) == nil)
    }

    /// A database with a chain of `count` nodes labelled `C`, linked by `NEXT` relationships.
    private static func chain(_ count: Int) throws -> TestDatabase {
        let database = try TestDatabase()
        try database.run(
            """
            UNWIND range(1, $n) AS i CREATE (c:C {i: i})
            WITH collect(c) AS nodes
            UNWIND range(0, size(nodes) - 2) AS k
            WITH nodes[k] AS a, nodes[k + 1] AS b
            CREATE (a)-[:NEXT]->(b)
            """,
            ["n": .integer(Int64(count))]
        )
        return database
    }

    @Test(arguments: [
        ("MATCH p = (a:C {i: 1})-[:NEXT*]->(b) RETURN max(length(p))", Value.integer(4_999)),
        ("MATCH (a:C {i: 1})-[:NEXT*]->(b:C {i: 5000}) RETURN count(b)", Value.integer(1)),
        ("MATCH (a:C {i: 1})-[r:NEXT*]->(b:C {i: 5000}) RETURN size(r)", Value.integer(4_999)),
        ("MATCH (b:C {i: 5000})<-[:NEXT*4999]-(a) RETURN a.i", Value.integer(1)),
    ])
    func longVariableLengthWalk(text: String, expected: Value) async throws {
        let database = SendableBox(value: try Self.chain(5_000))
        let outcome = await SmallStack.run { database.value.outcome(text) }
        #expect(try outcome.get() == [[expected]])
    }

    @Test func variableLengthWalkCountsHeldRelationships() throws {
        let database = try Self.chain(200)
        let outcome = database.outcome(
            "MATCH (a:C {i: 1})-[:NEXT*]->(b) RETURN count(b)",
            limits: ExecutionLimits(maximumRows: 100)
        )
        guard case .failure(let error) = outcome else {
            Issue.record("a 199-hop walk stayed under a limit of 100")
            return
        }
        #expect(error.status == .memoryLimitExceeded)
    }

    @Test func builtStringBytesBounded() throws {
        let database = try TestDatabase()
        let text = """
            WITH reduce(s = 'x', i IN range(1, 27) | s + s) AS s
            RETURN size([k IN range(1, 900000) | s + toString(k)])
            """
        guard let error = database.error(text) else {
            Issue.record("900,000 strings of 128 MiB were built")
            return
        }
        #expect(error.status == .memoryLimitExceeded)
        #expect(error.message.contains("bytes of strings"), "\(error.message)")
    }

    private static let nearMaximum: Int64 = 9_223_372_036_854_775_800

    @Test(
        arguments: [
            ("RETURN range(9223372036854775800, 9223372036854775807)", (0...7).map { nearMaximum + $0 }),
            ("RETURN range(9223372036854775800, 9223372036854775807, 5)", [nearMaximum, nearMaximum + 5]),
            ("RETURN range(-9223372036854775807, -9223372036854775808, -1)", [Int64.min + 1, Int64.min]),
            ("RETURN range(1, 10, 4)", [1, 5, 9]),
        ] as [(String, [Int64])]
    )
    func rangeNearInt64Limits(text: String, expected: [Int64]) throws {
        let database = try TestDatabase()
        #expect(try database.column(text) == [.list(expected.map { .integer($0) })])
    }
}
