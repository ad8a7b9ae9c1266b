import Cypher
import Host

/// The bound on how deeply the clauses of one statement nest their consumers at run time.
///
/// A plan runs each step as one consumer that calls, and when freed releases, the next one, so
/// the stack grows with the number of steps. Consecutive updating clauses (CREATE, MERGE, SET,
/// REMOVE, DELETE, FOREACH) run as one consumer (see `Pipeline.fusingEagerRuns`), so they count
/// as one level. Counting happens after parsing, before planning, and includes the clauses of
/// `CALL { ... }`, `FOREACH`, `UNION` parts and subquery expressions such as `EXISTS { ... }`,
/// because their consumers run inside the outer ones.
enum ClauseCount {
    /// The maximum number of levels in one statement.
    ///
    /// A row passing through a chain of streaming clauses uses about 1.5 KiB of stack per clause
    /// in a debug build (measured with Swift 6.3 on x86-64 Linux, `WITH 1 AS x` repeated), so 200
    /// clauses run on a 512 KiB thread, and 300 fail with the evaluator's stack check.
    static let maximum = 200

    /// Fails with `SyntaxError` when `query` has more than ``maximum`` levels.
    static func check(_ query: Query) throws(ServerError) {
        if count(in: query, stoppingAbove: maximum) > maximum {
            throw ServerError(
                .syntaxError,
                "The query has more than \(maximum) clauses that each run as a separate step, more than this "
                    + "server runs in one statement; split it into several statements."
            )
        }
    }

    /// Counts the levels of the clause lists in `subject`'s syntax tree, stopping once the count
    /// passes `limit`: one per clause, except that a run of consecutive updating clauses counts once.
    ///
    /// It walks by reflection with an explicit stack, as ``ParameterCollector`` does, so new
    /// clause forms are counted without changes here and a deep tree does not recurse.
    static func count(in subject: Any, stoppingAbove limit: Int) -> Int {
        var count = 0
        var pending: [Any] = [subject]
        while let next = pending.popLast() {
            if let clauses = next as? [Clause] {
                count += levels(of: clauses)
                if count > limit { return count }
            }
            if next is String || next is Int64 || next is Double || next is Bool { continue }
            pending.append(contentsOf: Mirror(reflecting: next).children.map(\.value))
        }
        return count
    }

    private static func levels(of clauses: [Clause]) -> Int {
        var levels = 0
        var previousUpdates = false
        for clause in clauses {
            let updates = isUpdating(clause)
            if !(updates && previousUpdates) { levels += 1 }
            previousUpdates = updates
        }
        return levels
    }

    /// True for the clauses that plan as one ``EagerOperator`` each.
    private static func isUpdating(_ clause: Clause) -> Bool {
        switch clause {
        case .create, .merge, .set, .remove, .delete, .foreach: true
        case .match, .unwind, .with, .return, .call, .subquery: false
        }
    }
}
