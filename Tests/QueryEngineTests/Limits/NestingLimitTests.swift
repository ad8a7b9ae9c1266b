import Foundation
import GraphValue
import Host
import Testing

@testable import QueryEngine

/// Values nested deeper than the engine's bound fail with `MemoryPoolOutOfMemoryError` on a
/// small stack, instead of overflowing it while they are compared or freed.
@Suite struct NestingLimitTests {
    @Test(arguments: [
        "RETURN size(reduce(l = [], i IN range(1, 50000) | [l]))",
        "RETURN size(keys(reduce(m = {}, i IN range(1, 100000) | {a: m})))",
        "RETURN size(reduce(l = [], i IN range(1, 50000) | [x IN [1] | l]))",
        "RETURN size(reduce(l = [], i IN range(1, 50000) | [] + {a: l}))",
        "UNWIND [1, 2] AS k WITH DISTINCT reduce(l = [], i IN range(1, 10000) | [l]) AS a RETURN count(a)",
    ])
    func deepValueRejected(text: String) async throws {
        let database = SendableBox(value: try TestDatabase())
        let outcome = await SmallStack.run { database.value.outcome(text) }
        guard case .failure(let error) = outcome else {
            Issue.record("a value nested thousands of levels deep was built")
            return
        }
        #expect(error.status == .memoryLimitExceeded)
        #expect(error.message.contains("nested more than 256 levels"), "\(error.message)")
    }

    @Test func collectOfDeepValueRejected() async throws {
        let database = SendableBox(value: try TestDatabase())
        let text = "WITH reduce(l = [], i IN range(1, 256) | [l]) AS deep RETURN size(collect(deep))"
        let outcome = await SmallStack.run { database.value.outcome(text) }
        guard case .failure(let error) = outcome else {
            Issue.record("collect wrapped a value of the maximum depth")
            return
        }
        #expect(error.status == .memoryLimitExceeded)
    }

    @Test func valueAtMaximumDepthAllowed() async throws {
        let database = SendableBox(value: try TestDatabase())
        let text = """
            WITH reduce(l = [], i IN range(1, 255) | [l]) AS a, reduce(l = [], i IN range(1, 255) | [l]) AS b
            RETURN a = b, size(a)
            """
        let outcome = await SmallStack.run { database.value.outcome(text) }
        #expect(try outcome.get() == [[true, 1]])
    }

    @Test func wideListAllowed() throws {
        let database = try TestDatabase()
        #expect(try database.column("RETURN size([x IN range(1, 100000) | [x, {a: [x]}]])") == [100_000])
    }

    @Test(arguments: [0, 1, 3, 256, 257])
    func depth(levels: Int) {
        var value: Value = 1
        for _ in 0..<levels { value = .list([value]) }
        #expect(Nesting.depth(of: value) == min(levels, Nesting.maximumDepth + 1))
    }
}
