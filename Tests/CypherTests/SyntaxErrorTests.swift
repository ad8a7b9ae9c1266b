import Cypher
import Host
import Testing

@Suite struct SyntaxErrorTests {
    @Test(arguments: [
        ("RETRN 1", "Invalid input 'RETRN'", "(line 1, column 1 (offset: 0))"),
        ("MATCH (n) RETURN n.", "Invalid input ''", "(line 1, column 20 (offset: 19))"),
        ("MATCH (n)\nWHERE n.x = \nRETURN n", "Invalid input 'RETURN'", "(line 3, column 1 (offset: 23))"),
        ("RETURN 1 +", "expected an expression", "(line 1, column 11 (offset: 10))"),
        ("RETURN 'é' + )", "Invalid input ')'", "(line 1, column 14 (offset: 13))"),
        ("MATCH (n RETURN n", "Invalid input 'RETURN'", "(line 1, column 10 (offset: 9))"),
    ])
    func positions(text: String, found: String, position: String) throws {
        let error = try #require(parseError(text))
        #expect(error.status == .syntaxError)
        #expect(error.message.contains(found), "\(error.message)")
        #expect(error.message.hasSuffix(position), "\(error.message)")
    }

    @Test func stringContentNotEchoed() throws {
        let error = try #require(parseError("RETURN 1 'hidden text'"))
        #expect(!error.message.contains("hidden"))
        #expect(error.message.contains("string literal"))
    }

    @Test(arguments: [
        "", "   ", ";", "RETURN", "MATCH", "MATCH ()", "RETURN 1 AS", "WITH 1 AS x", "RETURN [1, 2", "RETURN {a: }",
        "RETURN (1", "RETURN 1)", "UNWIND [1] x RETURN x", "MATCH (n) SET n.x", "MATCH (n) SET n", "CREATE",
        "RETURN 1 UNION", "RETURN count(DISTINCT)", "RETURN a.`b", "RETURN $", "RETURN 1 ORDER x",
        "MATCH (n) RETURN n SKIP", "CALL", "CALL {", "CALL { RETURN 1 }}", "RETURN [x IN]", "RETURN reduce(a = 0)",
        "MERGE (n) ON SET n.x = 1", "RETURN 1 # 2",
    ])
    func malformed(text: String) {
        #expect(parseError(text)?.status == .syntaxError, "\(text)")
    }

    @Test func everyPrefixFailsCleanly() {
        let queries = [
            "MATCH (a:Person {name: 'Ann'})-[r:KNOWS*1..3]->(b) WHERE b.age > 30 AND NOT b:Robot "
                + "RETURN b.name AS name ORDER BY name DESC SKIP 1 LIMIT 10",
            "UNWIND [1, 2, 3] AS x WITH x WHERE x % 2 = 1 RETURN collect(DISTINCT x) AS odd, count(*) AS c",
            "MERGE (n:N {id: $id}) ON CREATE SET n.created = timestamp() ON MATCH SET n += {seen: true} RETURN n",
            "MATCH p = (a)-->(b) RETURN [x IN nodes(p) WHERE x.v IS NOT NULL | x.v], CASE WHEN a.x THEN 1 ELSE 2 END",
            "CALL db.labels() YIELD label AS l WHERE l STARTS WITH 'A' RETURN l UNION ALL RETURN 'x' AS l",
            "MATCH (n) CALL { WITH n MATCH (n)-[:R]->(m) RETURN count(m) AS c } "
                + "FOREACH (i IN [1] | SET n.c = c) RETURN n {.name, c: c}",
            "RETURN reduce(s = 0, x IN [1, 2.5e3, 0x1F, -0o7] | s + x) AS r, all(x IN [1] WHERE x > 0), "
                + "EXISTS { (a)-->() }",
            "CREATE INDEX idx IF NOT EXISTS FOR (n:Person) ON (n.name, n.age)",
            "CREATE USER alice IF NOT EXISTS SET PASSWORD 'secret' CHANGE NOT REQUIRED SET STATUS ACTIVE",
            "ALTER CURRENT USER SET PASSWORD FROM 'old' TO 'new'",
            "GRANT ROLES editor, viewer TO alice, bob",
            "MATCH (n) WHERE n.s =~ '.*\\\\d' OR n.l[1..2] = [] XOR $p IN n.list RETURN n /* c */ // d",
        ]
        for query in queries {
            for end in query.indices {
                let prefix = String(query[..<end])
                if let error = parseError(prefix) {
                    #expect(
                        error.status == .syntaxError || error.status == .unsupportedAdministrationCommand,
                        "\(prefix): \(error)"
                    )
                }
            }
            #expect(parseError(query) == nil, "\(query): \(String(describing: parseError(query)))")
        }
    }

    @Test func randomGarbage() {
        var generator = SeededGenerator(seed: 0x5EED)
        let alphabet = Array("()[]{}<>-=:.,|'\"`$*+/%^!;abcMATCHRETURN 0123456789\n\\é")
        for _ in 0..<3_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            var text = ""
            for _ in 0..<length { text.append(alphabet.randomElement(using: &generator)!) }
            if let error = parseError(text) {
                #expect(error.status == .syntaxError || error.status == .unsupportedAdministrationCommand, "\(text)")
            }
        }
        for _ in 0..<1_000 {
            let bytes = (0..<Int.random(in: 0..<60, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let error = parseError(text) {
                #expect(error.status == .syntaxError || error.status == .unsupportedAdministrationCommand)
            }
        }
    }

    @Test(arguments: [
        String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
        String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
        String(repeating: "NOT ", count: 10_000) + "true",
        String(repeating: "-", count: 10_000) + "x",
        String(repeating: "CASE WHEN ", count: 5_000) + "1",
        String(repeating: "EXISTS { RETURN ", count: 5_000),
        String(repeating: "(", count: 10_000),
    ])
    func deepNestingHitsLimit(expression: String) throws {
        let error = try #require(parseError("RETURN " + expression), "\(expression.prefix(40))")
        #expect(error.status == .syntaxError, "\(expression.prefix(40))")
        #expect(error.message.contains("nested too deeply"), "\(expression.prefix(40)): \(error.message.prefix(200))")
    }

    @Test func deepPatternNestingHitsLimit() throws {
        let text =
            "MATCH " + String(repeating: "(", count: 10_000) + "n" + String(repeating: ")", count: 10_000) + " RETURN n"
        let error = try #require(parseError(text))
        #expect(error.message.contains("nested too deeply"))
        let subqueries = "RETURN " + String(repeating: "COUNT { MATCH (n) WHERE ", count: 3_000)
        #expect(try #require(parseError(subqueries)).message.contains("nested too deeply"))
    }

    @Test func moderateNestingParses() throws {
        let text = "RETURN " + String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        #expect(try parseExpression(String(text.dropFirst("RETURN ".count))) == integer(1))
    }
}

/// A deterministic random number generator (SplitMix64), so that failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
