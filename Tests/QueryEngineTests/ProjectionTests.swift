import GraphValue
import Host
import QueryEngine
import Testing

@Suite struct ProjectionTests {
    @Test func returnLiteralsAndColumnNames() throws {
        let db = try TestDatabase()
        let result = try db.run("RETURN 1 + 2 AS three, 'a' + 'b', [1, 2][0], {k: 1}.k")
        #expect(result.columns == ["three", "'a' + 'b'", "[1, 2][0]", "{k: 1}.k"])
        #expect(result.rows == [[3, "ab", 1, 1]])
    }

    @Test func distinctOrderSkipLimit() throws {
        let db = try TestDatabase()
        let values = try db.column("UNWIND [3, 1, 2, 3, 1] AS x RETURN DISTINCT x ORDER BY x DESC SKIP 1 LIMIT 1")
        #expect(values == [2])
        #expect(try db.column("UNWIND [1, 2, 3] AS x RETURN x LIMIT $n", ["n": 2]) == [1, 2])
    }

    @Test func orderByAcrossTypes() throws {
        let db = try TestDatabase()
        let values = try db.column("UNWIND [1, 'a', null, true, [1], {k: 1}, 2.5] AS x RETURN x ORDER BY x")
        #expect(values == [["k": 1], [1], "a", true, 1, 2.5, .null])
        let descending = try db.column("UNWIND [1, null, 'a'] AS x RETURN x ORDER BY x DESC")
        #expect(descending == [.null, 1, "a"])
    }

    @Test func orderByVariableNotProjected() throws {
        let db = try TestDatabase()
        try db.run("UNWIND [['b', 2], ['a', 1], ['c', 3]] AS p CREATE (:X {name: p[0], rank: p[1]})")
        #expect(try db.column("MATCH (n:X) RETURN n.name ORDER BY n.rank DESC") == ["c", "b", "a"])
        #expect(try db.column("MATCH (n:X) RETURN n.name AS name ORDER BY name") == ["a", "b", "c"])
    }

    @Test func implicitGroupingKeys() throws {
        let db = try TestDatabase()
        try db.run("UNWIND [['x', 1], ['x', 2], ['y', 5], ['y', null]] AS p CREATE (:G {k: p[0], v: p[1]})")
        let rows = try db.run(
            "MATCH (g:G) RETURN g.k AS k, count(*) AS rows, count(g.v) AS values, sum(g.v) AS total, "
                + "avg(g.v) AS mean, min(g.v) AS low, max(g.v) AS high, collect(g.v) AS all ORDER BY k"
        ).rows
        #expect(rows == [["x", 2, 2, 3, 1.5, 1, 2, [1, 2]], ["y", 2, 1, 5, 5.0, 5, 5, [5]]])
    }

    @Test func aggregateWithoutRowsGivesOneRow() throws {
        let db = try TestDatabase()
        let result = try db.run("MATCH (n:Nothing) RETURN count(n) AS c, sum(n.x) AS s, collect(n) AS l, avg(n.x) AS a")
        #expect(result.rows == [[0, 0, [], .null]])
        #expect(try db.column("MATCH (n:Nothing) RETURN n.k, count(*)").isEmpty)
    }

    @Test func countDistinctAndExpressionsOverAggregates() throws {
        let db = try TestDatabase()
        let rows = try db.run(
            "UNWIND [1, 1, 2, null] AS x RETURN count(DISTINCT x) AS d, count(*) * 10 AS c, collect(DISTINCT x) AS l"
        ).rows
        #expect(rows == [[2, 40, [1, 2]]])
    }

    @Test func withWhereAndStar() throws {
        let db = try TestDatabase()
        let result = try db.run("UNWIND [1, 2, 3, 4] AS x WITH x, x * x AS sq WHERE sq > 4 RETURN * ORDER BY x")
        #expect(result.columns == ["sq", "x"])
        #expect(result.rows == [[9, 3], [16, 4]])
    }

    @Test func withAggregationThenFilter() throws {
        let db = try TestDatabase()
        let rows = try db.column(
            "UNWIND ['a', 'a', 'b'] AS k WITH k, count(*) AS c WHERE c > 1 RETURN k"
        )
        #expect(rows == ["a"])
    }

    @Test func unwindNullAndScalar() throws {
        let db = try TestDatabase()
        #expect(try db.column("UNWIND null AS x RETURN x").isEmpty)
        #expect(try db.column("UNWIND 5 AS x RETURN x") == [5])
        #expect(try db.column("UNWIND [[1, 2], [3]] AS l UNWIND l AS x RETURN x") == [1, 2, 3])
    }

    @Test func unionAndUnionAll() throws {
        let db = try TestDatabase()
        #expect(try db.column("RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x") == [1, 2])
        #expect(try db.column("RETURN 1 AS x UNION ALL RETURN 1 AS x") == [1, 1])
        #expect(db.error("RETURN 1 AS x UNION RETURN 2 AS y")?.status == .syntaxError)
    }

    @Test func expressionForms() throws {
        let db = try TestDatabase()
        let cases: [(String, Value)] = [
            ("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END", "two"),
            ("CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END", "b"),
            ("[x IN range(1, 5) WHERE x % 2 = 1 | x * 10]", [10, 30, 50]),
            ("all(x IN [1, 2] WHERE x > 0)", true),
            ("any(x IN [1, 2] WHERE x > 1)", true),
            ("none(x IN [1, 2] WHERE x > 1)", false),
            ("single(x IN [1, 2] WHERE x > 1)", true),
            ("reduce(s = 0, x IN [1, 2, 3] | s + x)", 6),
            ("[1, 2, 3, 4][1..3]", [2, 3]),
            ("[1, 2, 3][-1]", 3),
            ("1 = 1.0", true),
            ("null = null", .null),
            ("[1, null] = [1, 2]", .null),
            ("2 ^ 10", 1024.0),
            ("-(3)", -3),
            ("7 % 3", 1),
            ("10 / 4", 2),
            ("10 / 4.0", 2.5),
            ("toString(1.5) + '!'", "1.5!"),
            ("{a: 1, b: [1, 2]}.b", [1, 2]),
        ]
        for (expression, expected) in cases {
            #expect(try db.column("RETURN \(expression) AS v") == [expected], "RETURN \(expression)")
        }
    }

    @Test func mapProjection() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:P {name: 'Al', age: 3})")
        let rows = try db.column("MATCH (p:P) RETURN p {.name, extra: 1} AS m")
        #expect(rows == [["name": "Al", "extra": 1]])
        #expect(try db.column("MATCH (p:P) RETURN p {.*} AS m") == [["name": "Al", "age": 3]])
    }
}
