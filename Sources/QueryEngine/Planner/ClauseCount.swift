import Cypher
import Host

/// The bound on how many clauses one statement may have.
///
/// A plan runs each clause as one consumer that calls, and when freed releases, the next one,
/// so the stack grows with the number of clauses. Counting happens after parsing, before
/// planning, and includes the clauses of `CALL { ... }`, `FOREACH`, `UNION` parts and subquery
/// expressions such as `EXISTS { ... }`, because their consumers run inside the outer ones.
enum ClauseCount {
    /// The maximum number of clauses in one statement.
    ///
    /// A row passing through a chain of streaming clauses uses about 1.5 KiB of stack per clause
    /// in a debug build (measured with Swift 6.3 on x86-64 Linux, `WITH 1 AS x` repeated), so 200
    /// clauses run on a 512 KiB thread, and 300 fail with the evaluator's stack check.
    static let maximum = 200

    /// Fails with `SyntaxError` when `query` has more than ``maximum`` clauses.
    static func check(_ query: Query) throws(ServerError) {
        if count(in: query, stoppingAbove: maximum) > maximum {
            throw ServerError(
                .syntaxError,
                "The query has more than \(maximum) clauses, more than this server runs in one statement; "
                    + "split it into several statements."
            )
        }
    }

    /// Counts the `Clause` values in `subject`'s syntax tree, stopping once the count passes `limit`.
    ///
    /// It walks by reflection with an explicit stack, as ``ParameterCollector`` does, so new
    /// clause forms are counted without changes here and a deep tree does not recurse.
    static func count(in subject: Any, stoppingAbove limit: Int) -> Int {
        var count = 0
        var pending: [Any] = [subject]
        while let next = pending.popLast() {
            if next is Clause {
                count += 1
                if count > limit { return count }
            }
            if next is String || next is Int64 || next is Double || next is Bool { continue }
            pending.append(contentsOf: Mirror(reflecting: next).children.map(\.value))
        }
        return count
    }
}
