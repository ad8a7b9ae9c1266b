import GraphValue
import Host
import Testing

@testable import QueryEngine

/// Cypher behaviours checked against the Neo4j 5 Cypher Manual, beyond the openCypher TCK scenarios.
@Suite struct SemanticsProbeTests {
    @Test func pathEqualsAlternatingList() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A)-[:R]->(:B)")
        let row = try #require(
            try db.run(
                """
                MATCH p = (a:A)-[r]->(b)
                RETURN p = [a, r, b] AS same, [a, r, b] = p AS flipped, p = [a, b] AS short,
                       p = [b, r, a] AS reversed, p <> [a, r, b] AS different
                """
            ).rows.first
        )
        #expect(row == [true, true, false, false, false])
    }

    @Test func sumAndAverageOfDurations() throws {
        let db = try TestDatabase()
        let row = try #require(
            try db.run(
                """
                UNWIND [duration('P1D'), duration('PT12H'), null, duration('P2D')] AS d
                RETURN toString(sum(d)) AS total, toString(avg(d)) AS mean
                """
            ).rows.first
        )
        #expect(row == ["P3DT12H", "P1DT4H"])
    }

    @Test func sumOfDurationsAndNumbersFails() throws {
        let db = try TestDatabase()
        let error = try #require(db.error("UNWIND [duration('P1D'), 1] AS d RETURN sum(d)"))
        #expect(error.status == .typeError)
        let reversed = try #require(db.error("UNWIND [1, duration('P1D')] AS d RETURN avg(d)"))
        #expect(reversed.status == .typeError)
    }

    @Test func sumOfNoDurationsIsZero() throws {
        let db = try TestDatabase()
        #expect(try db.column("UNWIND [] AS d RETURN sum(d)") == [0])
        #expect(try db.column("UNWIND [] AS d RETURN avg(d)") == [.null])
    }
}

/// Label expressions of Neo4j 5: `|`, `&`, `!`, `%` and parentheses.
@Suite struct LabelExpressionTests {
    static func graph() throws -> TestDatabase {
        let db = try TestDatabase()
        try db.run(
            """
            CREATE (a:A:X {name: 'a'})-[:R]->(b:B {name: 'b'})-[:S]->(c:A:B {name: 'c'}),
                   (c)-[:T]->(a), (:Plain {name: 'p'})
            """
        )
        return db
    }

    static let nodeCases: [(String, [Value])] = [
        ("MATCH (n:A|B) RETURN n.name ORDER BY n.name", ["a", "b", "c"]),
        ("MATCH (n:A&B) RETURN n.name", ["c"]),
        ("MATCH (n:!A) RETURN n.name ORDER BY n.name", ["b", "p"]),
        ("MATCH (n:%) RETURN count(n)", [4]),
        ("MATCH (n:!%) RETURN count(n)", [0]),
        ("MATCH (n:(A|B)&!X) RETURN n.name ORDER BY n.name", ["b", "c"]),
        ("MATCH (n:A&X|Plain) RETURN n.name ORDER BY n.name", ["a", "p"]),
        ("MATCH (n) WHERE n:A|B RETURN n.name ORDER BY n.name", ["a", "b", "c"]),
        ("MATCH (n) WHERE n:!B AND n.name <> 'p' RETURN n.name", ["a"]),
        ("MATCH (n) WHERE n:(X|Plain) RETURN n.name ORDER BY n.name", ["a", "p"]),
        ("MATCH (n) RETURN n.name, n:% AS labelled ORDER BY n.name", ["a", "b", "c", "p"]),
    ]

    @Test(arguments: nodeCases)
    func nodeLabelExpression(query: String, expected: [Value]) throws {
        let db = try Self.graph()
        #expect(try db.column(query) == expected, "\(query)")
    }

    static let relationshipCases: [(String, [Value])] = [
        ("MATCH ()-[r:!R]->() RETURN type(r) ORDER BY type(r)", ["S", "T"]),
        ("MATCH ()-[r:R|S]->() RETURN type(r) ORDER BY type(r)", ["R", "S"]),
        ("MATCH ()-[r:R|:T]->() RETURN type(r) ORDER BY type(r)", ["R", "T"]),
        ("MATCH ()-[r:%]->() RETURN count(r)", [3]),
        ("MATCH ()-[r:R&S]->() RETURN count(r)", [0]),
        ("MATCH ({name: 'a'})-[:!T*]->(x) RETURN x.name ORDER BY x.name", ["b", "c"]),
        ("MATCH ()-[r]->() WHERE r:!(R|S) RETURN type(r)", ["T"]),
    ]

    @Test(arguments: relationshipCases)
    func relationshipTypeExpression(query: String, expected: [Value]) throws {
        let db = try Self.graph()
        #expect(try db.column(query) == expected, "\(query)")
    }

    @Test func pipeStillEndsComprehensionFilter() throws {
        let db = try Self.graph()
        let names = try db.column("MATCH (n) WITH collect(n) AS ns RETURN [x IN ns WHERE x:A | x.name] AS names")
        #expect(names == [["a", "c"]])
        let labelled = try db.column(
            "MATCH (n) WITH collect(n) AS ns RETURN [x IN ns WHERE x:A|B | x.name] AS names"
        )
        #expect(labelled == [["a", "b", "c"]])
    }

    @Test func createRejectsLabelExpression() throws {
        let db = try TestDatabase()
        let create = try #require(db.error("CREATE (n:A|B)"))
        #expect(create.status == .syntaxError)
        let merge = try #require(db.error("MERGE (n:!A)"))
        #expect(merge.status == .syntaxError)
        let relationship = try #require(db.error("CREATE ()-[:!R]->()"))
        #expect(relationship.status == .syntaxError)
    }
}

@Suite struct TrimSyntaxTests {
    static let cases: [(String, Value)] = [
        ("trim(LEADING 'x' FROM 'xxaxx')", "axx"),
        ("trim(TRAILING 'x' FROM 'xxaxx')", "xxa"),
        ("trim(BOTH 'x' FROM 'xxaxx')", "a"),
        ("trim('x' FROM 'xxaxx')", "a"),
        ("trim(BOTH FROM '  a  ')", "a"),
        ("trim(LEADING FROM '  a  ')", "a  "),
        ("trim(TRAILING FROM '  a  ')", "  a"),
        ("trim(FROM '  a  ')", "a"),
        ("trim(LEADING $chars FROM 'xyaxy')", "axy"),
        ("trim(LEADING null FROM 'xa')", .null),
        ("trim('  a  ')", "a"),
        ("ltrim('xxa', 'x')", "a"),
        ("rtrim('axx', 'x')", "a"),
    ]

    @Test(arguments: cases)
    func trimForm(expression: String, expected: Value) throws {
        let db = try TestDatabase()
        #expect(try db.column("RETURN \(expression)", ["chars": "xy"]) == [expected], "\(expression)")
    }

    @Test func trimVariableNamedLeading() throws {
        let db = try TestDatabase()
        #expect(try db.column("WITH ' a ' AS leading RETURN trim(leading)") == ["a"])
    }
}
