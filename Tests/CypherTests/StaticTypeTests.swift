import Cypher
import Host
import Testing

@Suite struct StaticTypeTests {
    private func semanticError(_ text: String) -> ServerError? {
        do {
            try SemanticAnalysis.check(try CypherParser.parse(text))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("RETURN NOT 0", "expected Boolean but was Integer"),
        ("RETURN NOT {a: 1}", "expected Boolean but was Map"),
        ("RETURN NOT ['a']", "expected Boolean but was List<String>"),
        ("RETURN [] AND true", "expected Boolean but was List<Null>"),
        ("RETURN {a: 1} OR false", "expected Boolean but was Map"),
        ("RETURN true XOR 'x'", "expected Boolean but was String"),
        ("RETURN null AND 123.4", "expected Boolean but was Float"),
        ("RETURN 1 IN 'foo'", "expected List<T> but was String"),
        ("RETURN 1 IN {x: []}", "expected List<T> but was Map"),
        ("RETURN none(x IN ['Clara'] WHERE x % 2 = 0)", "expected Number but was String"),
        ("RETURN any(x IN [false, true] WHERE x % 2 = 0)", "expected Number but was Boolean"),
        ("RETURN [x IN ['a'] | x * 2]", "expected Number but was String"),
        ("RETURN reduce(s = 0, x IN [true] | s + -x)", "expected Number but was Boolean"),
        ("RETURN all(x IN 5 WHERE true)", "expected List<T> but was Integer"),
        ("RETURN true + false", "cannot add Boolean and Boolean"),
        ("RETURN {a: 1} + 1", "cannot add Map and Integer"),
        ("MATCH () DELETE 1 + 1", "expected Node, Path or Relationship but was Integer"),
        ("MATCH (n) DELETE [1]", "but was List<Integer>"),
        ("MATCH p = (a) RETURN labels(p)", "expected Node but was Path"),
        ("MATCH (r) RETURN type(r)", "expected Relationship but was Node"),
        ("MATCH (n) RETURN length(n)", "expected Path but was Node"),
        ("MATCH ()-[r]->() RETURN length(r)", "expected Path but was Relationship"),
        ("MATCH p = (a)-[*]->(b) RETURN size(p)", "expected List<Any> or String but was Path"),
        ("MATCH (n) MATCH r = (n)-[*]->() WHERE r.name = 'apa' RETURN r", "but was Path"),
        ("MATCH (n) WHERE (n) RETURN n", "expected Boolean but was Node"),
        ("MATCH (n) WHERE 1 RETURN n", "expected Boolean but was Integer"),
        ("WITH 1 AS x RETURN NOT x", "expected Boolean but was Integer"),
        ("WITH [1, 2] AS xs RETURN any(x IN xs WHERE x STARTS WITH 'a' AND x)", "but was Integer"),
        ("RETURN CASE WHEN true THEN 1 ELSE 2 END AND true", "expected Boolean but was Integer"),
        ("RETURN -'a'", "expected Number but was String"),
    ])
    func rejects(text: String, fragment: String) throws {
        let error = try #require(semanticError(text), "\(text)")
        #expect(error.status == .syntaxError, "\(text)")
        #expect(error.message.contains(fragment), "\(text): \(error.message)")
    }

    @Test(arguments: [
        "RETURN NOT $p",
        "MATCH (n) RETURN n.flag AND true",
        "MATCH (n) WHERE n.flag RETURN n",
        "RETURN NOT null, null AND true, null OR null, true XOR null",
        "RETURN 1 IN $list, 1 IN null, 1 IN [1, 'a']",
        "RETURN 'a' + 1, 1 + 'a', 'a' + true, [1] + 'a', 'a' + [1], 1 + 2.5",
        "RETURN none(x IN [1, 2] WHERE x % 2 = 0)",
        "RETURN none(x IN [1, 'a'] WHERE x % 2 = 0)",
        "RETURN none(x IN [1, null] WHERE x % 2 = 0)",
        "RETURN reduce(s = 0, x IN [1.5, 2.5] | s + x)",
        "MATCH (n) DELETE n",
        "MATCH p = ()-->() DELETE p",
        "MATCH ()-[r*]->() DELETE r",
        "MATCH (n) WITH collect(n) AS ns DELETE ns",
        "MATCH (n) DELETE $x",
        "MATCH (n) RETURN labels(n), size(labels(n)), size('abc'), size([1])",
        "MATCH p = ()-[r]->() RETURN type(r), length(p), nodes(p), relationships(p)",
        "MATCH (n) WITH n.p AS p RETURN labels(p)",
        "MATCH (n) RETURN labels(null), size(null)",
        "MATCH (n) WHERE (n)-->() RETURN n",
        "MATCH (n) WHERE n:Label RETURN n",
        "WITH 1 AS x RETURN x.num",
        "RETURN date() - duration('P1D'), -$p",
        "RETURN CASE WHEN true THEN true ELSE null END AND true",
    ])
    func accepts(text: String) {
        #expect(semanticError(text) == nil, "\(text): \(String(describing: semanticError(text)))")
    }

    @Test func longChainDoesNotRecurse() {
        let chain = "RETURN " + Array(repeating: "1", count: 1_500).joined(separator: " + ")
        #expect(semanticError(chain) == nil)
        let rejected = "RETURN NOT (" + Array(repeating: "1", count: 1_500).joined(separator: " + ") + ")"
        #expect(semanticError(rejected)?.message.contains("expected Boolean but was Integer") == true)
    }
}
