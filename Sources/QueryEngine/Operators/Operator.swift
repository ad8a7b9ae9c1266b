import Cypher
import GraphValue
import Host

/// One step of a query plan: it turns the rows of the previous clause into the rows of its own.
///
/// Operators run eagerly, a whole clause at a time, so each clause reads every write of the
/// clauses before it, as Cypher's clause-by-clause semantics require.
protocol Operator: Sendable {
    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row]
    /// A one-line description for plan output and tests.
    var description: String { get }
}
