import Cypher
import Foundation
import Host
import Testing

/// Inputs the libFuzzer target `cypher` (Fuzz/Fuzzers) found, each with what it broke.
@Suite struct FuzzRegressionTests {
    /// Parses `text` and returns the seconds it took; a syntax error is the expected outcome.
    private static func parseSeconds(_ text: String) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = try? CypherParser.parse(text)
        }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The fuzzer's input in base64, because it contains U+0591, a combining mark.
    private static let slowComprehensionInput = [
        "UkVUVVJOIFtBaDZ4IElOW3ggSU4gQUNIIChuIElOIG5vZGVzKHBB1pFDU0VBUk4gW2g2eCBJTlt4IElOIEFDSCAobiBJTiBub2Rl",
        "cyBJTlt4IElOIEFDSCAoaDZ4IElOW3hXSVRIQUNuIElOIG5vZGVzaDZ4IElOW3ggSU4gQUNIIChuIElOIG5vZGVzKHBB1pFDU0VB",
        "Uk4gW2g3eCBJTlt4IElOIEFDSCAobiBJTiBub2RlcyBJTlt4IElOIEFDSCAoaDZ4IElOW3ggSU4gQUNuIElOIG4gKG4gSU4gbm9k",
        "ZXMgSU5beCBJTiBBQ0ggKGg2eCBJTlt4V0lUSEFDbiBJTiBub2Rlc2g2eCBJTlt4IElOIEFDSCAobiBJTiBub2RlcyhwQdaRQ1NF",
        "QVJOIFtoN3ggSU5beCBJTiBBQ0ggKG4gSU4gbm9kZXMgSU5beCBJTiBBQ0ggKGg2eCBJTlt4IElOIEFDb2RlcyhwQdaRQ1NFQTZ4",
        "IElOW3ggSU5beCBJTiBBPD5DLkggKGg2eCBJTlt4IElOIEFDQdaRQ29kZXMocEHWkUNTRUFB1pFIZXMocEHWkUNTRUE2eCBJTlt4",
        "IElOW3ggSU4gQTw+Qy5IIChoNnggSU5beCBJTiBBQ0HWkUNvZGVzKHBB1pFDU0VBQdaRSGVz1pFIZXMoRQ==",
    ].joined()

    /// Unclosed list comprehensions inside function calls and parentheses: each `[x IN` tried a
    /// comprehension, failed and parsed its content again as a list, so the time doubled with
    /// every level. The fuzzer's input took more than 10 seconds.
    @Test func nestedFailedComprehensionsParseFast() throws {
        let input = try #require(Data(base64Encoded: Self.slowComprehensionInput))
        let text = String(decoding: input, as: UTF8.self)
        #expect(throws: ServerError.self) { try CypherParser.parse(text) }
        #expect(Self.parseSeconds(text) < 1)
    }

    /// The same shape built by hand, 60 levels deep, which takes 2^60 parses when every failed
    /// speculation is retried.
    @Test(arguments: ["[x IN f(", "[x IN (", "[(a)-->(b) | f(", "((a)-->(b) AND "])
    func deeplyNestedFailedSpeculationsParseFast(level: String) {
        let text = "RETURN " + String(repeating: level, count: 60) + "x"
        #expect(throws: ServerError.self) { try CypherParser.parse(text) }
        #expect(Self.parseSeconds(text) < 1, "\(level)")
    }

    /// A failed comprehension at one token leaves the list literal it falls back to, and the
    /// comprehensions elsewhere, as they were.
    @Test func failedComprehensionFallsBackToList() throws {
        let fallback = try parseExpression("[[x IN [1], 2], [x IN [1], 2]]")
        guard case .list(let outer) = fallback, outer.count == 2 else {
            Issue.record("not a list of two: \(fallback)")
            return
        }
        for element in outer {
            guard case .list(let inner) = element else {
                Issue.record("not a list: \(element)")
                continue
            }
            #expect(inner.count == 2)
        }
        let comprehension = try parseExpression("[[x IN [1], 2], [x IN [1] | x]]")
        guard case .list(let items) = comprehension, items.count == 2, case .listComprehension = items[1] else {
            Issue.record("the second item is not a comprehension: \(comprehension)")
            return
        }
        #expect(parseError("MATCH (a) WHERE (a)-->() AND [x IN [(a)] WHERE x IS NOT NULL] <> [] RETURN a") == nil)
    }
}
