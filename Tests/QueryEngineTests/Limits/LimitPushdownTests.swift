import GraphValue
import Host
import QueryEngine
import Testing

/// LIMIT stops the reading clauses before it once it has its rows, and never cuts an update short.
@Suite struct LimitPushdownTests {
    private static func carts(_ count: Int) throws -> TestDatabase {
        let database = try TestDatabase()
        try database.run("UNWIND range(1, $n) AS i CREATE (:Cart {i: i})", ["n": .integer(Int64(count))])
        return database
    }

    /// Runs `text` and returns its rows and how many rows its streaming steps produced.
    private static func run(_ database: TestDatabase, _ text: String) throws -> (rows: [[Value]], produced: Int) {
        let transaction = try database.engine.beginTransaction(database: database.database)
        defer { transaction.rollback() }
        let result = try transaction.execute(database.engine.prepare(text), parameters: [:])
        let produced = try #require(transaction as? CypherTransaction).lastStatementRowsProduced
        return (result.rows, produced)
    }

    @Test func limitStopsCartesianProduct() throws {
        let database = try Self.carts(200)
        let (rows, produced) = try Self.run(database, "MATCH (a:Cart), (b:Cart), (c:Cart) RETURN a.i LIMIT 3")
        #expect(rows.count == 3)
        #expect(produced < 20, "\(produced) rows produced for LIMIT 3 over 8 million")
    }

    @Test func skipAndLimitStopEarly() throws {
        let database = try Self.carts(200)
        let text = "MATCH (a:Cart), (b:Cart) WITH a, b SKIP 5 LIMIT 2 RETURN a.i + b.i AS s"
        let (rows, produced) = try Self.run(database, text)
        #expect(rows.count == 2)
        #expect(produced < 40, "\(produced) rows produced for SKIP 5 LIMIT 2")
    }

    @Test func distinctLimitStopsEarly() throws {
        let database = try Self.carts(200)
        let (rows, produced) = try Self.run(database, "MATCH (a:Cart), (b:Cart) RETURN DISTINCT a.i LIMIT 2")
        #expect(rows.count == 2)
        #expect(produced < 1_000, "\(produced) rows produced for DISTINCT ... LIMIT 2")
    }

    @Test func existsStopsAtFirstMatch() throws {
        let database = try Self.carts(200)
        let (rows, produced) = try Self.run(database, "RETURN EXISTS { MATCH (a:Cart), (b:Cart) } AS e")
        #expect(rows == [[true]])
        #expect(produced < 10)
    }

    @Test(arguments: [
        ("UNWIND range(1, 10) AS x RETURN x SKIP 2 LIMIT 3", [3, 4, 5]),
        ("UNWIND range(1, 10) AS x WITH x LIMIT 5 WHERE x > 3 RETURN x", [4, 5]),
        ("UNWIND [1, 1, 2, 2, 3] AS x RETURN DISTINCT x LIMIT 2", [1, 2]),
        ("UNWIND range(1, 10) AS x RETURN x ORDER BY x DESC LIMIT 2", [10, 9]),
        ("UNWIND range(1, 10) AS x RETURN x LIMIT 0", []),
        ("UNWIND range(1, 3) AS x CALL { WITH x UNWIND range(1, x) AS y RETURN y } RETURN y LIMIT 4", [1, 1, 2, 1]),
    ])
    func limitResults(text: String, expected: [Int64]) throws {
        let database = try TestDatabase()
        #expect(try database.column(text) == expected.map(Value.integer))
    }

    @Test func updateBeforeLimitRunsFully() throws {
        let database = try Self.carts(20)
        let rows = try database.column("MATCH (a:Cart) CREATE (:Copy {i: a.i}) RETURN a.i LIMIT 1")
        #expect(rows.count == 1)
        #expect(try database.column("MATCH (c:Copy) RETURN count(c)") == [20])
        let set = try database.column("MATCH (a:Cart) SET a.seen = true RETURN a.i LIMIT 2")
        #expect(set.count == 2)
        #expect(try database.column("MATCH (a:Cart) WHERE a.seen RETURN count(a)") == [20])
    }

    @Test func writingSubqueryBeforeLimitRunsFully() throws {
        let database = try Self.carts(10)
        let text = "MATCH (a:Cart) CALL { WITH a CREATE (:Made) } RETURN a.i LIMIT 1"
        #expect(try database.column(text).count == 1)
        #expect(try database.column("MATCH (m:Made) RETURN count(m)") == [10])
    }

    @Test func readsAfterWriteSeeAllWrites() throws {
        let database = try TestDatabase()
        let text = "UNWIND range(1, 5) AS i CREATE (:P {i: i}) WITH i MATCH (p:P) RETURN i, count(p) AS c"
        let rows = try database.records(text)
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0["c"] == .integer(5) })
    }
}
