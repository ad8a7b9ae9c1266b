import Cypher
import Foundation
import Host
import Testing

@Suite struct StackDepthTests {
    private static func nested(_ depth: Int) -> [String] {
        [
            "RETURN " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            "RETURN " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            "RETURN " + String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth),
            "RETURN " + String(repeating: "- ", count: depth) + "x",
            "RETURN " + String(repeating: "[x IN ", count: depth / 2) + "[1]"
                + String(repeating: "]", count: depth / 2),
            "MATCH (a) WHERE " + String(repeating: "EXISTS { MATCH (a) WHERE ", count: depth / 2) + "true"
                + String(repeating: " }", count: depth / 2) + " RETURN a",
            "MATCH " + String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth) + " RETURN a",
        ]
    }

    /// Parses each text on a thread with the given stack size and returns each outcome.
    private static func parse(_ texts: [String], stackSize: Int) async -> [Result<Statement, ServerError>] {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let outcomes = texts.map { text in Result { () throws(ServerError) in try CypherParser.parse(text) } }
                continuation.resume(returning: outcomes)
            }
            thread.stackSize = stackSize
            thread.start()
        }
    }

    @Test func smallStackFailsCleanly() async {
        for outcome in await Self.parse(Self.nested(10_000), stackSize: 256 * 1024) {
            guard case .failure(let error) = outcome else {
                Issue.record("deep nesting parsed")
                continue
            }
            #expect(error.status == .syntaxError)
            #expect(error.message.contains("nested too deeply"), "\(error.message)")
        }
    }

    @Test func ordinaryStackParsesDeepNesting() async {
        for outcome in await Self.parse(Self.nested(150), stackSize: 8 * 1024 * 1024) {
            if case .failure(let error) = outcome { Issue.record("\(error)") }
        }
    }

    @Test func longOperatorChains() throws {
        let accepted = "RETURN " + Array(repeating: "1", count: 1_000).joined(separator: " + ")
        #expect(parseError(accepted) == nil)
        let ors = "MATCH (n) WHERE " + (0..<1_000).map { "n.id = \($0)" }.joined(separator: " OR ") + " RETURN n"
        #expect(parseError(ors) == nil)
        let rejected = "RETURN " + Array(repeating: "1", count: 5_000).joined(separator: " + ")
        #expect(try #require(parseError(rejected)).message.contains("nested too deeply"))
        let lookups = "RETURN n" + String(repeating: ".a", count: 5_000)
        #expect(try #require(parseError(lookups)).message.contains("nested too deeply"))
    }

    @Test func logicalChainsStayShallow() throws {
        let ors = "MATCH (n) WHERE " + (0..<5_000).map { "n.id = \($0)" }.joined(separator: " OR ") + " RETURN n"
        #expect(parseError(ors) == nil)
        let ands = "RETURN " + Array(repeating: "true", count: 5_000).joined(separator: " AND ")
        #expect(parseError(ands) == nil)
        let comparisons = "RETURN " + Array(repeating: "1", count: 5_000).joined(separator: " < ")
        #expect(parseError(comparisons) == nil)
    }

    @Test func logicalChainShape() throws {
        let (a, b, c, d): (Cypher.Expression, Cypher.Expression, Cypher.Expression, Cypher.Expression) = (
            .variable("a"), .variable("b"), .variable("c"), .variable("d")
        )
        #expect(try parseExpression("a OR b OR c") == .binary(.or, .binary(.or, a, b), c))
        #expect(try parseExpression("a XOR b XOR c XOR d") == .binary(.xor, .binary(.xor, a, b), .binary(.xor, c, d)))
        let comparisons = try parseExpression("a < b < c < d")
        let expected: Cypher.Expression = .binary(
            .and,
            .binary(.and, .binary(.less, a, b), .binary(.less, b, c)),
            .binary(.less, c, d)
        )
        #expect(comparisons == expected)
    }
}
