import Cypher
import GraphValue
import Host

/// One step of a query plan: it turns the rows of the previous clause into the rows of its own.
///
/// Rows flow through a plan one at a time, so a `LIMIT` stops the reading clauses before it as
/// soon as it has its rows. Steps that need all of their input first are ``EagerOperator``s:
/// updates, so that each clause reads every write of the clauses before it and none of its own,
/// as Cypher's clause-by-clause semantics require.
protocol Operator: Sendable {
    /// Builds this step for one run, feeding its output rows to `downstream`.
    func makeConsumer(_ context: ExecutionContext, downstream: any RowConsumer) throws -> any RowConsumer
    /// A one-line description for plan output and tests.
    var description: String { get }
}

extension Operator {
    /// Runs this step alone over `rows`.
    func run(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        try Pipeline.run([self], rows, context)
    }
}

/// A step that runs once over all of its input rows, after the steps before it have finished.
protocol EagerOperator: Operator {
    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row]
}

extension EagerOperator {
    func makeConsumer(_ context: ExecutionContext, downstream: any RowConsumer) throws -> any RowConsumer {
        EagerConsumer(context: context, downstream: downstream) { rows in try execute(rows, context) }
    }
}

/// The receiving end of a step for one run.
protocol RowConsumer: AnyObject {
    /// Takes one input row; returns false when the step needs no more input, because a LIMIT
    /// downstream has its rows.
    func consume(_ row: Row) throws -> Bool
    /// Ends the input; the step then emits the rows it held back and finishes downstream.
    func finish() throws
}

/// Buffers the input of an ``EagerOperator`` and runs it when the input ends.
final class EagerConsumer: RowConsumer {
    private let context: ExecutionContext
    private let downstream: any RowConsumer
    private let body: ([Row]) throws -> [Row]
    private var rows: [Row] = []

    init(context: ExecutionContext, downstream: any RowConsumer, body: @escaping ([Row]) throws -> [Row]) {
        self.context = context
        self.downstream = downstream
        self.body = body
    }

    func consume(_ row: Row) throws -> Bool {
        rows.append(row)
        try context.budget.checkCount(rows.count)
        return true
    }

    func finish() throws {
        let output = try body(rows)
        rows = []
        try Pipeline.emit(output, to: downstream, context)
        try downstream.finish()
    }
}
