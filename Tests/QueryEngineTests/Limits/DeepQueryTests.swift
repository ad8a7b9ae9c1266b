import Foundation
import GraphValue
import Host
import QueryEngine
import Testing

/// Long chains and deep nesting must end in a result or a clear error on a small stack, never
/// in a crash.
@Suite struct DeepQueryTests {
    private static let terms = 1_900

    private static func chain(_ term: String, _ separator: String) -> String {
        Array(repeating: term, count: terms).joined(separator: separator)
    }

    @Test(arguments: [
        ("RETURN " + chain("1", " + "), Value.integer(Int64(terms))),
        ("RETURN " + chain("'a'", " + "), Value.string(String(repeating: "a", count: terms))),
        ("RETURN " + chain("true", " AND "), Value.boolean(true)),
        ("RETURN " + chain("false", " OR "), Value.boolean(false)),
        ("RETURN " + chain("true", " XOR "), Value.boolean(false)),
        ("RETURN " + chain("1", " < "), Value.boolean(false)),
        ("RETURN " + chain("1", " * "), Value.integer(1)),
    ])
    func chainOnSmallStack(text: String, expected: Value) async throws {
        let database = SendableBox(value: try TestDatabase())
        let outcome = await SmallStack.run { database.value.outcome(text) }
        #expect(try outcome.get() == [[expected]])
    }

    @Test(arguments: [
        "RETURN [1]" + String(repeating: "[0]", count: terms),
        "RETURN {a: 1}" + String(repeating: ".a", count: terms),
    ])
    func lookupChainOnSmallStack(text: String) async throws {
        let database = SendableBox(value: try TestDatabase())
        let outcome = await SmallStack.run { database.value.outcome(text) }
        guard case .failure(let error) = outcome else {
            Issue.record("a lookup on an integer succeeded")
            return
        }
        #expect(error.status == .typeError)
    }

    @Test func generatedDisjunctionOnSmallStack() async throws {
        let database = try TestDatabase()
        try database.run("UNWIND range(1, 5) AS i CREATE (:N {x: i * 1000})")
        let disjunction = (0..<2_000).map { "n.x = \($0)" }.joined(separator: " OR ")
        let text = "MATCH (n:N) WHERE " + disjunction + " RETURN n.x ORDER BY n.x"
        let box = SendableBox(value: database)
        let outcome = await SmallStack.run { box.value.outcome(text) }
        #expect(try outcome.get() == [[1000]])
    }

    @Test func repeatedChainInOrderBy() async throws {
        let database = SendableBox(value: try TestDatabase())
        let sum = Array(repeating: "x", count: Self.terms).joined(separator: " + ")
        let text = "UNWIND [2, 1] AS x RETURN " + sum + " AS y ORDER BY " + sum
        let outcome = await SmallStack.run { database.value.outcome(text) }
        #expect(try outcome.get() == [[.integer(Int64(Self.terms))], [.integer(Int64(2 * Self.terms))]])
    }

    @Test func overlongChainRejected() async throws {
        let database = SendableBox(value: try TestDatabase())
        let text = "RETURN " + Array(repeating: "1", count: 2_500).joined(separator: " + ")
        let outcome = await SmallStack.run { database.value.outcome(text) }
        guard case .failure(let error) = outcome else {
            Issue.record("a 2,500-term chain ran")
            return
        }
        #expect(error.status == .syntaxError)
        #expect(error.message.contains("nested too deeply"), "\(error.message)")
    }

    /// A statement prepared on a large stack may run on a small one; evaluation then stops at
    /// the stack's limit with an error.
    @Test(arguments: [
        "RETURN " + String(repeating: "[", count: 190) + String(repeating: "]", count: 190),
        "RETURN " + String(repeating: "1 + (", count: 190) + "1" + String(repeating: ")", count: 190),
        "RETURN " + String(repeating: "abs(", count: 190) + "1" + String(repeating: ")", count: 190),
        "RETURN " + String(repeating: "NOT ", count: 190) + "true",
        "RETURN " + String(repeating: "[x IN ", count: 190) + "[1]" + String(repeating: "]", count: 190),
    ])
    func deepNestingPreparedElsewhere(text: String) async throws {
        let database = SendableBox(value: try TestDatabase())
        let prepared = await SmallStack.run(stackSize: 16 << 20) {
            Result { try database.value.engine.prepare(text) }
        }
        _ = try prepared.get()
        let outcome = await SmallStack.run { database.value.outcome(text) }
        guard case .failure(let error) = outcome else { return }
        #expect(error.status == .syntaxError)
        #expect(error.message.contains("nested too deeply"), "\(error.message)")
    }
}
